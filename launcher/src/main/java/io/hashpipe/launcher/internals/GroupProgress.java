package io.hashpipe.launcher.internals;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's progress over one topic, read through the admin client: the end offsets to reach
 * (taken once, at start), and how far the group's committed offsets are from them.
 *
 * <p>For a transactional stage (the hasher), a committed offset means its results are committed too. For a
 * share group, a partition's progress is the end offset less the group's lag there (records not acknowledged).
 */
public final class GroupProgress {

    private final Admin admin;
    private final String group;
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
            Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> end = offsets(admin, partitions);
            if (fromBeginning) {
                Map<TopicPartition, Long> earliest = offsets(admin, partitions.keySet().stream()
                        .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.earliest())));
                if (share) {
                    admin.alterShareGroupOffsets(group, earliest).all().get();
                } else {
                    admin.alterConsumerGroupOffsets(group, earliest.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())))).all().get();
                }
            }
            GroupProgress progress = new GroupProgress(admin, group, share, new HashMap<>(), end);
            progress.start.putAll(progress.committed(true));
            return progress;
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
        Map<TopicPartition, Long> committed = committed(false);
        long remaining = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            remaining += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), start.get(e.getKey())));
        }
        return remaining;
    }

    /** Records the group committed since start. */
    public long done() {
        Map<TopicPartition, Long> committed = committed(false);
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

    /** The group's committed offset per partition; a partition without one counts from its earliest offset at start. */
    private Map<TopicPartition, Long> committed(boolean atStart) {
        try {
            Map<TopicPartition, Long> committed = share ? shareStartOffsets() : new HashMap<>();
            if (!share) {
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((partition, offset) -> {
                    if (offset != null && end.containsKey(partition)) {
                        committed.put(partition, offset.offset());
                    }
                });
            }
            if (atStart) {
                Map<TopicPartition, Long> earliest = offsets(admin, end.keySet().stream()
                        .filter(p -> !committed.containsKey(p)).collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.earliest())));
                committed.putAll(earliest);
            }
            return committed;
        } catch (ExecutionException e) {
            throw new KafkaException("Reading the committed offsets of group " + group + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted", e);
        }
    }

    /**
     * Per partition of the topic, the offset below which the share group has acknowledged as many records as
     * a consumer group's committed offset says: the end offset taken at start less the group's lag (records
     * not acknowledged yet), or its start offset when the broker gives no lag. A partition it never read has none.
     */
    private Map<TopicPartition, Long> shareStartOffsets() throws ExecutionException, InterruptedException {
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

    private static Map<TopicPartition, Long> offsets(Admin admin, Map<TopicPartition, OffsetSpec> specs)
            throws ExecutionException, InterruptedException {
        if (specs.isEmpty()) {
            return new HashMap<>();
        }
        Map<TopicPartition, ListOffsetsResultInfo> infos = admin.listOffsets(specs).all().get();
        return infos.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
