package io.hashpipe.hasher;

import static org.awaitility.Awaitility.await;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test helpers: write tasks, run hashers on their own threads, read topics as a read_committed consumer. */
final class Kafka {

    private final String bootstrap;

    Kafka(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** A hasher running on its own thread. */
    record Running(Hasher hasher, MeterRegistry registry, CompletableFuture<Void> run) implements AutoCloseable {
        double count(String counter) {
            var found = registry.find(counter).counter();
            return found == null ? 0 : found.count();
        }

        @Override
        public void close() {
            hasher.close();
        }
    }

    /** Unique topic and group names for one test. */
    record Names(String tasks, String results, String group) {
        static Names random() {
            String suffix = UUID.randomUUID().toString();
            return new Names("tasks-" + suffix, "hashes-" + suffix, "hashers-" + suffix);
        }
    }

    Map<String, String> hasherSettings(Names names, Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put(CommonConfigs.BOOTSTRAP_SERVERS, bootstrap);
        props.put(CommonConfigs.TASKS_TOPIC, names.tasks());
        props.put(CommonConfigs.RESULTS_TOPIC, names.results());
        props.put(CommonConfigs.GROUP, names.group());
        props.put(CommonConfigs.PARTITIONS, "4");
        props.put(HasherConfig.THREADS, "2");
        props.put(HasherConfig.TRANSACTIONAL_ID, "hasher-" + UUID.randomUUID());
        props.putAll(overrides);
        return props;
    }

    Running start(Names names, Map<String, String> overrides) {
        MeterRegistry registry = new SimpleMeterRegistry();
        Hasher hasher = new Hasher(new HasherConfig(hasherSettings(names, overrides)), registry);
        return new Running(hasher, registry, CompletableFuture.runAsync(hasher::run, runnable -> {
            Thread thread = new Thread(runnable, "run-" + hasher.name());
            thread.start();
        }));
    }

    /** Creates the test's topics with 4 partitions, as the hasher would. */
    void createTopics(Names names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Topics.ensure(admin, 4, names.tasks(), names.results(), Topics.deadLetters(names.tasks()));
        }
    }

    /** The group as the coordinator describes it now. */
    ConsumerGroupDescription describe(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        }
    }

    /** Whether the group has {@code members} members and each owns at least one partition. */
    boolean everyMemberAssigned(String group, int members) throws Exception {
        ConsumerGroupDescription description;
        try {
            description = describe(group);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false; // no member has joined yet
            }
            throw e;
        }
        return description.members().size() == members
                && description.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }

    static List<Task> tasks(int count, int difficulty) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(new Task(UUID.randomUUID().toString(), "pw" + i + "abcdefg", difficulty, Instant.now()));
        }
        return tasks;
    }

    void send(String topic, List<Task> tasks) {
        List<byte[]> values = tasks.stream().map(Json::toBytes).toList();
        sendRaw(topic, values);
    }

    void sendRaw(String topic, List<byte[]> values) {
        int i = 0;
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (byte[] value : values) {
            records.add(new ProducerRecord<>(topic, "key-" + i++, value));
        }
        send(records);
    }

    /**
     * Sends {@code records} in order and waits for each acknowledgement; the producer takes requests up to
     * 2 MiB, so that records the broker accepts but a stage's own producer could not send again (about
     * 1 MiB) can be written.
     */
    void send(List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<String, byte[]> record : records) {
                acks.add(producer.send(record));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot send the test's records: " + e.getCause(), e.getCause());
        }
    }

    /** Every record of {@code topic} a read_committed reader sees once {@code expected} have come, and a second more. */
    List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
