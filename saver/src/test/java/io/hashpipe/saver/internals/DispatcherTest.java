package io.hashpipe.saver.internals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Topics;
import io.hashpipe.dbapi.DbApiConfig;
import io.hashpipe.saver.SaverMeters;
import io.hashpipe.saver.testing.Endpoints;
import io.hashpipe.saver.testing.FakeDbApi;
import io.hashpipe.saver.testing.RealDbApi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dispatcher with the real HTTP client against the fake API, and Kafka's MockProducer for dead letters. */
class DispatcherTest {

    private static final String TOPIC = "results";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final String HASH_A = "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS";
    private static final String HASH_B = "$2a$04$bbcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS";

    private FakeDbApi fake;
    private EventLoopGroup group;
    private SimpleMeterRegistry registry;
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private MockProducer<byte[], byte[]> producer;
    private DbApiClient client;
    private DeadLetterSender deadLetters;

    @BeforeEach
    void restart() {
        fake = FakeDbApi.start();
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        registry = new SimpleMeterRegistry();
        producer = new MockProducer<>(dlqCluster(), false, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        deadLetters.close();
        client.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        fake.close();
    }

    @Test
    void transientFailuresAreRetriedUntilAcknowledged() {
        fake.fail("a", 2, FakeDbApi.Failure.status(500));
        Dispatcher dispatcher = dispatcher(4, 1, 5);
        dispatcher.submit(List.of(record(0, "a"), record(1, "b")));
        await().atMost(Duration.ofSeconds(10)).until(() -> ackedOffsets().equals(Set.of(0L, 1L)));
        assertEquals(3, fake.posts("a"));
        assertEquals(2.0, registry.counter(SaverMeters.RETRIES).count());
        assertEquals(2.0, registry.counter(SaverMeters.REQUESTS, "status", "500").count());
    }

    @Test
    void rejectedRecordIsAcknowledgedOnlyOnceItsDeadLetterIsSent() {
        fake.fail("bad", Integer.MAX_VALUE, FakeDbApi.Failure.status(400));
        Dispatcher dispatcher = dispatcher(4, 1, 5);
        dispatcher.submit(List.of(record(0, "bad")));
        // Alone, it is held for a moment: before the API took any request, a 400 may be the saver's configuration.
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        assertTrue(acks.isEmpty(), "not acknowledged before the dead-letter topic has it");
        ProducerRecord<byte[], byte[]> dead = producer.history().get(0);
        assertEquals(Topics.deadLetters(TOPIC), dead.topic());
        assertEquals("400", DeadLetters.header(dead.headers(), DeadLetterSender.HTTP_STATUS));
        assertEquals("1", DeadLetters.header(dead.headers(), DeadLetterSender.ATTEMPTS));
        assertEquals("Rejected", DeadLetters.header(dead.headers(), DeadLetters.ERROR_CLASS));
        assertTrue(DeadLetters.header(dead.headers(), DeadLetterSender.HTTP_ERROR).contains("injected failure"));
        assertTrue(producer.completeNext());
        await().atMost(Duration.ofSeconds(5)).until(() -> ackedOffsets().equals(Set.of(0L)));
        assertEquals(1, fake.posts("bad"));
    }

    /** A record the API fails (500) while it stores others is a record-level failure: its attempts count. */
    @Test
    void aRecordThatFailsAloneWhileOthersAreStoredIsDeadLetteredAfterItsAttempts() {
        fake.fail("x", Integer.MAX_VALUE, FakeDbApi.Failure.status(500));
        fake.delayAll(2);
        Dispatcher dispatcher = dispatcher(4, 1, 3);
        List<PendingRecord> records = new ArrayList<>(List.of(record(0, "x")));
        for (int i = 1; i <= 400; i++) {
            records.add(record(i, "ok" + i));
        }
        dispatcher.submit(records);
        await().atMost(Duration.ofSeconds(20)).until(() -> producer.history().size() == 1);
        ProducerRecord<byte[], byte[]> dead = producer.history().get(0);
        assertEquals("x", new String(dead.key()));
        assertEquals("500", DeadLetters.header(dead.headers(), DeadLetterSender.HTTP_STATUS));
        assertEquals("RetriesExhausted", DeadLetters.header(dead.headers(), DeadLetters.ERROR_CLASS));
        assertTrue(fake.posts("x") >= 3, "posts " + fake.posts("x"));
        assertEquals(String.valueOf(fake.posts("x")), DeadLetters.header(dead.headers(), DeadLetterSender.ATTEMPTS));
    }

    /**
     * 503 on every request for a while: an outage. Nothing is dead-lettered however many requests fail, the
     * state gauge says down meanwhile, and everything is stored once the API is back.
     */
    @Test
    void anOutageUsesUpNoAttemptsAndDeadLettersNothing() {
        fake.failAll(503);
        Dispatcher dispatcher = dispatcher(4, 1, 2);
        List<PendingRecord> records = records("o", 20);
        dispatcher.submit(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> apiState() == ApiCircuit.State.DOWN.code());
        assertFalse(dispatcher.apiAvailable());
        int failed = fake.requests();
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.requests() >= failed + 2); // it probes
        assertTrue(fake.requests() > 20 * 2, "more failures than any record's attempts: " + fake.requests());
        fake.failAll(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> ackedOffsets().size() == 20);
        assertTrue(dispatcher.apiAvailable());
        assertEquals(ApiCircuit.State.UP.code(), apiState());
        assertTrue(producer.history().isEmpty());
    }

    /** 404 and 401 on every request: the saver's configuration is wrong, not the records; nothing is dead-lettered. */
    @ParameterizedTest
    @ValueSource(ints = {404, 405, 401, 403})
    void aWrongPathOrRefusedCredentialsOnEveryRequestIsAMisconfigurationNotBadRecords(int status) {
        fake.failAll(status);
        Dispatcher dispatcher = dispatcher(4, 1, 2);
        List<PendingRecord> records = records("m", 10);
        dispatcher.submit(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> apiState() == ApiCircuit.State.MISCONFIGURED.code());
        assertFalse(dispatcher.apiAvailable());
        int failed = fake.requests();
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.requests() > failed); // it probes
        fake.failAll(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> ackedOffsets().size() == 10);
        assertTrue(producer.history().isEmpty());
        assertEquals(ApiCircuit.State.UP.code(), apiState());
    }

    /** With --max-outage, what waits for a failing API goes to the dead letters once the bound has passed. */
    @Test
    void pastMaxOutageTheWaitingRecordsAreDeadLetteredAsApiUnavailable() {
        fake.failAll(503);
        client = new DbApiClient(Endpoints.of(fake.url()), 4, Duration.ofSeconds(5), group);
        Dispatcher dispatcher = dispatcher(client, 4, 1, 5, Duration.ofMillis(500));
        List<PendingRecord> records = records("w", 6);
        dispatcher.submit(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 6);
        for (ProducerRecord<byte[], byte[]> dead : producer.history()) {
            assertEquals("ApiUnavailable", DeadLetters.header(dead.headers(), DeadLetters.ERROR_CLASS));
            assertEquals("503", DeadLetters.header(dead.headers(), DeadLetterSender.HTTP_STATUS));
        }
    }

    /**
     * A 400 on every request before the API took any: a request shape the API does not take (the body, say),
     * not ten bad records. Nothing is dead-lettered; once the API takes requests, each record is sent again.
     */
    @Test
    void aRejectionOfEveryRequestSinceTheStartIsAMisconfiguration() {
        fake.failAll(400);
        Dispatcher dispatcher = dispatcher(4, 1, 5);
        List<PendingRecord> records = records("r", 20);
        dispatcher.submit(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> apiState() == ApiCircuit.State.MISCONFIGURED.code());
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> producer.history().isEmpty());
        fake.failAll(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> ackedOffsets().size() == 20);
        assertTrue(producer.history().isEmpty());
    }

    /** Two results with the same id: the first by offset is stored, the second waits for its answer and is a duplicate. */
    @Test
    void theFirstOfTwoResultsWithTheSameIdIsStoredAndTheSecondWaitsForIt(@TempDir Path dir) {
        try (RealDbApi api = RealDbApi.start(dir, Map.of(DbApiConfig.LATENCY_MS, 30))) {
            client = new DbApiClient(Endpoints.of(api.url()), 16, Duration.ofSeconds(5), group);
            Dispatcher dispatcher = dispatcher(client, 16, 1, 5);
            List<PendingRecord> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.add(record(i, "twice-" + i, HASH_A));
            }
            for (int i = 0; i < 10; i++) {
                records.add(record(10 + i, "twice-" + i, HASH_B));
            }
            dispatcher.submit(records);
            await().atMost(Duration.ofSeconds(10)).until(() -> ackedOffsets().size() == 20);
            for (int i = 0; i < 10; i++) {
                assertEquals(HASH_A, api.storedHash("twice-" + i), "the first by offset wins");
            }
            assertEquals(10.0, registry.counter(SaverMeters.STORED, "outcome", "stored").count());
            assertEquals(10.0, registry.counter(SaverMeters.STORED, "outcome", "duplicate").count());
        }
    }

    @Test
    void releaseWaitsForRequestsInFlightAndDropsTheQueuedOnes() {
        fake.delayAll(300);
        Dispatcher dispatcher = dispatcher(1, 1, 5);
        List<PendingRecord> records = records("r", 5);
        dispatcher.submit(records);
        await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.inFlight() == 1);
        CompletableFuture<Void> released = dispatcher.release(List.of(P0));
        assertFalse(released.isDone(), "a request of the partition is still in flight");
        await().atMost(Duration.ofSeconds(5)).until(released::isDone);
        assertEquals(Set.of(0L), ackedOffsets(), "the request in flight is acknowledged before the release completes");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> fake.storedIds().size() == 1);
    }

    @Test
    void batchesGroupRecordsAndRetryOnlyTheFailedItems() {
        fake.fail("b3", 2, FakeDbApi.Failure.itemError());
        Dispatcher dispatcher = dispatcher(2, 4, 5);
        List<PendingRecord> records = records("b", 8);
        dispatcher.submit(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> ackedOffsets().size() == 8);
        assertEquals(2, fake.requests(DbApiContract.ADD_BATCH));
        assertEquals(3, fake.posts("b3"));
        for (int i = 0; i < 8; i++) {
            assertEquals(i == 3 ? 3 : 1, fake.posts("b" + i), "b" + i);
        }
    }

    @Test
    void batchRefusedAsAWholeIsSplitToFindTheCulprit() {
        fake.failNextRequests(1, 413);
        Dispatcher dispatcher = dispatcher(2, 4, 5);
        List<PendingRecord> records = records("s", 4);
        dispatcher.submit(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> ackedOffsets().size() == 4);
        assertEquals(4, fake.requests(DbApiContract.ADD));
        assertTrue(producer.history().isEmpty());
    }

    private Dispatcher dispatcher(int maxInFlight, int batchSize, int maxAttempts) {
        client = new DbApiClient(Endpoints.of(fake.url()), maxInFlight, Duration.ofSeconds(5), group);
        return dispatcher(client, maxInFlight, batchSize, maxAttempts);
    }

    private Dispatcher dispatcher(DbApiClient client, int maxInFlight, int batchSize, int maxAttempts) {
        return dispatcher(client, maxInFlight, batchSize, maxAttempts, Duration.ZERO);
    }

    private Dispatcher dispatcher(DbApiClient client, int maxInFlight, int batchSize, int maxAttempts, Duration maxOutage) {
        deadLetters = new DeadLetterSender(producer, Topics.deadLetters(TOPIC));
        SaverMetrics metrics = new SaverMetrics(registry);
        Limit limit = new FixedLimit(maxInFlight);
        return new Dispatcher(group.next(), new Storer(client, Endpoints.of(fake.url()), metrics), deadLetters,
                new RetryPolicy(maxAttempts, 10, 50), limit, new ApiCircuit("test", maxOutage, limit, System.nanoTime()),
                new BatchSettings(batchSize, 1 << 20, 0), acks, metrics);
    }

    private int apiState() {
        return (int) registry.get(SaverMeters.API_STATE).gauge().value();
    }

    private Set<Long> ackedOffsets() {
        return acks.stream().map(Ack::offset).collect(Collectors.toSet());
    }

    /** {@code count} records with ids {@code prefix0..}, at offsets 0.. of partition 0. */
    private static List<PendingRecord> records(String prefix, int count) {
        List<PendingRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(i, prefix + i));
        }
        return records;
    }

    private static PendingRecord record(long offset, String id) {
        return record(offset, id, HASH_A);
    }

    private static PendingRecord record(long offset, String id, String hash) {
        Result result = new Result(id, hash, 4, Instant.now(), 1000, "test");
        byte[] value = Json.toBytes(result);
        return new PendingRecord(new ConsumerRecord<>(TOPIC, 0, offset, id.getBytes(), value), id, hash, value);
    }

    private static Cluster dlqCluster() {
        Node node = new Node(0, "localhost", 9092);
        return new Cluster("test", List.of(node), List.of(new PartitionInfo(Topics.deadLetters(TOPIC), 0, node,
                new Node[] {node}, new Node[] {node})), Set.of(), Set.of());
    }
}
