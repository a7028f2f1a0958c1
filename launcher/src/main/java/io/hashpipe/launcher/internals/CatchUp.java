package io.hashpipe.launcher.internals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a consumer group has caught up with a topic's end as it was when the replay started: its
 * committed offsets reach the last stable offsets read at start (what a read_committed consumer can reach).
 */
public final class CatchUp {

    private final Admin admin;
    private final String group;
    /** Last stable offset per partition at start. */
    private final Map<TopicPartition, Long> ends;

    private CatchUp(Admin admin, String group, Map<TopicPartition, Long> ends) {
        this.admin = admin;
        this.group = group;
        this.ends = ends;
    }

    /** Reads the topic's end offsets now; optionally moves the (idle) group back to the topic's beginning. */
    public static CatchUp start(Admin admin, String topic, String group, boolean fromBeginning) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
            if (fromBeginning) {
                Map<TopicPartition, OffsetAndMetadata> starts = offsets(admin, partitions, OffsetSpec.earliest()).entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
                admin.alterConsumerGroupOffsets(group, starts).all().get();
            }
            return new CatchUp(admin, group, ends);
        } catch (ExecutionException e) {
            throw new KafkaException("Cannot read the offsets of " + topic + " or reset group " + group
                    + " (a group must have no running members to be reset): " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while reading the offsets of " + topic, e);
        }
    }

    /** Offsets the group must commit in all: the sum of the end offsets (transaction markers included). */
    public long endTotal() {
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether every partition's committed offset has reached its end offset at start. */
    public boolean caughtUp() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getValue() == 0) {
                continue;
            }
            OffsetAndMetadata at = committed.get(end.getKey());
            if (at == null || at.offset() < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
