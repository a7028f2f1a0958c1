package io.hashpipe.bench;

import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fills a results topic with synthetic results for saver benchmarks: unique ids and a fixed,
 * well-formed bcrypt string that was not computed for them (the saver does not verify hashes).
 */
public final class ResultGenerator {

    /** A syntactically valid cost-4 bcrypt hash, the same for every synthetic result. */
    static final String HASH = "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS";

    private ResultGenerator() {
    }

    /** Sends {@code count} results to {@code topic} (idempotent producer, acks=all) and waits for all of them. */
    public static void produce(Map<String, Object> clientProps, String topic, int count) {
        Map<String, Object> props = new java.util.HashMap<>(clientProps);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                String id = "synthetic-" + run + "-" + i;
                Result result = new Result(id, HASH, 4, Instant.now(), 0, "replay-generator");
                producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), Json.toBytes(result)));
            }
            producer.flush();
        }
    }
}
