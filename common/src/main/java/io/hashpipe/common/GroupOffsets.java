package io.hashpipe.common;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer groups' committed offsets and the partitions' ends as the brokers hold them, read through the
 * admin client: the one reader of committed-offset lag (the exporter's gauges, the replays' progress).
 * Unlike a consumer's own {@link FetchLag}, it is there while every consumer of the group is down.
 *
 * <p>Ends are read_committed: the last stable offset, what hashpipe's read_committed consumers can reach
 * (records of a transaction still open are not counted yet). Callers wrap the admin client's failures with
 * what they were reading for.
 */
public final class GroupOffsets {

    private GroupOffsets() {
    }

    /** The partitions of {@code topic}. */
    public static List<TopicPartition> partitions(Admin admin, String topic) throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** The group's committed offset per partition; partitions it never committed on are absent. */
    public static Map<TopicPartition, Long> committed(Admin admin, String group) throws ExecutionException, InterruptedException {
        return committed(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
    }

    /** The offsets of an admin answer, without the partitions that have none. */
    public static Map<TopicPartition, Long> committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    /** The last stable offset of each partition. */
    public static Map<TopicPartition, Long> ends(Admin admin, Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        return offsets(admin, partitions, OffsetSpec.latest());
    }

    /** The log start offset of each partition. */
    public static Map<TopicPartition, Long> starts(Admin admin, Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        return offsets(admin, partitions, OffsetSpec.earliest());
    }

    /** Moves {@code group} (which must have no running member) to the start of each partition. */
    public static void rewind(Admin admin, String group, Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
        starts(admin, partitions).forEach((partition, offset) -> starts.put(partition, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, starts).all().get();
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        if (partitions.isEmpty()) {
            return new HashMap<>();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
