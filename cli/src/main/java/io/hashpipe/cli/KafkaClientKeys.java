package io.hashpipe.cli;

import io.hashpipe.common.CommonConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spots Kafka client settings that no Kafka client knows (a typo such as {@code sasl.mechanisms}), in the
 * {@code --kafka-config} file and the {@code --producer-property}/{@code --consumer-property} flags, so that a
 * user hears of it once at start-up rather than finding it ignored. The settings still pass to the clients:
 * a plugin (interceptor, login callback) may read keys Kafka does not declare.
 */
public final class KafkaClientKeys {

    private static final Logger log = LoggerFactory.getLogger(KafkaClientKeys.class);

    private KafkaClientKeys() {
    }

    /** One sentence per unknown key in {@code values} (a service's options by config key), in the order given. */
    public static List<String> unknown(Map<String, String> values) {
        List<String> found = new ArrayList<>();
        String file = values.getOrDefault(CommonConfigs.KAFKA_CONFIG, "");
        if (!file.isBlank()) {
            Set<String> any = new HashSet<>(ProducerConfig.configNames());
            any.addAll(ConsumerConfig.configNames());
            any.addAll(AdminClientConfig.configNames());
            for (String key : fileKeys(Path.of(file))) {
                if (!any.contains(key)) {
                    found.add("Unknown Kafka client setting '" + key + "' in --kafka-config " + file
                            + ": no producer, consumer or admin client declares it (a typo?); it is passed on as given");
                }
            }
        }
        addUnknown(found, values.get(CommonConfigs.PRODUCER_PROPERTY), ProducerConfig.configNames(), "--producer-property", "producer");
        addUnknown(found, values.get(CommonConfigs.CONSUMER_PROPERTY), ConsumerConfig.configNames(), "--consumer-property", "consumer");
        return found;
    }

    /** Logs {@link #unknown} as one WARN line each. */
    public static void warnUnknown(Map<String, String> values) {
        unknown(values).forEach(log::warn);
    }

    private static void addUnknown(List<String> found, String lines, Set<String> known, String flag, String client) {
        if (lines == null || lines.isBlank()) {
            return;
        }
        for (String key : CommonConfigs.propertyLines(flag, lines).keySet()) {
            if (!known.contains(key)) {
                found.add("Unknown Kafka " + client + " setting '" + key + "' in " + flag + ": the Kafka " + client
                        + " does not declare it (a typo?); it is passed on as given");
            }
        }
    }

    private static List<String> fileKeys(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            return List.of(); // the config's own check of the file reports this
        }
        return properties.stringPropertyNames().stream().sorted().toList();
    }
}
