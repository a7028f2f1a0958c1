package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** {@code hashpipe replay hasher}: re-hashes a tasks topic with its own group and results topic, then reports rates. */
@ExtendWith(KafkaFixture.class)
class ReplayHasherCommandTest {

    private static CliRun execute(String... args) {
        return CliRun.execute(args);
    }

    @Test
    void helpShowsItsOwnResultsTopicAndAFreshGroupEachTime() {
        CliRun first = execute("replay", "hasher", "--help");
        CliRun second = execute("replay", "hasher", "--help");
        assertEquals(0, first.exitCode());
        assertTrue(first.out().contains("Default: hashpipe.hashes.replay"), first.out());
        for (String flag : List.of("--from-beginning", "--group=", "--threads=", "--tasks-topic=", "--bootstrap-servers=")) {
            assertTrue(first.out().contains(flag), () -> flag + " in\n" + first.out());
        }
        assertNotEquals(group(first.out()), group(second.out()), "a fresh group per replay");
        assertTrue(execute("replay", "--help").out().contains("hasher"), "replay lists its stages");
        assertTrue(execute("--help").out().contains("  replay "), "hashpipe lists replay");
    }

    @Test
    void badValueFailsNamingTheKeyAndTheFlag() {
        CliRun outcome = execute("replay", "hasher", "--threads", "0");
        assertEquals(Main.INVALID_OPTION, outcome.exitCode());
        assertTrue(outcome.err().contains("hasher.threads (--threads, env HASHPIPE_REPLAY_HASHER_THREADS or HASHPIPE_THREADS)"), outcome.err());
    }

    @Test
    void replayHashesEveryTaskOnceIntoItsOwnResultsTopicAndReportsTheRatio(KafkaCluster kafka) throws Exception {
        String tasksTopic = "replay-tasks-" + UUID.randomUUID();
        List<Task> tasks = send(kafka, tasksTopic, 40);

        CliRun outcome = execute("replay", "hasher", "--bootstrap-servers", kafka.bootstrapServers(),
                "--tasks-topic", tasksTopic, "--threads", "2", "--partitions", "3");

        assertEquals(0, outcome.exitCode(), outcome.out() + outcome.err());
        assertEquals(tasks.size(), outcome.reported("hashed"), outcome.out());
        assertTrue(outcome.out().contains("cost 4 ") && outcome.out().contains("ratio"), outcome.out());
        Map<String, String> hashes = read(kafka, ReplayHasherCommand.REPLAY_RESULTS, tasks);
        for (Task task : tasks) {
            assertTrue(BCrypt.checkpw(task.password(), hashes.get(task.id())), () -> "hash of " + task.id());
        }
    }

    @Test
    void badTasksGoToTheReplaysOwnDeadLetterTopicNotTheLiveHashersOne(KafkaCluster kafka) throws Exception {
        String tasksTopic = "replay-tasks-" + UUID.randomUUID();
        send(kafka, tasksTopic, 6);
        List<String> badKeys = List.of("bad-" + UUID.randomUUID(), "bad-" + UUID.randomUUID());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String key : badKeys) {
                producer.send(new ProducerRecord<>(tasksTopic, key.getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8)));
            }
        }

        CliRun outcome = execute("replay", "hasher", "--bootstrap-servers", kafka.bootstrapServers(),
                "--tasks-topic", tasksTopic, "--threads", "1", "--partitions", "3");

        assertEquals(0, outcome.exitCode(), outcome.out() + outcome.err());
        assertEquals(badKeys.stream().sorted().toList(), keysIn(kafka, ReplayHasherCommand.REPLAY_DEAD_LETTERS, badKeys, badKeys.size()).stream().sorted()
                .toList(), "the replay's dead letters");
        assertEquals(List.of(), keysIn(kafka, Topics.deadLetters(tasksTopic), badKeys, 0), "nothing in the live hashers' dead letters");
    }

    /** The keys among {@code wanted} in {@code topic} (read_committed), waiting until {@code expected} arrived (or 5 s when 0). */
    private static List<String> keysIn(KafkaCluster kafka, String topic, List<String> wanted, int expected) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 5 : 60).toNanos();
            while ((expected == 0 || keys.size() < expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                    if (wanted.contains(key)) {
                        keys.add(key);
                    }
                }
            }
        }
        return keys;
    }

    @Test
    void aNamedGroupResumesWhereItStoppedAndFromBeginningRewindsIt(KafkaCluster kafka) throws Exception {
        String tasksTopic = "replay-tasks-" + UUID.randomUUID();
        send(kafka, tasksTopic, 20);
        String[] named = {"replay", "hasher", "--bootstrap-servers", kafka.bootstrapServers(), "--tasks-topic", tasksTopic,
            "--results-topic", "replay-results-" + UUID.randomUUID(), "--group", "replay-" + UUID.randomUUID(),
            "--threads", "1", "--partitions", "3"};

        assertEquals(20, execute(named).reported("hashed"));
        CliRun again = execute(named);
        assertEquals(0, again.exitCode(), again.out() + again.err());
        assertTrue(again.out().contains(": 0 tasks of " + tasksTopic), again.out());
        List<String> rewound = new ArrayList<>(List.of(named));
        rewound.add("--from-beginning");
        assertEquals(20, execute(rewound.toArray(String[]::new)).reported("hashed"));
    }

    private static String group(String help) {
        Matcher m = Pattern.compile("Default: (hashpipe-replay-hasher-\\w+)").matcher(help);
        assertTrue(m.find(), help);
        return m.group(1);
    }

    private static List<Task> send(KafkaCluster kafka, String topic, int count) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Topics.ensure(admin, 3, topic);
        }
        List<Task> tasks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                Task task = new Task(UUID.randomUUID().toString(), "replay" + i, 4, Instant.now());
                tasks.add(task);
                producer.send(new ProducerRecord<>(topic, task.id().getBytes(StandardCharsets.UTF_8), Json.toBytes(task)));
            }
        }
        return tasks;
    }

    /** Every committed result of {@code tasks} in {@code topic}, by id; fails on a second result for one id. */
    private static Map<String, String> read(KafkaCluster kafka, String topic, List<Task> tasks) throws Exception {
        Map<String, String> hashes = new HashMap<>();
        List<String> ids = tasks.stream().map(Task::id).toList();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!hashes.keySet().containsAll(ids) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Result result = Json.fromBytes(record.value(), Result.class);
                    if (ids.contains(result.id())) {
                        assertEquals(null, hashes.put(result.id(), result.hash()), "a second result for " + result.id());
                    }
                }
            }
        }
        assertEquals(tasks.size(), hashes.size(), "a result per task");
        return hashes;
    }
}
