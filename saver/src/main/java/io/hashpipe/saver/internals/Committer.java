package io.hashpipe.saver.internals;

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
 * Commits the {@link OffsetTracker}'s commit points: without blocking while running, synchronously when
 * partitions are revoked and on shutdown. Only points that moved are sent.
 *
 * <p>Confined to the consumer's thread, like the consumer itself.
 */
final class Committer {

    private static final Logger log = LoggerFactory.getLogger(Committer.class);
    private static final Duration POSITION_TIMEOUT = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final OffsetTracker tracker;
    /** Background commits failed since the last one that succeeded (callbacks run on the consumer's thread). */
    private int failuresInARow;

    Committer(Consumer<byte[], byte[]> consumer, OffsetTracker tracker) {
        this.consumer = consumer;
        this.tracker = tracker;
    }

    /** Commits every tracked partition's point in the background; a failure is covered by the next commit. */
    void commitAsync() {
        refreshPositions(tracker.partitions());
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.toCommit();
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, e) -> {
            if (e == null) {
                tracker.committed(committed);
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
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.toCommit(partitions);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            tracker.committed(offsets);
            log.debug("Committed {}", offsets);
        } catch (KafkaException e) {
            log.warn("Commit of {} failed; the next owner will store those records again (idempotently): {}", offsets, e.toString());
        }
    }

    /** Moves commit points past transaction markers: everything below the consumer's position was taken. */
    private void refreshPositions(Collection<TopicPartition> partitions) {
        Set<TopicPartition> assigned = consumer.assignment();
        for (TopicPartition tp : partitions) {
            if (assigned.contains(tp) && tracker.pending(tp) == 0) {
                try {
                    tracker.positionAt(tp, consumer.position(tp, POSITION_TIMEOUT));
                } catch (KafkaException e) {
                    log.debug("No position for {} yet: {}", tp, e.toString());
                }
            }
        }
    }
}
