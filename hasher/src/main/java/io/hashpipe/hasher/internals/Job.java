package io.hashpipe.hasher.internals;

import io.hashpipe.common.offsets.OffsetWindow;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A decoded task handed to a worker, with where it came from.
 *
 * @param window   the window of the task's partition: a closed one (revoked or lost) means the task is skipped
 * @param batchKey the processor's {@link io.hashpipe.api.BatchingProcessor#batchKey}: jobs with equal keys may be
 *                 processed together; null for a job processed alone
 */
record Job(OffsetWindow<Output> window, ConsumerRecord<byte[], byte[]> record, StageTask task, Object batchKey) {
}
