package io.hashpipe.producer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.Service;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.hashpipe.testkit.KafkaTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaFixture.class)
class TaskProducerTest {

    private static String bootstrap;

    @BeforeAll
    static void broker(KafkaCluster kafka) {
        bootstrap = kafka.bootstrapServers();
    }

    @Test
    void everyGoodLineOfAJsonLinesInputIsOneTaskOnceAndBadLinesAreSkippedAndCounted() throws Exception {
        String topic = "lines-" + UUID.randomUUID();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            lines.append("{\"name\": \"n").append(i).append("\", \"text\": \"word ").append(i).append("\"}\n");
            if (i == 10) {
                lines.append("not json\n\n");
            }
        }
        lines.append("{\"text\": \"no name\"}");
        TaskProducer.LinesReport report;
        try (TaskProducer producer = new TaskProducer(config(topic, Map.of(TaskProducerConfig.ID_FIELD, "name")), new SimpleMeterRegistry(),
                new java.io.StringReader(lines.toString()))) {
            assertEquals(List.of(), producer.produce(), "no generated tasks");
            report = producer.linesReport();
        }
        assertEquals(50, report.sent());
        assertEquals(2, report.skipped());
        assertTrue(report.firstProblems().get(0).startsWith("line 12: not valid JSON"), report.firstProblems().toString());
        assertTrue(report.firstProblems().get(1).startsWith("line 53: has no field name (--id-field)"), report.firstProblems().toString());
        List<ConsumerRecord<String, byte[]>> records = readAll(topic, 50);
        assertEquals(50, records.size());
        assertEquals(50, records.stream().map(ConsumerRecord::key).distinct().count(), "no task twice");
        for (ConsumerRecord<String, byte[]> record : records) {
            String n = record.key().substring(1);
            assertEquals("{\"id\":\"n" + n + "\",\"name\":\"n" + n + "\",\"text\":\"word " + n + "\"}",
                    new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void aTaskKafkaRefusesAsTooLargeIsABadLineAndTheLinesAfterItAreSent(@TempDir Path dir) throws Exception {
        Path clientSettings = dir.resolve("kafka.properties");
        // Below what record.max.bytes (64 KiB) lets through: the client refuses the big line's record itself.
        Files.writeString(clientSettings, ProducerConfig.MAX_REQUEST_SIZE_CONFIG + "=2000\n");
        String topic = "lines-" + UUID.randomUUID();
        String lines = "{\"name\": \"a\"}\n{\"name\": \"big\", \"pad\": \"" + "x".repeat(3000) + "\"}\n{\"name\": \"b\"}\n";
        TaskProducer.LinesReport report;
        try (TaskProducer producer = new TaskProducer(config(topic, Map.of(TaskProducerConfig.ID_FIELD, "name",
                CommonConfigs.KAFKA_CONFIG, clientSettings.toString())), new SimpleMeterRegistry(), new java.io.StringReader(lines))) {
            producer.produce();
            report = producer.linesReport();
        }
        assertEquals(2, report.sent());
        assertEquals(1, report.skipped());
        String problem = report.firstProblems().get(0);
        assertTrue(problem.startsWith("line 2: refused as too large (") && problem.contains("max.request.size"), problem);
        assertEquals(List.of("a", "b"), readAll(topic, 2).stream().map(ConsumerRecord::key).sorted().toList());
    }

    @Test
    void everyTaskLandsOnTheTopicExactlyOnceWithAValidShape() throws Exception {
        String topic = "tasks-" + UUID.randomUUID();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Task> tasks;
        try (TaskProducer producer = new TaskProducer(config(topic, Map.of(
                TaskProducerConfig.TASKS, "200", TaskProducerConfig.DIFFICULTY, "5", CommonConfigs.PARTITIONS, "3")), registry)) {
            tasks = producer.produce();
            assertEquals(Service.State.STOPPED, producer.state(), "a one-shot job stops on its own");
            assertEquals(tasks, producer.tasks());
        }

        assertEquals(200, tasks.size());
        Map<String, Task> byId = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
        assertEquals(200, byId.size(), "ids are unique");
        List<ConsumerRecord<String, byte[]>> records = readAll(topic, 200);
        assertEquals(200, records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            Task task = Json.fromBytes(record.value(), Task.class);
            assertEquals(record.key(), task.id());
            assertEquals(byId.get(task.id()), task, "the record is the task produce() returned");
            assertTrue(task.password().matches("[a-z]{10}"), task.password());
            assertEquals(5, task.difficulty());
            assertNotNull(task.createdAt());
        }
        assertEquals(200, records.stream().map(ConsumerRecord::key).distinct().count(), "no task twice");
        assertEquals(200.0, registry.get(ProducerMeters.TASKS_SENT).counter().count());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(topic, Topics.deadLetters(topic)))
                    .allTopicNames().get();
            assertEquals(3, topics.get(topic).partitions().size());
            assertEquals(3, topics.get(Topics.deadLetters(topic)).partitions().size());
        }
    }

    @Test
    void closeStopsAPacedRunEarlyAndKeepsWhatWasSent() throws Exception {
        String topic = "tasks-" + UUID.randomUUID();
        TaskProducer producer = new TaskProducer(config(topic, Map.of(
                TaskProducerConfig.TASKS, "1000000", TaskProducerConfig.RATE, "50")), new SimpleMeterRegistry());
        CompletableFuture<List<Task>> run = CompletableFuture.supplyAsync(producer::produce);
        await().atMost(Duration.ofSeconds(30)).until(() -> producer.acknowledged() >= 10);
        producer.close();

        List<Task> tasks = run.get();
        assertTrue(tasks.size() >= 10 && tasks.size() < 1_000_000, "stopped early after " + tasks.size());
        assertEquals(tasks.size(), producer.acknowledged(), "every task sent was acknowledged before close returned");
        List<ConsumerRecord<String, byte[]>> records = readAll(topic, tasks.size());
        assertEquals(tasks.stream().map(Task::id).sorted().toList(),
                records.stream().map(ConsumerRecord::key).sorted().toList());
    }

    @Test
    void sendsThatFailAfterRetriesRaiseAnErrorSayingWhatFailed(@TempDir Path dir) throws Exception {
        Path clientSettings = dir.resolve("kafka.properties");
        // Every task is larger than this, so the client rejects each send without retrying.
        Files.writeString(clientSettings, ProducerConfig.MAX_REQUEST_SIZE_CONFIG + "=64\n");
        String topic = "tasks-" + UUID.randomUUID();
        try (TaskProducer producer = new TaskProducer(config(topic, Map.of(
                CommonConfigs.KAFKA_CONFIG, clientSettings.toString())), new SimpleMeterRegistry())) {
            TaskSendException e = assertThrows(TaskSendException.class, producer::produce);
            assertEquals(Service.State.FAILED, producer.state());
            assertEquals(e, producer.failure().orElseThrow());
            assertEquals(0, e.acknowledged());
            assertTrue(e.getMessage().contains(topic) && e.getMessage().contains("0 acknowledged")
                    && e.getMessage().contains("RecordTooLarge"), e.getMessage());
        }
    }

    private static TaskProducerConfig config(String topic, Map<String, String> settings) {
        Map<String, String> props = new HashMap<>(settings);
        props.put(CommonConfigs.BOOTSTRAP_SERVERS, bootstrap);
        props.put(CommonConfigs.TASKS_TOPIC, topic);
        return new TaskProducerConfig(props);
    }

    /** Reads the topic from the start until {@code expected} records came, then a little longer for extras. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            return topics.readCommitted(topic, expected, Duration.ofMillis(500));
        }
    }
}
