package io.hashpipe.hasher.internals;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A decoded task handed to a worker, with where it came from.
 *
 * @param batchKey the processor's {@link io.hashpipe.api.BatchingProcessor#batchKey}: jobs with equal keys may be
 *                 processed together; null for a job processed alone
 */
record Job(PartitionState partition, ConsumerRecord<byte[], byte[]> record, StageTask task, Object batchKey) {
}
