package io.hashpipe.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.KafkaClientMeters;
import io.hashpipe.common.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link KafkaClientMeters} against a real broker: a consumer of a topic whose name has dots. */
class KafkaClientMetersTest {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 7;
    private static final String CONSUMED = "kafka.consumer.fetch.manager.records.consumed.total";
    private static final String LAG = "kafka.consumer.fetch.manager.records.lag";

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = Brokers.started(new EmbeddedBrokerConfig(Map.of(EmbeddedBrokerConfig.PORT, "0", EmbeddedBrokerConfig.DATA_DIR, "")));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void eachTopicAndPartitionMetricOfAConsumerIsReportedOnceUnderTheTopicsName() {
        String topic = "meters.test." + UUID.randomUUID();
        String twin = topic.replace('.', '_');
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Topics.ensure(admin, PARTITIONS, topic);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, "r" + i));
            }
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "meters-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
             KafkaClientMeters meters = new KafkaClientMeters(registry)) {
            meters.bind(consumer);
            consumer.subscribe(List.of(topic));
            int[] polled = {0};
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                polled[0] += consumer.poll(Duration.ofMillis(200)).count();
                return polled[0] == RECORDS && registry.find(LAG).gauges().size() >= PARTITIONS;
            });

            assertTrue(consumer.metrics().keySet().stream().map(MetricName::tags).anyMatch(tags -> twin.equals(tags.get("topic"))),
                    "Kafka keeps the deprecated twins (KIP-1109) that the meters leave out");
            Set<String> topicTags = new TreeSet<>();
            registry.getMeters().forEach(meter -> {
                String tag = meter.getId().getTag("topic");
                if (tag != null) {
                    topicTags.add(tag);
                }
            });
            assertEquals(Set.of(topic), topicTags, "the topic tags of the consumer's meters");
            assertEquals(RECORDS, registry.find(CONSUMED).tag("topic", topic).functionCounter().count(),
                    "records consumed from the topic, counted once");
            assertEquals(PARTITIONS, registry.find(LAG).gauges().size(), "one lag gauge per partition");
        }
    }
}
