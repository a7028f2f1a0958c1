package io.hashpipe.hasher.internals;

import io.hashpipe.common.Task;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A decoded task handed to a worker, with where it came from. */
record Job(PartitionState partition, ConsumerRecord<byte[], byte[]> record, Task task) {
}
