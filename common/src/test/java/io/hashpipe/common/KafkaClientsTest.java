package io.hashpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clients of a share-group member, built where every other client's settings are. */
class KafkaClientsTest {

    private static final ConfigDef DEF = CommonConfigs.withConsumerProperties(CommonConfigs.withProducerProperties(
            CommonConfigs.withKafka(new ConfigDef())));

    @TempDir
    Path dir;

    /** A file written for consumer mode: settings a share consumer refuses, and a transactional producer's. */
    private AbstractConfig config(String consumerProperties, String producerProperties) throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                "group.protocol=classic", "auto.offset.reset=latest", "isolation.level=read_uncommitted",
                "enable.auto.commit=true", "session.timeout.ms=20000", "heartbeat.interval.ms=5000",
                "group.instance.id=h-0", "partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor",
                "transactional.id=t-0", "transaction.timeout.ms=60000", "security.protocol=SSL", ""));
        return new AbstractConfig(DEF, Map.of(CommonConfigs.KAFKA_CONFIG, file.toString(), CommonConfigs.BOOTSTRAP_SERVERS, "b:9",
                CommonConfigs.CONSUMER_PROPERTY, consumerProperties, CommonConfigs.PRODUCER_PROPERTY, producerProperties), false);
    }

    @Test
    void aShareConsumerAcknowledgesExplicitlyTakesItsBatchAndDropsTheClassicConsumersSettings() throws IOException {
        Map<String, Object> props = KafkaClients.shareConsumer(config("", ""), "sharers", "hasher-0", 24);

        assertEquals("sharers", props.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(KafkaClients.EXPLICIT_ACKNOWLEDGEMENT, props.get(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG));
        assertEquals(KafkaClients.RECORD_LIMIT, props.get(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG));
        assertEquals(24, props.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals("hasher-0", props.get(ConsumerConfig.CLIENT_ID_CONFIG));
        assertEquals("SSL", props.get("security.protocol"), "the file applies");
        for (String refused : new String[] {ConsumerConfig.GROUP_PROTOCOL_CONFIG, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG}) {
            assertFalse(props.containsKey(refused), refused + " dropped: " + props);
        }
    }

    @Test
    void consumerPropertiesTuneAShareConsumerButNotItsAcknowledgementMode() throws IOException {
        Map<String, Object> props = KafkaClients.shareConsumer(config(
                "max.poll.records=200\nshare.acquire.mode=batch_optimized\nshare.acknowledgement.mode=implicit\nclient.id=mine", ""),
                "sharers", "hasher-0", 24);

        assertEquals("200", props.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals("batch_optimized", props.get(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG));
        assertEquals("mine", props.get(ConsumerConfig.CLIENT_ID_CONFIG));
        assertEquals(KafkaClients.EXPLICIT_ACKNOWLEDGEMENT, props.get(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG),
                "the loop's guarantee depends on it");
    }

    @Test
    void aShareMembersProducerIsIdempotentWithoutTransactionsAndProducerPropertiesTuneIt() throws IOException {
        Map<String, Object> plain = KafkaClients.shareProducer(config("", ""), "hasher-0");
        assertEquals(1, plain.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals(true, plain.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("all", plain.get(ProducerConfig.ACKS_CONFIG));
        assertEquals("hasher-0", plain.get(ProducerConfig.CLIENT_ID_CONFIG));
        assertFalse(plain.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG), plain::toString);
        assertFalse(plain.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), plain::toString);

        Map<String, Object> tuned = KafkaClients.shareProducer(config("", "linger.ms=20\nacks=1"), "hasher-0");
        assertEquals("20", tuned.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals("all", tuned.get(ProducerConfig.ACKS_CONFIG), "a task is acknowledged once its result is on every replica");
    }
}
