package io.hashpipe.saver.internals;

import io.hashpipe.common.offsets.OffsetWindow;
import io.hashpipe.common.offsets.OffsetWindows;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the positions of the {@link OffsetWindows}: without blocking while running, synchronously when
 * partitions are revoked and on shutdown. Only points that moved are sent.
 *
 * <p>Confined to the consumer's thread, like the consumer itself.
 */
final class Committer {

    private static final Logger log = LoggerFactory.getLogger(Committer.class);
    private static final Duration POSITION_TIMEOUT = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final OffsetWindows<Void> windows;
    /** Background commits failed since the last one that succeeded (callbacks run on the consumer's thread). */
    private int failuresInARow;

    Committer(Consumer<byte[], byte[]> consumer, OffsetWindows<Void> windows) {
        this.consumer = consumer;
        this.windows = windows;
    }

    /** Commits every owned partition's position in the background; a failure is covered by the next commit. */
    void commitAsync() {
        refreshPositions(windows.partitions());
        OffsetWindows.Batch<Void> batch = windows.toCommit(0);
        Map<TopicPartition, OffsetAndMetadata> offsets = batch.offsets();
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, e) -> {
            if (e == null) {
                windows.committed(batch);
                if (failuresInARow > 0) {
                    log.info("Commits succeed again ({} failed in a row)", failuresInARow);
                    failuresInARow = 0;
                }
            } else if (failuresInARow++ == 0) {
                // One line per run of failures: while the broker is away every commit fails, once a second.
                log.warn("Commit of {} failed (the next commit covers it; further failures are logged at debug until one succeeds): {}",
                        offsets, e.toString());
            } else {
                log.debug("Commit of {} failed again: {}", offsets, e.toString());
            }
        });
    }

    /** Commits the partitions' points and waits; on failure their records will be stored again (idempotently). */
    void commitSync(Collection<TopicPartition> partitions) {
        refreshPositions(partitions);
        OffsetWindows.Batch<Void> batch = windows.toCommit(partitions, 0);
        Map<TopicPartition, OffsetAndMetadata> offsets = batch.offsets();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            windows.committed(batch);
            log.debug("Committed {}", offsets);
        } catch (KafkaException e) {
            log.warn("Commit of {} failed; the next owner will store those records again (idempotently): {}", offsets, e.toString());
        }
    }

    /**
     * Moves idle windows past transaction markers that came after their last record (a poll's next offsets may
     * not have told them): everything below the consumer's position was taken.
     */
    private void refreshPositions(Collection<TopicPartition> partitions) {
        Set<TopicPartition> assigned = consumer.assignment();
        for (TopicPartition tp : partitions) {
            OffsetWindow<Void> window = windows.window(tp);
            if (assigned.contains(tp) && window != null && window.started() && window.inFlight() == 0) {
                try {
                    window.positionAt(consumer.position(tp, POSITION_TIMEOUT));
                } catch (KafkaException e) {
                    log.debug("No position for {} yet: {}", tp, e.toString());
                }
            }
        }
    }
}
