package io.hashpipe.saver.testing;

import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.testkit.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The saver tests' topic chores: testkit's, plus results to store. */
public final class TestTopics extends KafkaTopics {

    public TestTopics(String bootstrap) {
        super(bootstrap);
    }

    /** Creates the topic and waits until its partitions are served. */
    public void create(String topic, int partitions) {
        create(partitions, topic);
    }

    /** Writes {@code count} results keyed by their ids {@code prefix-0..}; returns the ids. */
    public List<String> produceResults(String topic, String prefix, int count) {
        List<String> ids = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            Result result = new Result(id, "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS", 4, Instant.now(), 1234, "test");
            records.add(new ProducerRecord<>(topic, id, Json.toBytes(result)));
            ids.add(id);
        }
        send(records);
        return ids;
    }

    /** Writes one record with a raw value. */
    public void produceRaw(String topic, String key, String value) {
        send(List.of(new ProducerRecord<>(topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8))));
    }
}
