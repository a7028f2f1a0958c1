package io.hashpipe.saver.internals;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The window of records taken from Kafka but not yet committed: per partition, which offsets are still
 * unacknowledged, so that the commit point never passes one of them while acknowledged records after a gap
 * wait only for the gap.
 *
 * <p>Not thread-safe: the consumer's thread owns it. Acknowledging an unknown offset (already acknowledged,
 * or of a partition forgotten after a revoke) does nothing, so late and repeated acknowledgements are safe.
 */
public final class OffsetTracker {

    /** Tracked partitions; a partition appears with its first record and leaves when forgotten. */
    private final Map<TopicPartition, PartitionWindow> windows = new HashMap<>();
    /** Records taken and not yet acknowledged, over all partitions. */
    private int bufferedRecords;
    /** Value and key bytes of those records. */
    private long bufferedBytes;

    /** Registers a record taken from the consumer; offsets of one partition must arrive in increasing order. */
    public void taken(TopicPartition tp, long offset, int bytes) {
        PartitionWindow window = windows.computeIfAbsent(tp, k -> new PartitionWindow());
        if (offset < window.next) {
            throw new IllegalArgumentException("Offset " + offset + " of " + tp + " was taken after " + (window.next - 1));
        }
        if (window.first < 0) {
            window.first = offset;
        }
        window.pending.put(offset, bytes);
        window.next = offset + 1;
        bufferedRecords++;
        bufferedBytes += bytes;
    }

    /** Marks a record as done (stored, or sent to the dead letters); returns whether it was pending. */
    public boolean acked(TopicPartition tp, long offset) {
        PartitionWindow window = windows.get(tp);
        if (window == null) {
            return false;
        }
        Integer bytes = window.pending.remove(offset);
        if (bytes == null) {
            return false;
        }
        bufferedRecords--;
        bufferedBytes -= bytes;
        return true;
    }

    /**
     * Records the consumer's position of {@code tp}: every offset below it has been taken (or was a
     * transaction marker), so with nothing pending the commit point may move up to it.
     */
    public void positionAt(TopicPartition tp, long position) {
        PartitionWindow window = windows.get(tp);
        if (window != null && position > window.next) {
            window.next = position;
        }
    }

    /** The offset to commit for {@code tp}: its lowest unacknowledged record, or the next one when none is pending. */
    public long commitPoint(TopicPartition tp) {
        PartitionWindow window = windows.get(tp);
        if (window == null) {
            throw new IllegalArgumentException("Partition " + tp + " is not tracked");
        }
        return window.pending.isEmpty() ? window.next : window.pending.firstKey();
    }

    /** Commit points that moved since {@link #committed} last recorded them, for the given partitions. */
    public Map<TopicPartition, OffsetAndMetadata> toCommit(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionWindow window = windows.get(tp);
            if (window != null) {
                long point = commitPoint(tp);
                if (point > window.committed) {
                    offsets.put(tp, new OffsetAndMetadata(point));
                }
            }
        }
        return offsets;
    }

    /** Commit points that moved, for every tracked partition. */
    public Map<TopicPartition, OffsetAndMetadata> toCommit() {
        return toCommit(windows.keySet());
    }

    /** Notes that these offsets were committed, so they are not sent again. */
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> {
            PartitionWindow window = windows.get(tp);
            if (window != null && om.offset() > window.committed) {
                window.committed = om.offset();
            }
        });
    }

    /** Drops the partitions' windows (after a revoke); their pending records no longer count. */
    public void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionWindow window = windows.remove(tp);
            if (window != null) {
                bufferedRecords -= window.pending.size();
                bufferedBytes -= window.pending.values().stream().mapToLong(Integer::longValue).sum();
            }
        }
    }

    /**
     * Offsets of {@code tp} from the last commit noted by {@link #committed} up to the offset after the last
     * one taken (or the position): taken, and not committed yet, pending or not. Before the window's first
     * commit they are counted from its first record. 0 when untracked.
     */
    public long uncommitted(TopicPartition tp) {
        PartitionWindow window = windows.get(tp);
        return window == null ? 0 : window.next - Math.max(window.committed, window.first);
    }

    /** The partitions that have a window. */
    public Collection<TopicPartition> partitions() {
        return windows.keySet();
    }

    /** Records pending in {@code tp}, 0 when untracked. */
    public int pending(TopicPartition tp) {
        PartitionWindow window = windows.get(tp);
        return window == null ? 0 : window.pending.size();
    }

    public int bufferedRecords() {
        return bufferedRecords;
    }

    public long bufferedBytes() {
        return bufferedBytes;
    }

    /**
     * One partition's pending offsets (to their sizes), the offset after the last one taken, the last commit
     * point noted and the first offset taken.
     */
    private static final class PartitionWindow {
        final TreeMap<Long, Integer> pending = new TreeMap<>();
        long next;
        long committed = -1;
        long first = -1;
    }
}
