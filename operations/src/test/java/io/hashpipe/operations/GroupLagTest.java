package io.hashpipe.operations;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Topics;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link GroupLag} against a real broker, with groups whose offsets the test commits through the admin client. */
@ExtendWith(KafkaFixture.class)
class GroupLagTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private String bootstrap;
    private Admin admin;
    private String topic;
    private String group;

    @BeforeEach
    void setUp(KafkaCluster kafka) {
        bootstrap = kafka.bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        topic = "lag." + UUID.randomUUID();
        group = "lag-" + UUID.randomUUID();
        Topics.ensure(admin, 2, topic);
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void lagIsTheRecordsAfterTheCommittedOffsetAndAPartitionWithoutACommitCountsFromItsStart() throws Exception {
        produce(0, 5);
        produce(1, 3);
        commit(Map.of(new TopicPartition(topic, 0), 2L));
        try (GroupLag lag = new GroupLag(admin, registry, List.of(group))) {
            lag.refresh();
            assertEquals(3, lag(0));
            assertEquals(3, lag(1), "no commit on partition 1: all of it");
            produce(0, 4);
            lag.refresh();
            assertEquals(7, lag(0), "lag grows while nothing consumes");
            assertTrue(lag.hasRead());
        }
        assertTrue(registry.find(ExporterMeters.GROUP_LAG).gauges().isEmpty(), "closing removes the gauges");
    }

    @Test
    void recordsOfATransactionStillOpenAreNotLagYet() throws Exception {
        produce(0, 2);
        commit(Map.of(new TopicPartition(topic, 0), 0L, new TopicPartition(topic, 1), 0L));
        try (GroupLag lag = new GroupLag(admin, registry, List.of(group));
             KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lag-" + UUID.randomUUID()))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, "open" + i)).get();
            }
            lag.refresh();
            assertEquals(2, lag(0), "the last stable offset stops before the open transaction");
            producer.commitTransaction();
            // The commit returns before the marker is written; the last stable offset moves once it is.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                lag.refresh();
                assertEquals(9, lag(0), "once committed: its six records and its commit marker (lag counts offsets)");
            });
        }
    }

    @Test
    void everyConsumerGroupWhenNoneIsNamedAndAGroupDeletedLosesItsGauges() throws Exception {
        produce(1, 4);
        commit(Map.of(new TopicPartition(topic, 1), 1L));
        try (GroupLag lag = new GroupLag(admin, registry, List.of())) {
            lag.refresh();
            assertEquals(3, lag(1));
            admin.deleteConsumerGroups(List.of(group)).all().get();
            lag.refresh();
            assertTrue(registry.find(ExporterMeters.GROUP_LAG).tag("group", group).gauges().isEmpty(), "a deleted group's gauges go");
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerFailsTheReadWithAKafkaException() {
        try (Admin nowhere = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                     AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000));
             GroupLag lag = new GroupLag(nowhere, registry, List.of(group))) {
            KafkaException e = assertThrows(KafkaException.class, lag::refresh);
            assertTrue(e.getMessage().startsWith("Reading the consumer groups' offsets failed"), e.getMessage());
            assertFalse(lag.hasRead(), "no read succeeded");
            assertTrue(registry.find(ExporterMeters.GROUP_LAG).gauges().isEmpty());
        }
    }

    private double lag(int partition) {
        Gauge gauge = registry.find(ExporterMeters.GROUP_LAG).tags("group", group, "topic", topic, "partition", Integer.toString(partition)).gauge();
        assertTrue(gauge != null, () -> "no lag gauge for partition " + partition + ": " + registry.getMetersAsString());
        return gauge.value();
    }

    private void commit(Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, commits).all().get();
    }

    private void produce(int partition, int count) throws Exception {
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, null, "r" + i)).get();
            }
        }
    }

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
