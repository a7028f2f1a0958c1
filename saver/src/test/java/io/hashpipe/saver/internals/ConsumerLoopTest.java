package io.hashpipe.saver.internals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.FatalKafkaException;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Topics;
import io.hashpipe.saver.testing.Endpoints;
import io.hashpipe.saver.testing.FakeDbApi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The poll loop driven step by step over Kafka's MockConsumer, storing through the fake API. */
class ConsumerLoopTest {

    private static final String TOPIC = "results";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final int WINDOW = 10;
    private static final int MAX_POLL = 5;

    private final FakeDbApi fake = FakeDbApi.start();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final RecordingConsumer consumer = new RecordingConsumer();
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final DbApiClient client = new DbApiClient(Endpoints.of(fake.url()), 8, Duration.ofSeconds(5), group);
    private final DeadLetterSender deadLetters = new DeadLetterSender(new MockProducer<>(dlqCluster(), true, null,
            new ByteArraySerializer(), new ByteArraySerializer()), Topics.deadLetters(TOPIC));
    private Dispatcher dispatcher;
    private ConsumerLoop loop;

    @BeforeEach
    void start() {
        SaverMetrics metrics = new SaverMetrics(new SimpleMeterRegistry());
        Limit limit = new FixedLimit(8);
        dispatcher = new Dispatcher(group.next(), new Storer(client, Endpoints.of(fake.url()), metrics), deadLetters, new RetryPolicy(5, 10, 50),
                limit, new ApiCircuit("test", Duration.ZERO, limit, System.nanoTime()), new BatchSettings(1, 1 << 20, 0), acks, metrics);
        loop = new ConsumerLoop(consumer, dispatcher, acks, new ConsumerLoop.Settings(TOPIC, WINDOW, 1 << 20, MAX_POLL,
                Duration.ofMillis(20), Duration.ofSeconds(5)));
        loop.subscribe();
        consumer.rebalance(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    @AfterEach
    void stop() {
        deadLetters.close();
        client.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        fake.close();
    }

    @Test
    void fullWindowPausesEveryPartitionAndResumesOnceItDrains() {
        fake.delayAll(100);
        for (int i = 0; i < 20; i++) {
            consumer.addRecord(record(P0, i, "w" + i));
        }
        loop.step();
        assertEquals(Set.of(P0, P1), consumer.paused(), "20 taken > window of 10: paused");
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            loop.step();
            return consumer.paused().isEmpty();
        });
        assertTrue(loop.windows().held() + MAX_POLL <= WINDOW, "resumed only with room for a full poll");
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            loop.step();
            return committed(P0) == 20;
        });
    }

    /**
     * While the API is down the window fills and the partitions pause, but the loop keeps polling (the member
     * stays in its group) at the idle interval rather than the short one that waits for acks.
     */
    @Test
    void whileTheApiIsDownTheLoopKeepsPollingAtTheIdleInterval() {
        fake.failAll(503);
        for (int i = 0; i < 20; i++) {
            consumer.addRecord(record(P0, i, "down" + i));
        }
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            loop.step();
            return !dispatcher.apiAvailable();
        });
        consumer.timeouts.clear();
        for (int i = 0; i < 5; i++) {
            loop.step();
        }
        assertEquals(Set.of(P0, P1), consumer.paused(), "the window is full");
        assertEquals(List.of(Duration.ofMillis(100)), consumer.timeouts.stream().distinct().toList());
        fake.failAll(0);
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            loop.step();
            return committed(P0) == 20;
        });
    }

    @Test
    void commitPointWaitsForTheSlowestRecordButNotForTheOthers() {
        fake.fail("c2", 1, FakeDbApi.Failure.delay(1_500));
        for (int i = 0; i < 5; i++) {
            consumer.addRecord(record(P0, i, "c" + i));
        }
        await().atMost(Duration.ofSeconds(5)).pollInSameThread().until(() -> {
            loop.step();
            return fake.storedIds().size() == 5 && committed(P0) == 2;
        });
        assertEquals(2, loop.windows().window(P0).position(), "c3 and c4 are stored, c2 is not acknowledged yet");
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            loop.step();
            return committed(P0) == 5;
        });
    }

    @Test
    void revokeWaitsForRecordsInFlightAndCommitsWhatWasStored() {
        fake.delayAll(300);
        for (int i = 0; i < 3; i++) {
            consumer.addRecord(record(P0, i, "p0-" + i));
        }
        consumer.addRecord(record(P1, 0, "p1-0"));
        loop.step();
        await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.inFlight() == 4);
        consumer.rebalance(List.of(P1)); // revokes P0: blocks until its three requests are answered
        assertEquals(3, committed(P0));
        assertFalse(loop.windows().partitions().contains(P0), "P0 is forgotten");
        assertTrue(fake.storedIds().containsAll(Set.of("p0-0", "p0-1", "p0-2")));
        await().atMost(Duration.ofSeconds(5)).pollInSameThread().until(() -> {
            loop.step();
            return committed(P1) == 1;
        });
    }

    @Test
    void invalidRecordIsCommittedOnlyAfterItsDeadLetter() {
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "k".getBytes(StandardCharsets.UTF_8), "{".getBytes(StandardCharsets.UTF_8)));
        consumer.addRecord(record(P0, 1, "after-garbage"));
        await().atMost(Duration.ofSeconds(5)).pollInSameThread().until(() -> {
            loop.step();
            return committed(P0) == 2;
        });
        assertEquals(Set.of("after-garbage"), fake.storedIds());
    }

    @Test
    void committedLagCountsWhatIsNotFetchedAndWhatIsNotCommittedAndDropsRevokedPartitions() {
        consumer.fetchMetrics.lag(P0, 4);
        consumer.fetchMetrics.lag(P1, 2);
        fake.delayAll(300);
        for (int i = 0; i < 3; i++) {
            consumer.addRecord(record(P0, i, "lag-" + i));
        }
        loop.step();
        assertEquals(4 + 2 + 3, loop.committedLag().value(), "three taken, none committed");
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            loop.step();
            return committed(P0) == 3;
        });
        assertEquals(4 + 2, loop.committedLag().value(), "all three committed: only the fetch lag is left");
        consumer.fetchMetrics.lag(P0, 0);
        consumer.fetchMetrics.lag(P1, 0);
        assertEquals(0, loop.committedLag().value());
        consumer.fetchMetrics.lag(P1, 50);
        assertEquals(50, loop.committedLag().value());
        consumer.rebalance(List.of(P0)); // revokes P1
        assertEquals(0, loop.committedLag().value(), "a revoked partition drops out, though its metric is still there");
    }

    private long committed(TopicPartition tp) {
        OffsetAndMetadata offset = consumer.commits.get(tp);
        return offset == null ? -1 : offset.offset();
    }

    static Stream<Arguments> fatalErrors() {
        return Stream.of(
                Arguments.of(new SaslAuthenticationException("Authentication failed: Invalid username or password"), "sasl.*"),
                Arguments.of(new TopicAuthorizationException(Set.of(TOPIC)), "kafka-acls"),
                Arguments.of(new GroupAuthorizationException("Not authorized", "hashpipe-saver"), "--group"),
                Arguments.of(new FencedInstanceIdException("fenced"), "--instance"),
                Arguments.of(new UnsupportedVersionException("The broker does not support JOIN_GROUP"), "upgrade the broker"),
                Arguments.of(new InvalidGroupIdException("bad group"), "--group"));
    }

    /** An error retrying cannot fix stops the loop with the cause and the fix, instead of polling again every second for ever. */
    @ParameterizedTest
    @MethodSource("fatalErrors")
    void anErrorRetryingCannotFixStopsTheLoopNamingTheFix(KafkaException error, String fix) {
        consumer.setPollException(error);
        FatalKafkaException stopped = assertThrows(FatalKafkaException.class, () -> loop.run(() -> false));
        assertTrue(stopped.getMessage().contains(error.getClass().getSimpleName()) && stopped.getMessage().contains(fix),
                stopped.getMessage());
    }

    @Test
    void aRetriableErrorIsRetried() {
        consumer.setPollException(new org.apache.kafka.common.errors.TimeoutException("Timeout expired while fetching topic metadata"));
        consumer.addRecord(record(P0, 0, "after-the-error"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        loop.run(() -> fake.storedIds().contains("after-the-error") || System.nanoTime() > deadline);
        assertTrue(fake.storedIds().contains("after-the-error"), "polled again and stored the record after the error");
    }

    /**
     * Remembers the last commit per partition, also after the partition is revoked (MockConsumer then says 0),
     * and serves fetch-lag metrics set by the test (MockConsumer has none).
     */
    private static final class RecordingConsumer extends MockConsumer<byte[], byte[]> {
        final Map<TopicPartition, OffsetAndMetadata> commits = new ConcurrentHashMap<>();
        final FakeFetchMetrics fetchMetrics = new FakeFetchMetrics();
        /** The timeout of every poll. */
        final List<Duration> timeouts = new CopyOnWriteArrayList<>();

        RecordingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            commits.putAll(offsets);
            super.commitAsync(offsets, callback);
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            timeouts.add(timeout);
            return super.poll(timeout);
        }

        @Override
        public synchronized Map<MetricName, ? extends Metric> metrics() {
            return fetchMetrics.map();
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, String id) {
        Result result = new Result(id, "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS", 4, Instant.now(), 1000, "test");
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, id.getBytes(StandardCharsets.UTF_8), Json.toBytes(result));
    }

    private static Cluster dlqCluster() {
        Node node = new Node(0, "localhost", 9092);
        return new Cluster("test", List.of(node), List.of(new PartitionInfo(Topics.deadLetters(TOPIC), 0, node,
                new Node[] {node}, new Node[] {node})), Set.of(), Set.of());
    }
}
