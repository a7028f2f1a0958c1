package io.hashpipe.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hashpipe.common.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Topics#ensure} against a real broker. */
class TopicsTest {

    private static EmbeddedBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = Brokers.started(new EmbeddedBrokerConfig(Map.of(EmbeddedBrokerConfig.PORT, "0", EmbeddedBrokerConfig.DATA_DIR, "")));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void missingTopicsAreCreatedWithThePartitionsAndExistingOnesLeftAlone() throws Exception {
        String existing = "existing-" + UUID.randomUUID();
        String missing = "missing-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(existing, 2, (short) 1))).all().get();

        Topics.ensure(admin, 7, existing, missing);

        var topics = admin.describeTopics(List.of(existing, missing)).allTopicNames().get();
        assertEquals(2, topics.get(existing).partitions().size());
        assertEquals(7, topics.get(missing).partitions().size());
    }

    /** The KAFKA-15591 window: many requests in flight to partitions created a moment ago. */
    @Test
    void everyPartitionAcceptsIdempotentSendsRightAfterEnsure() throws Exception {
        for (int round = 0; round < 3; round++) {
            String topic = "fresh-" + UUID.randomUUID();
            Topics.ensure(admin, 12, topic);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                    new StringSerializer(), new StringSerializer())) {
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    sends.add(producer.send(new ProducerRecord<>(topic, i % 12, null, "v" + i)));
                }
                for (Future<RecordMetadata> send : sends) {
                    send.get(30, TimeUnit.SECONDS);
                }
            }
        }
    }
}
