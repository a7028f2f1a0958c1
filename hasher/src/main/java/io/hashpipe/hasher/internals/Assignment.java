package io.hashpipe.hasher.internals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions this hasher owns now and their progress: what the rebalance listener adds and drops,
 * and what the next transaction may commit. The poll thread's alone.
 */
final class Assignment {

    /**
     * The outputs and offsets of one transaction.
     *
     * @param outputs in offset order within each partition
     * @param offsets the offset to commit per partition
     * @param states  the partitions' states as they were when the batch was taken
     */
    record Batch(List<Output> outputs, Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, PartitionState> states) {
        boolean isEmpty() {
            return outputs.isEmpty();
        }
    }

    private final Map<TopicPartition, PartitionState> states = new HashMap<>();

    /** Starts tracking newly assigned partitions. */
    void assign(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            states.computeIfAbsent(partition, PartitionState::new);
        }
    }

    /** Stops tracking partitions that are revoked or lost; their queued and running hashes are dropped. */
    void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            PartitionState state = states.remove(partition);
            if (state != null) {
                state.revoke();
            }
        }
    }

    /** The state of an owned partition, or null when it is not owned. */
    PartitionState get(TopicPartition partition) {
        return states.get(partition);
    }

    /** Whether {@code state} is the current state of its partition (not a dropped one). */
    boolean owns(PartitionState state) {
        return states.get(state.partition) == state;
    }

    /** Records fetched and not yet committed, over every partition. */
    int pendingCount() {
        int count = 0;
        for (PartitionState state : states.values()) {
            count += state.offsets.pendingCount();
        }
        return count;
    }

    /** Value bytes of the records fetched and not yet committed. */
    long pendingBytes() {
        long bytes = 0;
        for (PartitionState state : states.values()) {
            bytes += state.offsets.pendingBytes();
        }
        return bytes;
    }

    /** Outputs that may be committed now, over every partition. */
    int readyCount() {
        int count = 0;
        for (PartitionState state : states.values()) {
            count += state.offsets.readyCount();
        }
        return count;
    }

    /** Up to {@code limit} committable outputs with their offsets. */
    Batch ready(int limit) {
        List<Output> outputs = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        Map<TopicPartition, PartitionState> taken = new HashMap<>();
        for (PartitionState state : states.values()) {
            PartitionOffsets.Ready<Output> ready = state.offsets.ready(limit - outputs.size());
            if (ready != null) {
                outputs.addAll(ready.outputs());
                offsets.put(state.partition, new OffsetAndMetadata(ready.commitOffset()));
                taken.put(state.partition, state);
            }
        }
        return new Batch(outputs, offsets, taken);
    }

    /** Forgets what {@code batch} committed. */
    void committed(Batch batch) {
        batch.offsets().forEach((partition, offset) -> {
            PartitionState state = batch.states().get(partition);
            if (owns(state)) {
                state.offsets.committed(offset.offset());
            }
        });
    }
}
