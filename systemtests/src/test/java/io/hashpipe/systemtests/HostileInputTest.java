package io.hashpipe.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Result;
import io.hashpipe.common.Task;
import io.hashpipe.dbapi.StoredResult;
import io.hashpipe.saver.Saver;
import io.hashpipe.systemtests.RequestCorpus.HttpCase;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.hashpipe.testkit.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The corpus of malformed records and requests against the real services (embedded broker, hasher, saver,
 * database API on H2): the bad records first, then good tasks and results, the HTTP requests meanwhile.
 * Every bad record must be in the right dead-letter topic with its reason, nothing malformed stored, every
 * good record stored and verified, both groups caught up, no 5xx and every 4xx in JSON.
 */
@ExtendWith(KafkaFixture.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    /** The corpus's seed: every run sends the same bytes. */
    private static final long SEED = 20_261_201L;
    private static final int GOOD_TASKS = 40;
    private static final int GOOD_RESULTS = 10;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Valid ids that do not fit an HTTP header as they are: they must reach the database unchanged. */
    private static final List<String> ODD_IDS = List.of(" spaced ", "t\u00e2che", "\u4efb\u52a1-\ud83d\ude00", "100%", "a/b?c#d",
            "quote\"and\\slash", "x".repeat(Limits.MAX_ID_CHARS));

    private final Malformations malformations = new Malformations(SEED);
    private final List<BadRecord> badTasks = TaskCorpus.generate(malformations);
    private final List<BadRecord> badResults = ResultCorpus.generate(malformations);
    private final List<HttpCase> requests = RequestCorpus.generate(malformations);
    /** Password of each good task and result, by id. */
    private final Map<String, String> passwords = new HashMap<>();
    private final Map<HttpCase, RawHttp.Response> answers = new LinkedHashMap<>();
    private String bootstrap;
    private Pipeline pipeline;
    private Map<String, StoredResult> stored;

    @BeforeAll
    void sendTheCorpusAndWaitUntilEveryStageIsDone(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        pipeline = Pipeline.start(bootstrap);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        badTasks.forEach(bad -> records.add(new ProducerRecord<>(pipeline.tasks, utf8(bad.key()), bad.value())));
        badResults.forEach(bad -> records.add(new ProducerRecord<>(pipeline.results, utf8(bad.key()), bad.value())));
        for (int i = 0; i < GOOD_TASKS; i++) {
            Task task = new Task("good-task-" + i, malformations.word(10), 4, Instant.now());
            passwords.put(task.id(), task.password());
            records.add(new ProducerRecord<>(pipeline.tasks, utf8(task.id()), Json.toBytes(task)));
        }
        for (int i = 0; i < GOOD_RESULTS; i++) {
            String id = i < ODD_IDS.size() ? ODD_IDS.get(i) : "good-result-" + i;
            passwords.put(id, malformations.word(10));
            Result result = new Result(id, BCrypt.hashpw(passwords.get(id), BCrypt.gensalt(4)), 4, Instant.now(), 1, "system-test");
            records.add(new ProducerRecord<>(pipeline.results, utf8(id), Json.toBytes(result)));
        }
        send(records);
        for (HttpCase request : requests) {
            answers.put(request, exchange(request));
        }
        long expectedRows = passwords.size() + requests.stream().filter(r -> r.key().startsWith(RequestCorpus.GOOD)).count();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> pipeline.failure() != null
                    || (pipeline.dbApi.store().count() >= expectedRows && pipeline.lag(pipeline.hasherGroup, pipeline.tasks) == 0
                            && pipeline.lag(pipeline.saverGroup, pipeline.results) == 0));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("A stage did not get through the corpus within " + WAIT + ": " + expectedRows
                    + " rows expected, " + pipeline.dbApi.store().count() + " stored; the hashers' group is "
                    + pipeline.lag(pipeline.hasherGroup, pipeline.tasks) + " records behind, the saver's "
                    + pipeline.lag(pipeline.saverGroup, pipeline.results), e);
        }
        assertNull(pipeline.failure(), "no stage stopped");
        stored = new HashMap<>();
        pipeline.dbApi.store().forEach(row -> stored.put(row.id(), row));
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyBadTaskIsInTheTasksDeadLettersOnceWithItsReasonAndItsBytes() throws Exception {
        DeadLetterCheck.assertExactly(badTasks, TopicReader.readAll(bootstrap, pipeline.tasksDeadLetters(), Pipeline.PARTITIONS), pipeline.tasks);
    }

    @Test
    void everyBadResultIsInTheResultsDeadLettersOnceWithItsReasonAndItsBytes() throws Exception {
        Map<String, ConsumerRecord<byte[], byte[]>> letters = DeadLetterCheck.assertExactly(badResults,
                TopicReader.readAll(bootstrap, pipeline.resultsDeadLetters(), Pipeline.PARTITIONS), pipeline.results);
        for (BadRecord bad : badResults) {
            String status = DeadLetters.header(letters.get(bad.key()).headers(), Saver.HTTP_STATUS_HEADER);
            if (bad.caseClass().equals(ResultCorpus.API_REFUSED)) {
                assertEquals("400", status, bad + ": refused by the database API");
            } else {
                // Refused before any request: an id with a control character once waited 75 s of timeouts.
                assertNull(status, bad + " was refused up front, with no request sent");
                assertEquals("0", DeadLetters.header(letters.get(bad.key()).headers(), Saver.ATTEMPTS_HEADER), bad.toString());
            }
        }
    }

    /** Ids of every valid shape, the good results' among them, are stored under themselves. */
    @Test
    void everyGoodTaskAndResultSentAfterTheBadOnesIsStoredAndVerifies() {
        for (Map.Entry<String, String> good : passwords.entrySet()) {
            StoredResult row = stored.get(good.getKey());
            assertNotNull(row, good.getKey() + " is stored");
            assertTrue(BCrypt.checkpw(good.getValue(), row.hash()), good.getKey() + "'s hash verifies against its password");
        }
    }

    @Test
    void nothingMalformedIsStored() {
        Set<String> expected = new TreeSet<>(passwords.keySet());
        requests.stream().map(HttpCase::key).filter(key -> key.startsWith(RequestCorpus.GOOD)).forEach(expected::add);
        assertEquals(expected, new TreeSet<>(stored.keySet()), "the good records' rows and no other");
        for (StoredResult row : stored.values()) {
            assertNull(Limits.hashProblem("hash", row.hash(), row.difficulty()), row.toString());
        }
    }

    @Test
    void bothConsumerGroupsCaughtUp() throws Exception {
        assertEquals(0, pipeline.lag(pipeline.hasherGroup, pipeline.tasks), "the hashers' group");
        assertEquals(0, pipeline.lag(pipeline.saverGroup, pipeline.results), "the saver's group");
    }

    @Test
    void everyRequestGetsItsStatusNoneA5xxAndEvery4xxIsJson() throws Exception {
        assertTrue(requests.size() >= 150, "a corpus of " + requests.size());
        for (Map.Entry<HttpCase, RawHttp.Response> exchange : answers.entrySet()) {
            HttpCase request = exchange.getKey();
            RawHttp.Response answer = exchange.getValue();
            assertEquals(request.status(), answer.status(), () -> request + ": " + answer.body());
            assertEquals("application/json", answer.header("Content-Type"), request.toString());
            var body = Json.parseStrict(answer.body());
            if (answer.status() >= 400) {
                assertEquals(answer.status(), body.path("status").asInt(), request + ": " + answer.body());
                assertTrue(body.path("error").isTextual() && !body.path("error").asText().isBlank(), request + ": " + answer.body());
                assertTrue(Stream.of("SQL", "INSERT", "SELECT", "Exception", "\tat ").noneMatch(answer.body()::contains), answer.body());
            }
            if (request.key().startsWith("batch-of-junk")) {
                body.path("results").forEach(item -> assertEquals(400, item.path("status").asInt(), request + ": " + item));
            }
        }
    }

    @Test
    void aSlowlorisClientGets408AndIdleConnectionsAreClosed() throws Exception {
        List<RawHttp> idle = new ArrayList<>();
        try (RawHttp slow = new RawHttp(pipeline.dbApi.uri())) {
            for (int i = 0; i < 50; i++) {
                idle.add(new RawHttp(pipeline.dbApi.uri()));
            }
            String request = RawHttp.request("POST", "/add", malformations.bcrypt(4));
            // A byte each 200 ms: never idle for the idle timeout, never a whole request before the read timeout.
            for (int sent = 0; sent < request.length() && slow.open(200); sent++) {
                slow.write(request.substring(sent, sent + 1));
            }
            RawHttp.Response timedOut = slow.read();
            assertEquals(408, timedOut.status(), timedOut.body());
            assertEquals(408, Json.parseStrict(timedOut.body()).path("status").asInt());
            assertTrue(slow.closedByServer());
            for (RawHttp connection : idle) {
                assertTrue(connection.closedByServer(), "an idle connection is closed");
            }
        } finally {
            for (RawHttp connection : idle) {
                connection.close();
            }
        }
    }

    private RawHttp.Response exchange(HttpCase request) throws Exception {
        try (RawHttp connection = new RawHttp(pipeline.dbApi.uri())) {
            connection.writeBytes(request.bytes());
            return connection.read();
        }
    }

    private void send(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            records.forEach(record -> acks.add(producer.send(record)));
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
