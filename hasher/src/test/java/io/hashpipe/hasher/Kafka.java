package io.hashpipe.hasher;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.Service;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import io.hashpipe.testkit.KafkaTopics;
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
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Test helpers: write tasks, run hashers on their own threads; the topic chores are testkit's {@link KafkaTopics}. */
final class Kafka {

    private final String bootstrap;
    private final KafkaTopics topics;

    Kafka(String bootstrap) {
        this.bootstrap = bootstrap;
        this.topics = new KafkaTopics(bootstrap);
    }

    /** A started hasher, and {@code run}: completes when it has stopped (with its failure when it failed). */
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
        CompletableFuture<Void> stopped = stopped(hasher);
        hasher.start();
        return new Running(hasher, registry, stopped);
    }

    /** Completes when {@code service} has stopped: normally when STOPPED, with its failure when FAILED. */
    static CompletableFuture<Void> stopped(Service service) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        service.addStateListener((now, before) -> {
            if (now == Service.State.STOPPED) {
                stopped.complete(null);
            } else if (now == Service.State.FAILED) {
                stopped.completeExceptionally(service.failure().orElseThrow());
            }
        });
        return stopped;
    }

    /** Creates the test's topics with 4 partitions, as the hasher would. */
    void createTopics(Names names) {
        topics.create(4, names.tasks(), names.results(), Topics.deadLetters(names.tasks()));
    }

    /** The group as the coordinator describes it now. */
    ConsumerGroupDescription describe(String group) throws Exception {
        return topics.describe(group);
    }

    /** Whether the group has {@code members} members and each owns at least one partition. */
    boolean everyMemberAssigned(String group, int members) throws Exception {
        return topics.everyMemberAssigned(group, members);
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
        topics.sendValues(topic, values);
    }

    /** Sends {@code records} in order and waits for each acknowledgement (up to 2 MiB a request). */
    void send(List<ProducerRecord<String, byte[]>> records) {
        topics.send(records);
    }

    /** Every record of {@code topic} a read_committed reader sees once {@code expected} have come, and a second more. */
    List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int expected) {
        return topics.readCommitted(topic, expected, Duration.ofSeconds(1));
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
