package io.hashpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kafka client settings a service builds its clients from: the file, then the per-client properties. */
class CommonConfigsTest {

    private static final ConfigDef DEF = CommonConfigs.withConsumerProperties(CommonConfigs.withProducerProperties(
            CommonConfigs.withKafka(new ConfigDef())));

    @TempDir
    Path dir;

    @Test
    void producerPropertiesOverrideTheFileAndStayOffTheConsumer() throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"), "linger.ms=1\nsecurity.protocol=SSL\n");
        AbstractConfig config = new AbstractConfig(DEF, Map.of(CommonConfigs.KAFKA_CONFIG, file.toString(),
                CommonConfigs.PRODUCER_PROPERTY, "linger.ms=20\nbatch.size = 65536",
                CommonConfigs.CONSUMER_PROPERTY, "fetch.max.wait.ms=100"), false);

        Map<String, Object> producer = CommonConfigs.producerProperties(config);
        assertEquals("20", producer.get("linger.ms"));
        assertEquals("65536", producer.get("batch.size"));
        assertEquals("SSL", producer.get("security.protocol"));
        assertTrue(!producer.containsKey("fetch.max.wait.ms"), producer::toString);

        Map<String, Object> consumer = CommonConfigs.consumerProperties(config);
        assertEquals("100", consumer.get("fetch.max.wait.ms"));
        assertEquals("1", consumer.get("linger.ms"), "the file applies to every client");
        assertTrue(!consumer.containsKey("batch.size"), consumer::toString);
    }

    @Test
    void aConfigWithoutThePropertyKeysHasTheFileAndTheServersOnly() {
        AbstractConfig config = new AbstractConfig(CommonConfigs.withKafka(new ConfigDef()),
                Map.of(CommonConfigs.BOOTSTRAP_SERVERS, "b:9"), false);
        assertEquals(Map.of("bootstrap.servers", "b:9"), CommonConfigs.producerProperties(config));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linger.ms", "=20", " =20", "linger.ms=1\nnothing"})
    void aPropertyWithoutKeyAndValueIsRefusedNamingTheKey(String lines) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new AbstractConfig(DEF, Map.of(CommonConfigs.PRODUCER_PROPERTY, lines), false));
        assertTrue(e.getMessage().contains(CommonConfigs.PRODUCER_PROPERTY) && e.getMessage().contains("key=value"), e.getMessage());
    }

    @Test
    void aMissingPropertiesFileIsRefusedNamingItsPath() {
        Path missing = dir.resolve("nope.properties");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new AbstractConfig(DEF, Map.of(CommonConfigs.KAFKA_CONFIG, missing.toString()), false));
        assertTrue(e.getMessage().contains(CommonConfigs.KAFKA_CONFIG) && e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void aDirectoryIsNoPropertiesFile() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new AbstractConfig(DEF, Map.of(CommonConfigs.KAFKA_CONFIG, dir.toString()), false));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
}
