package io.hashpipe.hasher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Service;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import io.hashpipe.hasher.internals.HashWorkers;
import io.hashpipe.hasher.internals.LagGauge;
import io.hashpipe.hasher.internals.ResultCommitter;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

@ExtendWith(KafkaFixture.class)
class HasherTest {

    private static Kafka kafka;

    @BeforeAll
    static void broker(KafkaCluster cluster) {
        kafka = new Kafka(cluster.bootstrapServers());
    }

    /** A hasher whose bootstrap address is a port nothing listens on. */
    private static Hasher hasherOfABrokerThatDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>(kafka.hasherSettings(Kafka.Names.random(), Map.of()));
        settings.put(CommonConfigs.BOOTSTRAP_SERVERS, "127.0.0.1:" + closedPort);
        return new Hasher(new HasherConfig(settings), new SimpleMeterRegistry());
    }

    /** Waiting for a broker that does not answer, the hasher is not running (not ready), and a close stops it at once. */
    @Test
    void aHasherWhoseBrokerDoesNotAnswerIsStartingUntilClosed() throws Exception {
        Hasher hasher = hasherOfABrokerThatDoesNotAnswer();
        assertEquals(Service.State.CREATED, hasher.state());
        hasher.start();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> hasher.state() == Service.State.STARTING);
        hasher.close(Duration.ofSeconds(30));
        assertEquals(Service.State.STOPPED, hasher.state());
    }

    /** A poll thread that ends before a close (here interrupted while it waits for Kafka) is a failure, not a clean stop. */
    @Test
    void aHasherWhosePollThreadEndsBeforeItIsClosedFails() throws Exception {
        Hasher hasher = hasherOfABrokerThatDoesNotAnswer();
        hasher.start();
        try {
            Thread poll = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("hashpipe-hasher-" + hasher.name())).findFirst().orElseThrow();
            poll.interrupt();
            assertTrue(hasher.awaitStopped(Duration.ofSeconds(10)));
            assertEquals(Service.State.FAILED, hasher.state(), "a hasher that stops hashing on its own has not stopped cleanly");
        } finally {
            hasher.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void goodTasksAreHashedAtTheirCostExactlyOnce() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        List<Task> tasks = new ArrayList<>(Kafka.tasks(150, 4));
        tasks.addAll(Kafka.tasks(10, 6));
        Kafka.Running hasher = kafka.start(names, Map.of());
        try (hasher) {
            kafka.send(names.tasks(), tasks);
            await().atMost(Duration.ofSeconds(60)).until(() -> hasher.count(HasherMeters.HASHES) >= tasks.size());
            assertEquals(Service.State.RUNNING, hasher.hasher().state(), "running while its loop polls");
        }
        hasher.run().get();
        assertEquals(Service.State.STOPPED, hasher.hasher().state(), "stopped once closed");

        Map<String, Task> byId = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
        List<ConsumerRecord<String, byte[]>> records = kafka.readCommitted(names.results(), tasks.size());
        assertEquals(tasks.size(), records.size(), "one result per task");
        assertEquals(tasks.size(), records.stream().map(ConsumerRecord::key).distinct().count(), "no task twice");
        for (ConsumerRecord<String, byte[]> record : records) {
            Result result = Json.fromBytes(record.value(), Result.class);
            Task task = byId.get(result.id());
            assertEquals(record.key(), result.id());
            assertEquals(task.difficulty(), result.difficulty());
            assertTrue(result.hash().startsWith(String.format("$2a$%02d$", task.difficulty())), result.hash());
            assertTrue(BCrypt.checkpw(task.password(), result.hash()), "the hash verifies against the password");
            assertEquals(hasher.hasher().name(), result.hasher());
        }
        assertEquals(tasks.size(), hasher.count(HasherMeters.HASHES), "counted once each");
        assertTrue(hasher.registry().get(HasherMeters.TRANSACTIONS).tag("outcome", "committed").counter().count() >= 1);
        assertEquals(150, hasher.registry().get(HasherMeters.HASH_DURATION).tag("difficulty", "4").timer().count());
        assertEquals(0.0, hasher.registry().get(HasherMeters.BUSY).gauge().value(), "no worker busy after close");
    }

    @Test
    void resultsCommitAtOnceWhenTheWorkersRunDryHoweverLongTheTransactionMayLast() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        List<Task> tasks = Kafka.tasks(3, 4);
        try (Kafka.Running hasher = kafka.start(names, Map.of(HasherConfig.TRANSACTION_MAX_MS, "60000"))) {
            kafka.send(names.tasks(), tasks);
            // Far below the minute a transaction may stay open while the workers are busy.
            await().atMost(Duration.ofSeconds(20)).until(() -> hasher.count(HasherMeters.HASHES) >= tasks.size());
            assertEquals(tasks.size(), kafka.readCommitted(names.results(), tasks.size()).size(), "visible to read_committed");
        }
    }

    @Test
    void theLagGaugeCountsTasksNotYetFetchedAndFallsToZero(@TempDir Path dir) throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        Path smallPolls = dir.resolve("client.properties");
        Files.writeString(smallPolls, ConsumerConfig.MAX_POLL_RECORDS_CONFIG + "=5\n");
        List<Task> tasks = Kafka.tasks(40, 10); // more than the one worker queues (about a second of hashing): the rest waits in Kafka
        try (Kafka.Running hasher = kafka.start(names, Map.of(HasherConfig.THREADS, "1",
                CommonConfigs.KAFKA_CONFIG, smallPolls.toString()))) {
            kafka.send(names.tasks(), tasks);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> lag(hasher) > 0);
            await().atMost(Duration.ofSeconds(120)).until(() -> hasher.count(HasherMeters.HASHES) >= tasks.size());
            assertEquals(0.0, lag(hasher), "nothing left to fetch");
        }
    }

    private static double lag(Kafka.Running hasher) {
        var gauge = hasher.registry().find(HasherMeters.LAG).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    @ParameterizedTest
    @ValueSource(strings = {HasherConfig.BCRYPT_FAST, HasherConfig.BCRYPT_SPRING})
    void withEitherBcryptEveryHashIsTheOneSpringMakesForItsSalt(String impl) throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        List<Task> tasks = Kafka.tasks(40, 4);
        try (Kafka.Running hasher = kafka.start(names, Map.of(HasherConfig.BCRYPT_IMPL, impl))) {
            kafka.send(names.tasks(), tasks);
            await().atMost(Duration.ofSeconds(60)).until(() -> hasher.count(HasherMeters.HASHES) >= tasks.size());
        }
        Map<String, Task> byId = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
        for (ConsumerRecord<String, byte[]> record : kafka.readCommitted(names.results(), tasks.size())) {
            Result result = Json.fromBytes(record.value(), Result.class);
            String password = byId.get(result.id()).password();
            assertEquals(BCrypt.hashpw(password, result.hash()), result.hash(), "Spring's hash for the same salt");
            assertTrue(BCrypt.checkpw(password, result.hash()));
        }
    }

    @Test
    void badTasksGoToTheDeadLettersWithTheirReasonWhileGoodOnesAreHashed() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        Map<String, String> bad = new LinkedHashMap<>(); // value -> a part of the reason
        bad.put("not json at all", "not valid JSON");
        bad.put("{}", "missing field id");
        bad.put("{\"id\":\"a\",\"difficulty\":4}", "missing field password");
        bad.put("{\"id\":\"b\",\"password\":\"p\"}", "missing field difficulty");
        bad.put("{\"id\":\" \",\"password\":\"p\",\"difficulty\":4}", "id is blank");
        bad.put("{\"id\":\"c\",\"password\":\"p\",\"difficulty\":3}", "difficulty 3 is outside 4..31");
        bad.put("{\"id\":\"d\",\"password\":\"p\",\"difficulty\":32}", "difficulty 32 is outside 4..31");
        bad.put("{\"id\":\"d2\",\"password\":\"p\",\"difficulty\":25}", "above this hasher's max.difficulty 20");
        bad.put("{\"id\":\"e\",\"password\":\"" + "é".repeat(37) + "\",\"difficulty\":4}", "74 bytes");
        List<Task> good = Kafka.tasks(bad.size() + 1, 4);
        List<byte[]> values = new ArrayList<>();
        int i = 0;
        for (String value : bad.keySet()) {
            values.add(Json.toBytes(good.get(i++)));
            values.add(value.getBytes(StandardCharsets.UTF_8));
        }
        values.add(Json.toBytes(good.get(i)));
        values.add(null); // a tombstone

        Kafka.Running hasher = kafka.start(names, Map.of());
        try (hasher) {
            kafka.sendRaw(names.tasks(), values);
            await().atMost(Duration.ofSeconds(60)).until(() -> hasher.count(HasherMeters.HASHES) >= good.size()
                    && hasher.count(HasherMeters.DEAD_LETTERS) >= bad.size() + 1);
        }
        hasher.run().get();

        List<ConsumerRecord<String, byte[]>> dead = kafka.readCommitted(Topics.deadLetters(names.tasks()), bad.size() + 1);
        assertEquals(bad.size() + 1, dead.size());
        for (ConsumerRecord<String, byte[]> letter : dead) {
            assertEquals(names.tasks(), DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC));
            String reason = DeadLetters.header(letter.headers(), DeadLetters.ERROR_MESSAGE);
            if (letter.value() == null) {
                assertTrue(reason.contains("no value"), reason);
                continue;
            }
            String expected = bad.get(Kafka.utf8(letter.value()));
            assertTrue(expected != null && reason.contains(expected), "the original bytes with the reason: " + reason);
        }
        List<ConsumerRecord<String, byte[]>> results = kafka.readCommitted(names.results(), good.size());
        assertEquals(good.stream().map(Task::id).sorted().toList(),
                results.stream().map(ConsumerRecord::key).sorted().toList(), "results are keyed by task id");
        assertEquals(bad.size() + 1, hasher.count(HasherMeters.DEAD_LETTERS));
        assertNull(hasher.run().getNow(null));
    }

    /**
     * A value the broker accepts but whose dead letter (the value plus the reason's headers) is larger than
     * a producer may send: it must not stop the partition (the transaction would abort on it forever).
     */
    @Test
    void aTaskTooLargeToDeadLetterWholeGoesThereTruncatedAndTheTasksAfterItAreHashed() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        byte[] huge = new byte[JUST_UNDER_THE_BROKERS_LIMIT];
        java.util.Arrays.fill(huge, (byte) 'x');
        List<Task> good = Kafka.tasks(10, 4);
        List<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(names.tasks(), 0, "huge", huge));
        good.forEach(task -> records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(names.tasks(), 0, task.id(), Json.toBytes(task))));
        try (Kafka.Running hasher = kafka.start(names, Map.of())) {
            kafka.send(records);
            await().atMost(Duration.ofSeconds(60)).until(() -> hasher.count(HasherMeters.HASHES) >= good.size());
            assertEquals(1.0, hasher.count(HasherMeters.DEAD_LETTERS));
        }
        ConsumerRecord<String, byte[]> letter = kafka.readCommitted(Topics.deadLetters(names.tasks()), 1).get(0);
        assertEquals("huge", letter.key());
        assertTrue(letter.value().length < huge.length && letter.value().length > huge.length / 2, "a prefix of the value: " + letter.value().length);
        assertEquals(Kafka.utf8(java.util.Arrays.copyOf(huge, letter.value().length)), Kafka.utf8(letter.value()));
        String truncated = DeadLetters.header(letter.headers(), DeadLetters.TRUNCATED);
        assertTrue(truncated != null && truncated.contains(Integer.toString(huge.length)), "says so: " + truncated);
        assertTrue(DeadLetters.header(letter.headers(), DeadLetters.ERROR_MESSAGE).contains("bytes"),
                DeadLetters.header(letter.headers(), DeadLetters.ERROR_MESSAGE));
        assertEquals(good.size(), kafka.readCommitted(names.results(), good.size()).size());
    }

    /** A value this large fits the broker's default message.max.bytes (1,048,588) in a batch of its own. */
    private static final int JUST_UNDER_THE_BROKERS_LIMIT = 1_048_450;
}
