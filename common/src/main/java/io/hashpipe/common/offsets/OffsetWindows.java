package io.hashpipe.common.offsets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link OffsetWindow}s of the partitions a consumer owns now, the commits they allow, and a bound on what
 * they hold together: a stage stops fetching while there is no room for another poll's records.
 *
 * <p>A window opens when its partition is assigned and closes when it is revoked or lost; a window of the same
 * partition assigned again is a new one, so that late answers for the old one are recognised and dropped.
 *
 * <p>The consumer's thread owns it (rebalance callbacks run on that thread, inside {@code poll}).
 *
 * @param <T> what a done record hands to its commit
 */
public final class OffsetWindows<T> {

    /**
     * What one commit carries.
     *
     * @param outputs in offset order within each partition
     * @param offsets the offset to commit per partition
     * @param windows the windows the offsets are from, so that a commit noted late touches no newer window
     */
    public record Batch<T>(List<T> outputs, Map<TopicPartition, OffsetAndMetadata> offsets,
                           Map<TopicPartition, OffsetWindow<T>> windows) {
    }

    private final Map<TopicPartition, OffsetWindow<T>> windows = new HashMap<>();
    private final int maxHeldRecords;
    private final long maxHeldBytes;

    /**
     * @param maxHeldRecords how many records the windows may hold together
     * @param maxHeldBytes   how many bytes of records, beyond which there is no room for more
     */
    public OffsetWindows(int maxHeldRecords, long maxHeldBytes) {
        if (maxHeldRecords < 1 || maxHeldBytes < 1) {
            throw new IllegalArgumentException("The bound on held records (" + maxHeldRecords + ") and bytes ("
                    + maxHeldBytes + ") must be at least 1");
        }
        this.maxHeldRecords = maxHeldRecords;
        this.maxHeldBytes = maxHeldBytes;
    }

    /** Opens a window for each partition that has none. */
    public void open(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            windows.computeIfAbsent(partition, OffsetWindow::new);
        }
    }

    /** Closes the partitions' windows (revoked or lost): what they hold is no longer counted or committed. */
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            OffsetWindow<T> window = windows.remove(partition);
            if (window != null) {
                window.close();
            }
        }
    }

    /** The open window of {@code partition}; null when it is not owned. */
    public OffsetWindow<T> window(TopicPartition partition) {
        return windows.get(partition);
    }

    /** Whether {@code window} is open (not one closed since, whose partition may have a newer window). */
    public boolean owns(OffsetWindow<T> window) {
        return windows.get(window.partition()) == window;
    }

    /** The partitions with an open window. */
    public Set<TopicPartition> partitions() {
        return Collections.unmodifiableSet(windows.keySet());
    }

    /** Takes a record into its partition's window; returns the window, or null when the partition is not owned. */
    public OffsetWindow<T> take(TopicPartition partition, long offset, int bytes) {
        OffsetWindow<T> window = windows.get(partition);
        if (window != null) {
            window.take(offset, bytes);
        }
        return window;
    }

    /** Marks a record done with nothing for its commit; false when it was not in flight in an open window. */
    public boolean done(TopicPartition partition, long offset) {
        OffsetWindow<T> window = windows.get(partition);
        return window != null && window.done(offset);
    }

    /** Notes the consumer's positions, such as a poll's {@code ConsumerRecords.nextOffsets()}. */
    public void positionsAt(Map<TopicPartition, OffsetAndMetadata> positions) {
        positions.forEach((partition, position) -> {
            OffsetWindow<T> window = windows.get(partition);
            if (window != null) {
                window.positionAt(position.offset());
            }
        });
    }

    /** Records held by the open windows. */
    public int held() {
        return windows.values().stream().mapToInt(OffsetWindow::held).sum();
    }

    /** Bytes of records held by the open windows. */
    public long heldBytes() {
        return windows.values().stream().mapToLong(OffsetWindow::heldBytes).sum();
    }

    /** Outputs that may be committed now, over the open windows. */
    public int readyCount() {
        return windows.values().stream().mapToInt(OffsetWindow::readyCount).sum();
    }

    /** Whether {@code records} more stay within the bound on held records, and the held bytes are below theirs. */
    public boolean hasRoomFor(int records) {
        return held() + (long) records <= maxHeldRecords && heldBytes() < maxHeldBytes;
    }

    /** What may be committed now from every open window, with at most {@code maxOutputs} outputs. */
    public Batch<T> toCommit(int maxOutputs) {
        return toCommit(windows.keySet(), maxOutputs);
    }

    /**
     * What may be committed now from the partitions' open windows: up to {@code maxOutputs} outputs, and the
     * offset of each window that has outputs to commit or whose position moved past its last commit.
     */
    public Batch<T> toCommit(Collection<TopicPartition> partitions, int maxOutputs) {
        List<T> outputs = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        Map<TopicPartition, OffsetWindow<T>> from = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetWindow<T> window = windows.get(partition);
            OffsetWindow.Ready<T> ready = window == null ? null : window.ready(maxOutputs - outputs.size());
            if (ready != null) {
                outputs.addAll(ready.outputs());
                offsets.put(partition, new OffsetAndMetadata(ready.commitOffset()));
                from.put(partition, window);
            }
        }
        return new Batch<>(outputs, offsets, from);
    }

    /** Notes that {@code batch} was committed, in the windows it came from that are still open. */
    public void committed(Batch<T> batch) {
        batch.offsets().forEach((partition, offset) -> {
            OffsetWindow<T> window = batch.windows().get(partition);
            if (owns(window)) {
                window.committed(offset.offset());
            }
        });
    }
}
