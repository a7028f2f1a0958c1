package io.hashpipe.saver.internals;

import org.apache.kafka.common.TopicPartition;

/**
 * A record that is done with: acknowledged by the database API, or acknowledged by the dead-letter topic.
 * Its offset may be committed once every record before it is done too.
 */
public record Ack(TopicPartition partition, long offset) {
}
