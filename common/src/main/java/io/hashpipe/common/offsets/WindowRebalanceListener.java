package io.hashpipe.common.offsets;

import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;

/**
 * Keeps a stage's {@link OffsetWindows} in step with its group: opens a window for each partition assigned;
 * before revoked partitions' windows close, lets the stage commit what they allow (they close even when that
 * fails); closes lost partitions' windows with no commit, another member owning them already.
 *
 * <p>Its callbacks run on the consumer's thread, inside {@code poll}, like every other use of the windows.
 */
public final class WindowRebalanceListener implements ConsumerRebalanceListener {

    /** What a stage does when its partitions change, around the windows' own bookkeeping. */
    @FunctionalInterface
    public interface Stage {

        /** These partitions are revoked and still owned: commit what their windows allow. */
        void revoking(Collection<TopicPartition> partitions);

        /** These partitions' windows are open. */
        default void opened(Collection<TopicPartition> partitions) {
        }

        /** These partitions are lost: stop their work, none of which may be committed. */
        default void losing(Collection<TopicPartition> partitions) {
        }

        /** These partitions' windows are closed (revoked or lost). */
        default void closed(Collection<TopicPartition> partitions) {
        }
    }

    private final OffsetWindows<?> windows;
    private final Stage stage;
    /** The stage's logger, so that the lines name the stage. */
    private final Logger log;

    public WindowRebalanceListener(OffsetWindows<?> windows, Stage stage, Logger log) {
        this.windows = windows;
        this.stage = stage;
        this.log = log;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        windows.open(partitions);
        stage.opened(partitions);
        if (!partitions.isEmpty()) {
            log.info("Assigned {}", partitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        log.info("Revoked {}", partitions);
        try {
            stage.revoking(partitions);
        } finally {
            close(partitions);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        log.warn("Lost {} (another member owns them now): their unfinished records are not committed, their next owner"
                + " reads them again", partitions);
        try {
            stage.losing(partitions);
        } finally {
            close(partitions);
        }
    }

    private void close(Collection<TopicPartition> partitions) {
        windows.close(partitions);
        stage.closed(partitions);
    }
}
