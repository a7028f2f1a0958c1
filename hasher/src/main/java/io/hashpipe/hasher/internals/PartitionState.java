package io.hashpipe.hasher.internals;

import org.apache.kafka.common.TopicPartition;

/**
 * One assigned partition's progress. A new object per assignment, so that hashes still running for a
 * previous assignment of the same partition are recognised and dropped.
 */
public final class PartitionState {

    /** The partition. */
    final TopicPartition partition;
    /** Offsets and outputs; the poll thread's alone. */
    final PartitionOffsets<Output> offsets = new PartitionOffsets<>();
    /** Set by the poll thread when the partition is revoked or lost; workers skip its queued tasks. */
    private volatile boolean revoked;

    PartitionState(TopicPartition partition) {
        this.partition = partition;
    }

    void revoke() {
        revoked = true;
    }

    boolean revoked() {
        return revoked;
    }

    @Override
    public String toString() {
        return partition + (revoked ? " (revoked)" : "");
    }
}
