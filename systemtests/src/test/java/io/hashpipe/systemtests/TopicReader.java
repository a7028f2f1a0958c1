package io.hashpipe.systemtests;

import io.hashpipe.common.Json;
import io.hashpipe.common.Task;
import io.hashpipe.testkit.KafkaTopics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a topic as a read_committed consumer would, up to its last stable offsets as they are now. */
final class TopicReader {

    private TopicReader() {
    }

    /** Every committed record of {@code topic} (of {@code partitions} partitions), in no particular order. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int partitions) throws Exception {
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            List<ConsumerRecord<byte[], byte[]>> records = topics.readAll(topic);
            if (topics.endOffsets(topic).size() != partitions) {
                throw new AssertionError(topic + " has not " + partitions + " partitions");
            }
            return records;
        }
    }

    /** Every committed task of {@code topic} (of {@code partitions} partitions), in no particular order. */
    static List<Task> tasks(String bootstrap, String topic, int partitions) throws Exception {
        List<Task> tasks = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(bootstrap, topic, partitions)) {
            tasks.add(Json.fromBytes(record.value(), Task.class));
        }
        return tasks;
    }
}
