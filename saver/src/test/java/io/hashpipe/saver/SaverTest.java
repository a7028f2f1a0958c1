package io.hashpipe.saver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Service;
import io.hashpipe.common.Topics;
import io.hashpipe.saver.testing.FakeDbApi;
import io.hashpipe.saver.testing.FakeDbApi.Failure;
import io.hashpipe.saver.testing.RunningSaver;
import io.hashpipe.saver.testing.SaverProps;
import io.hashpipe.saver.testing.TestTopics;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End to end: a real broker, the saver, and the recording fake API over real sockets. */
@ExtendWith(KafkaFixture.class)
class SaverTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;

    private static String bootstrap;
    private static TestTopics topics;

    private final FakeDbApi fake = FakeDbApi.start();
    private final String topic = "results-" + UUID.randomUUID();
    private final String group = "saver-" + UUID.randomUUID();

    @BeforeAll
    static void broker(KafkaCluster kafka) {
        bootstrap = kafka.bootstrapServers();
        topics = new TestTopics(bootstrap);
    }

    @AfterAll
    static void closeTopics() {
        topics.close();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void everyResultIsStoredAndEveryOffsetCommitted() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "all", 300);
        try (RunningSaver saver = RunningSaver.start(props(Map.of()))) {
            await().atMost(WAIT).until(() -> fake.storedIds().size() == ids.size());
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertEquals(300.0, saver.count(SaverMeters.STORED, "outcome", "stored"));
            assertEquals(300.0, saver.count(SaverMeters.REQUESTS, "status", "200"));
            assertEquals(Service.State.RUNNING, saver.state(), "running while its loop polls and the API takes requests");
            await().atMost(WAIT).until(() -> saver.gauge(SaverMeters.RECORDS_RATE) > 0); // once a whole second is over
        }
        assertEquals(Set.copyOf(ids), fake.storedIds());
        ids.forEach(id -> assertEquals(1, fake.posts(id), id));
        assertEquals(300, fake.requests("/add"));
    }

    @Test
    void transientFailuresAreRetriedUntilEveryResultIsStored() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "flaky", 120);
        fake.failNextRequests(10, 500);
        for (int i = 0; i < 5; i++) {
            fake.fail(ids.get(i), 1, Failure.status(503, 1));
            fake.fail(ids.get(10 + i), 3, Failure.status(500));
        }
        List<String> slow = ids.subList(20, 23);
        slow.forEach(id -> fake.fail(id, 1, Failure.delay(1_500)));
        try (RunningSaver saver = RunningSaver.start(props(Map.of(SaverConfig.REQUEST_TIMEOUT_MS, "400")))) {
            await().atMost(WAIT).until(() -> fake.storedIds().size() == ids.size());
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertTrue(saver.count(SaverMeters.RETRIES) >= 5 + 15 + 3, "retries " + saver.count(SaverMeters.RETRIES));
            assertEquals(0.0, saver.count(SaverMeters.DEAD_LETTERS));
            assertTrue(saver.count(SaverMeters.REQUESTS, "status", "timeout") >= 3);
            assertTrue(saver.count(SaverMeters.REQUESTS, "status", "503") >= 5);
        }
        for (String id : slow) {
            assertTrue(fake.posts(id) >= 2, "the slow request was retried after its timeout");
            assertEquals(1, fake.storedTrue(id));
        }
        assertEquals(Set.copyOf(ids), fake.storedIds());
        assertTrue(topics.readAll(Topics.deadLetters(topic)).isEmpty());
    }

    @Test
    void permanentRejectionAndInvalidJsonGoToDeadLettersAndTheRestAreStored() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "mixed", 60);
        String rejected = ids.get(7);
        fake.fail(rejected, Integer.MAX_VALUE, Failure.status(400));
        topics.produceRaw(topic, "garbage", "this is not json");
        try (RunningSaver saver = RunningSaver.start(props(Map.of()))) {
            await().atMost(WAIT).until(() -> fake.storedIds().size() == ids.size() - 1);
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertEquals(2.0, saver.count(SaverMeters.DEAD_LETTERS));
        }
        assertEquals(1, fake.posts(rejected), "a 400 is not retried");
        List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(Topics.deadLetters(topic));
        assertEquals(2, dead.size());
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
        dead.forEach(r -> byKey.put(new String(r.key(), StandardCharsets.UTF_8), r));
        ConsumerRecord<byte[], byte[]> refused = byKey.get(rejected);
        assertEquals("400", DeadLetters.header(refused.headers(), Saver.HTTP_STATUS_HEADER));
        assertEquals("1", DeadLetters.header(refused.headers(), Saver.ATTEMPTS_HEADER));
        assertTrue(DeadLetters.header(refused.headers(), Saver.HTTP_ERROR_HEADER).contains("injected failure"));
        assertEquals(topic, DeadLetters.header(refused.headers(), DeadLetters.SOURCE_TOPIC));
        ConsumerRecord<byte[], byte[]> garbage = byKey.get("garbage");
        assertEquals("this is not json", new String(garbage.value(), StandardCharsets.UTF_8));
        assertEquals("InvalidResult", DeadLetters.header(garbage.headers(), DeadLetters.ERROR_CLASS));
        assertNull(DeadLetters.header(garbage.headers(), Saver.HTTP_STATUS_HEADER));
    }

    @Test
    void requestsOpenAtOnceNeverExceedMaxInFlight() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "bounded", 120);
        fake.delayAll(30);
        try (RunningSaver saver = RunningSaver.start(props(Map.of(SaverConfig.MAX_IN_FLIGHT, "4")))) {
            // Storing takes about a second (120 x 30 ms / 4): the committed lag is seen above 0 meanwhile.
            await().atMost(WAIT).until(() -> saver.gauge(SaverMeters.COMMITTED_LAG) > 0);
            await().atMost(WAIT).until(() -> fake.storedIds().size() == ids.size());
            assertEquals(4.0, saver.registry().get(SaverMeters.LIMIT).gauge().value(), "no overload, so the limit stays at the maximum");
            assertTrue(saver.registry().get(SaverMeters.IN_FLIGHT).gauge().value() <= 4);
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            await().atMost(WAIT).until(() -> saver.gauge(SaverMeters.COMMITTED_LAG) == 0);
        }
        assertTrue(fake.maxConcurrent() <= 4, "at most 4 open at once, saw " + fake.maxConcurrent());
        assertTrue(fake.maxConcurrent() >= 2, "requests overlap, saw " + fake.maxConcurrent());
    }

    /**
     * With a slow API and a window of 20, most records wait unfetched: the committed lag counts them through
     * the consumer's own {@code records-lag}, since the saver's window alone never holds more than a few dozen.
     */
    @Test
    void committedLagCountsTheRecordsNotFetchedYet() throws Exception {
        topics.create(topic, PARTITIONS);
        topics.produceResults(topic, "unfetched", 600);
        fake.delayAll(500);
        try (RunningSaver saver = RunningSaver.start(props(Map.of(SaverConfig.MAX_IN_FLIGHT, "4", SaverConfig.MAX_BUFFERED_RECORDS, "20")))) {
            await().atMost(WAIT).until(() -> saver.gauge(SaverMeters.COMMITTED_LAG) >= 100);
        }
    }

    @Test
    void aSmallWindowPausesConsumptionAndStillStoresEverything() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "window", 200);
        try (RunningSaver saver = RunningSaver.start(props(Map.of(SaverConfig.MAX_BUFFERED_RECORDS, "20")))) {
            await().atMost(WAIT).until(() -> fake.storedIds().size() == ids.size());
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertEquals(200.0, saver.count(SaverMeters.STORED, "outcome", "stored"));
        }
        ids.forEach(id -> assertEquals(1, fake.posts(id), id));
    }

    /**
     * A second saver joins while the first is storing (the first gives partitions up mid-flight), then the
     * first closes mid-run: every id is stored exactly once ({@code stored:true}), repeats are only
     * {@code stored:false}, and the group's offsets reach the end. Under both group protocols.
     */
    @ParameterizedTest
    @ValueSource(strings = {"consumer", "classic"})
    void closingMidRunAndJoiningASecondSaverStoresEveryResultOnce(String protocol, @TempDir Path dir) throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "handover", 600);
        Map<String, Object> props = props(Map.of(SaverConfig.MAX_IN_FLIGHT, "2"));
        Path kafkaConfig = dir.resolve("kafka.properties");
        // The classic protocol with a short heartbeat rebalances at once; KIP-848's heartbeat is the broker's (5 s).
        Files.writeString(kafkaConfig, "group.protocol=" + protocol + "\n"
                + ("classic".equals(protocol) ? "heartbeat.interval.ms=100\n" : ""));
        props.put(CommonConfigs.KAFKA_CONFIG, kafkaConfig.toString());
        fake.delayAll(100);
        RunningSaver first = RunningSaver.start(props);
        RunningSaver second = null;
        try {
            await().atMost(WAIT).until(() -> fake.storedIds().size() >= 20);
            Map<String, Object> secondProps = new HashMap<>(props);
            secondProps.put(SaverConfig.INSTANCE, "1"); // its own static member id: the same one would fence the first
            second = RunningSaver.start(secondProps);
            RunningSaver joined = second;
            await().atMost(WAIT).until(() -> joined.count(SaverMeters.STORED, "outcome", "stored") >= 10);
        } finally {
            first.close();
        }
        assertTrue(fake.storedIds().size() < ids.size(), "the first saver closed mid-run");
        fake.delayAll(0);
        try (RunningSaver last = second) {
            await().atMost(WAIT).until(() -> fake.storedIds().size() == ids.size());
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            double stored = first.count(SaverMeters.STORED, "outcome", "stored") + last.count(SaverMeters.STORED, "outcome", "stored");
            assertEquals(ids.size(), stored, 0.0, "each result stored:true exactly once across both savers");
        }
        assertEquals(Set.copyOf(ids), fake.storedIds());
        ids.forEach(id -> assertEquals(1, fake.storedTrue(id), id));
    }

    @Test
    void batchModeRetriesOnlyTheFailedItems() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "batch", 100);
        Set<String> failing = Set.of(ids.get(3), ids.get(42), ids.get(77));
        failing.forEach(id -> fake.fail(id, 2, Failure.itemError()));
        try (RunningSaver saver = RunningSaver.start(props(Map.of(SaverConfig.BATCH_SIZE, "10")))) {
            await().atMost(WAIT).until(() -> fake.storedIds().size() == ids.size());
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertEquals(6.0, saver.count(SaverMeters.RETRIES));
        }
        assertTrue(fake.requests("/add/batch") >= 10, "results went in batches");
        assertTrue(fake.requests("/add/batch") < 100, "batches hold several results");
        for (String id : ids) {
            assertEquals(failing.contains(id) ? 3 : 1, fake.posts(id), id);
        }
    }

    /** A consumer thread that ends before a close (here interrupted while it waits for Kafka) is a failure, not a clean stop. */
    @Test
    void aSaverWhoseConsumerThreadEndsBeforeItIsClosedFails() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> props = props(Map.of());
        props.put(CommonConfigs.BOOTSTRAP_SERVERS, "127.0.0.1:" + closedPort);
        Saver saver = new Saver(new SaverConfig(props), new SimpleMeterRegistry());
        saver.start();
        try {
            Thread consumer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("hashpipe-saver-consumer") && t.isAlive()).findFirst().orElseThrow();
            consumer.interrupt();
            assertTrue(saver.awaitStopped(Duration.ofSeconds(30)));
            assertEquals(Service.State.FAILED, saver.state(), "a saver that stops consuming on its own has not stopped cleanly");
        } finally {
            saver.close(Duration.ofSeconds(30));
        }
    }

    private Map<String, Object> props(Map<String, String> overrides) {
        Map<String, Object> props = SaverProps.of(bootstrap, topic, group, PARTITIONS, fake.url().toString());
        props.put(SaverConfig.MAX_IN_FLIGHT, "16");
        props.putAll(overrides);
        return props;
    }

}
