package io.hashpipe.bench;

import io.hashpipe.common.GroupOffsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's progress over one topic, for the replays: the end offsets to reach (the last stable
 * offsets, what a read_committed consumer can reach, taken once at start), and how far the group's committed
 * offsets ({@link GroupOffsets}) are from them.
 *
 * <p>For a transactional stage (the hasher), a committed offset means its results are committed too. For a
 * share group, a partition's progress is the end offset less the group's lag there (records not acknowledged).
 */
public final class GroupProgress {

    private final Admin admin;
    private final String group;
    /** Where the group stood at start: its committed offset, or the partition's start where it had none. */
    private final Map<TopicPartition, Long> start;
    private final Map<TopicPartition, Long> end;
    /** A share group rather than a consumer group. */
    private final boolean share;

    private GroupProgress(Admin admin, String group, boolean share, Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        this.admin = admin;
        this.group = group;
        this.share = share;
        this.start = start;
        this.end = end;
    }

    /**
     * Takes the end offsets of {@code topic} now. With {@code fromBeginning}, first rewinds {@code group}
     * (which must have no active member) to the beginning of the topic.
     */
    public static GroupProgress begin(Admin admin, String group, String topic, boolean fromBeginning) {
        return begin(admin, group, topic, fromBeginning, false);
    }

    /** Like {@link #begin(Admin, String, String, boolean)}, for a share group when {@code share}. */
    public static GroupProgress begin(Admin admin, String group, String topic, boolean fromBeginning, boolean share) {
        try {
            List<TopicPartition> partitions = GroupOffsets.partitions(admin, topic);
            Map<TopicPartition, Long> end = GroupOffsets.ends(admin, partitions);
            if (fromBeginning && share) {
                admin.alterShareGroupOffsets(group, GroupOffsets.starts(admin, partitions)).all().get();
            } else if (fromBeginning) {
                GroupOffsets.rewind(admin, group, partitions);
            }
            Map<TopicPartition, Long> start = committedAndInTopic(admin, group, share, end);
            start.putAll(GroupOffsets.starts(admin, partitions.stream().filter(p -> !start.containsKey(p)).toList()));
            return new GroupProgress(admin, group, share, start, end);
        } catch (ExecutionException e) {
            throw new KafkaException("Reading the offsets of " + topic + " for group " + group + " failed: "
                    + e.getCause().getMessage() + (fromBeginning ? " (--from-beginning needs a group with no running member)" : ""), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted", e);
        }
    }

    /** Records the group has yet to commit to reach the end offsets taken at start. */
    public long remaining() {
        Map<TopicPartition, Long> committed = committed();
        long remaining = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            remaining += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), start.get(e.getKey())));
        }
        return remaining;
    }

    /** Whether the group's committed offsets have reached every end offset taken at start. */
    public boolean caughtUp() {
        return remaining() == 0;
    }

    /** Records the group committed since start. */
    public long done() {
        Map<TopicPartition, Long> committed = committed();
        long done = 0;
        for (Map.Entry<TopicPartition, Long> e : start.entrySet()) {
            done += Math.max(0, committed.getOrDefault(e.getKey(), e.getValue()) - e.getValue());
        }
        return done;
    }

    /** Records to replay in all: from where the group stood at start to the end offsets at start. */
    public long total() {
        long total = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            total += Math.max(0, e.getValue() - start.get(e.getKey()));
        }
        return total;
    }

    /** The sum of the end offsets taken at start (transaction markers included). */
    public long endTotal() {
        return end.values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> committed() {
        try {
            return committedAndInTopic(admin, group, share, end);
        } catch (ExecutionException e) {
            throw new KafkaException("Reading the committed offsets of group " + group + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted", e);
        }
    }

    /** The group's committed offsets (a share group's: {@link #shareProgress}) on the partitions of {@code end}. */
    private static Map<TopicPartition, Long> committedAndInTopic(Admin admin, String group, boolean share, Map<TopicPartition, Long> end)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> committed = share ? shareProgress(admin, group, end) : new HashMap<>(GroupOffsets.committed(admin, group));
        committed.keySet().retainAll(end.keySet());
        return committed;
    }

    /**
     * Per partition of {@code end}, the offset below which the share group has acknowledged as many records as a
     * consumer group's committed offset says: the end offset taken at start less the group's lag (records not
     * acknowledged yet), or its start offset when the broker gives no lag. A partition it never read has none.
     */
    private static Map<TopicPartition, Long> shareProgress(Admin admin, String group, Map<TopicPartition, Long> end)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> started = new HashMap<>();
        Map<TopicPartition, SharePartitionOffsetInfo> infos = admin.listShareGroupOffsets(
                Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(end.keySet()))).partitionsToOffsetInfo(group).get();
        infos.forEach((partition, info) -> {
            if (info != null && info.startOffset() >= 0 && end.containsKey(partition)) {
                // The start offset the share coordinator persists lags behind what is acknowledged; the lag is
                // what is not acknowledged yet, so the end offset less it counts as done.
                long done = info.lag().map(lag -> Math.max(info.startOffset(), end.get(partition) - lag)).orElse(info.startOffset());
                started.put(partition, done);
            }
        });
        return started;
    }
}
