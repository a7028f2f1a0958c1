package io.hashpipe.common;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The configuration keys that several services share, spelled once so that a flag means the same thing
 * everywhere. Each service's config adds these to its own {@link ConfigDef}.
 */
public final class CommonConfigs {

    /** Kafka bootstrap servers, host:port list. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** A properties file of Kafka client settings (SASL/TLS, tuning) applied to every client. */
    public static final String KAFKA_CONFIG = "kafka.config";
    /** Kafka producer settings, one {@code key=value} a line, applied after {@code kafka.config} ({@code --producer-property}). */
    public static final String PRODUCER_PROPERTY = "kafka.producer.property";
    /** Kafka consumer settings, one {@code key=value} a line, applied after {@code kafka.config} ({@code --consumer-property}). */
    public static final String CONSUMER_PROPERTY = "kafka.consumer.property";
    /** The tasks topic. */
    public static final String TASKS_TOPIC = "tasks.topic";
    /** The results (hashes) topic. */
    public static final String RESULTS_TOPIC = "results.topic";
    /** The consumer group id. */
    public static final String GROUP = "group";
    /** Partitions of the topics a service creates when they are missing. */
    public static final String PARTITIONS = "partitions";
    /** Where a service sends the records it cannot process; empty for {@code <the topic it reads>.dlq}. */
    public static final String DEAD_LETTERS_TOPIC = "dead.letters.topic";
    /** Largest record value a consuming stage reads; a larger one goes to the dead letters unread. */
    public static final String RECORD_MAX_BYTES = "record.max.bytes";
    /** Highest bcrypt cost a task may ask for ({@code --max-difficulty}); bcrypt's own ceiling is 31. */
    public static final String MAX_DIFFICULTY = "max.difficulty";

    /** Default bootstrap address: the local broker of {@code hashpipe broker}. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    private CommonConfigs() {
    }

    /** Adds {@code bootstrap.servers} and {@code kafka.config}. */
    public static ConfigDef withKafka(ConfigDef def) {
        return def
                .define(BOOTSTRAP_SERVERS, Type.STRING, DEFAULT_BOOTSTRAP, new ConfigDef.NonEmptyStringWithoutControlChars(),
                        Importance.HIGH, "Kafka bootstrap servers, a comma-separated host:port list.")
                .define(KAFKA_CONFIG, Type.STRING, "", new ReadableFile(), Importance.LOW,
                        "A properties file of Kafka client settings (security.protocol, sasl.*, ssl.*, tuning) applied to every client; empty for none.");
    }

    /** Adds {@code kafka.producer.property}, for a service with Kafka producers. */
    public static ConfigDef withProducerProperties(ConfigDef def) {
        return def.define(PRODUCER_PROPERTY, Type.STRING, "", new PropertyLines(), Importance.LOW,
                "A Kafka producer setting as key=value (e.g. linger.ms=20), applied after the Kafka client properties file; repeatable.");
    }

    /** Adds {@code kafka.consumer.property}, for a service with Kafka consumers. */
    public static ConfigDef withConsumerProperties(ConfigDef def) {
        return def.define(CONSUMER_PROPERTY, Type.STRING, "", new PropertyLines(), Importance.LOW,
                "A Kafka consumer setting as key=value (e.g. fetch.max.wait.ms=100), applied after the Kafka client properties file; repeatable.");
    }

    /**
     * The settings of one of {@code key}'s {@code key=value} lines (empty lines are skipped), in order.
     *
     * @throws ConfigException for a line without {@code =} or with an empty key, naming {@code key}
     */
    public static Map<String, String> propertyLines(String key, String lines) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : lines == null ? new String[0] : lines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || line.substring(0, eq).isBlank()) {
                throw new ConfigException(key, line, "Must be key=value, e.g. linger.ms=20");
            }
            settings.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return settings;
    }

    /** Adds the topic names. */
    public static ConfigDef withTopics(ConfigDef def) {
        return def
                .define(TASKS_TOPIC, Type.STRING, Topics.TASKS, new ConfigDef.NonEmptyStringWithoutControlChars(),
                        Importance.MEDIUM, "Topic of tasks to hash.")
                .define(RESULTS_TOPIC, Type.STRING, Topics.RESULTS, new ConfigDef.NonEmptyStringWithoutControlChars(),
                        Importance.MEDIUM, "Topic of hash results to store.")
                .define(PARTITIONS, Type.INT, Topics.DEFAULT_PARTITIONS, ConfigDef.Range.between(1, 10_000),
                        Importance.LOW, "Partitions of the topics this service creates when they are missing (the ceiling on parallel consumers).");
    }

    /** Adds the dead-letter topic of a stage that reads {@code readTopicKey}'s topic. */
    public static ConfigDef withDeadLetters(ConfigDef def, String readTopicKey) {
        return def.define(DEAD_LETTERS_TOPIC, Type.STRING, "", new ConfigDef.NonNullValidator(), Importance.LOW,
                "Topic of the records this service cannot process, with the reason in headers; empty for <" + readTopicKey + ">.dlq.");
    }

    /** The dead-letter topic of {@code config}: {@code dead.letters.topic}, or {@code <readTopic>.dlq} when it is empty. */
    public static String deadLettersTopic(AbstractConfig config, String readTopic) {
        String topic = config.getString(DEAD_LETTERS_TOPIC).strip();
        return topic.isEmpty() ? Topics.deadLetters(readTopic) : topic;
    }

    /** Adds {@code record.max.bytes}, the largest record value a consuming stage reads. */
    public static ConfigDef withRecordLimit(ConfigDef def) {
        return def.define(RECORD_MAX_BYTES, Type.INT, Limits.DEFAULT_RECORD_MAX_BYTES, ConfigDef.Range.between(1024, 1 << 20),
                Importance.LOW, "Largest record value in bytes this stage reads; a larger record goes to its dead letters at once,"
                        + " unread (a task or a result is a few hundred bytes).");
    }

    /** Adds {@code max.difficulty}, the highest bcrypt cost a task may ask for. */
    public static ConfigDef withMaxDifficulty(ConfigDef def) {
        return def.define(MAX_DIFFICULTY, Type.INT, Limits.DEFAULT_MAX_DIFFICULTY,
                ConfigDef.Range.between(Limits.MIN_DIFFICULTY, Limits.MAX_DIFFICULTY), Importance.MEDIUM,
                "Highest bcrypt cost a task may ask for; a task above it goes to the dead letters. Each step doubles the"
                        + " work: cost 20 takes about a minute per hash, 31 (bcrypt's ceiling) about a day and a half.");
    }

    /** Adds the consumer group id with the stage's default. */
    public static ConfigDef withGroup(ConfigDef def, String defaultGroup) {
        return def.define(GROUP, Type.STRING, defaultGroup, new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.MEDIUM, "Consumer group id; every process with the same group shares the work.");
    }

    /** Accepts a host name or address that resolves on this machine, for a server's bind address. */
    public static final class ResolvableAddress implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String address = value == null ? "" : value.toString();
            if (address.isBlank()) {
                throw new ConfigException(name, value, "Must be a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0");
            }
            try {
                InetAddress.getByName(address);
            } catch (UnknownHostException | SecurityException e) {
                throw new ConfigException(name, value, "Must be a host name or an IP address of this machine: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a host name or IP address";
        }
    }

    /** A file that exists and can be read, or empty for none: a missing {@code --kafka-config} fails at start-up. */
    public static final class ReadableFile implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String file = value == null ? "" : value.toString();
            if (file.isBlank()) {
                return;
            }
            Path path = Path.of(file);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ConfigException(name, value, Files.exists(path) ? "Cannot read the file " + path.toAbsolutePath()
                        : "No such file: " + path.toAbsolutePath() + "; give a readable properties file, or empty for none");
            }
        }

        @Override
        public String toString() {
            return "a readable file, or empty";
        }
    }

    /** Lines of {@code key=value}, as {@link #propertyLines} reads them. */
    public static final class PropertyLines implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            propertyLines(name, value == null ? "" : value.toString());
        }

        @Override
        public String toString() {
            return "key=value lines";
        }
    }

    /** The producer properties of {@code config}: {@link #clientProperties}, then its {@code kafka.producer.property} lines. */
    public static Map<String, Object> producerProperties(AbstractConfig config) {
        return withLines(clientProperties(config), config, PRODUCER_PROPERTY);
    }

    /** The consumer properties of {@code config}: {@link #clientProperties}, then its {@code kafka.consumer.property} lines. */
    public static Map<String, Object> consumerProperties(AbstractConfig config) {
        return withLines(clientProperties(config), config, CONSUMER_PROPERTY);
    }

    private static Map<String, Object> withLines(Map<String, Object> props, AbstractConfig config, String key) {
        if (config.values().containsKey(key)) {
            props.putAll(propertyLines(key, config.getString(key)));
        }
        return props;
    }

    /**
     * The Kafka client properties of {@code config}: the {@code kafka.config} file's settings first, then
     * {@code bootstrap.servers}, so that a service's own settings are added on top by the caller.
     *
     * @throws ConfigException when the file cannot be read, naming the key and the path
     */
    public static Map<String, Object> clientProperties(AbstractConfig config) {
        Map<String, Object> props = new HashMap<>();
        String file = config.getString(KAFKA_CONFIG);
        if (!file.isBlank()) {
            Properties fromFile = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                fromFile.load(in);
            } catch (IOException e) {
                throw new ConfigException(KAFKA_CONFIG, file, "Cannot read the Kafka client properties file: " + e);
            }
            fromFile.forEach((k, v) -> props.put(k.toString(), v));
        }
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.getString(BOOTSTRAP_SERVERS));
        return props;
    }
}
