package io.hashpipe.saver.internals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Topics;
import io.hashpipe.saver.testing.FakeDbApi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.junit.jupiter.api.Test;

/** The dispatcher with the real HTTP client against the fake API, and Kafka's MockProducer for dead letters. */
class DispatcherTest {

    private static final String TOPIC = "results";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private final FakeDbApi fake = FakeDbApi.start();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(dlqCluster(), false, null,
            new ByteArraySerializer(), new ByteArraySerializer());
    private DbApiClient client;
    private DeadLetterSender deadLetters;

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
        assertEquals(2.0, registry.counter(SaverMetrics.RETRIES).count());
        assertEquals(2.0, registry.counter(SaverMetrics.REQUESTS, "status", "500").count());
    }

    @Test
    void rejectedRecordIsAcknowledgedOnlyOnceItsDeadLetterIsSent() {
        fake.fail("bad", Integer.MAX_VALUE, FakeDbApi.Failure.status(400));
        Dispatcher dispatcher = dispatcher(4, 1, 5);
        dispatcher.submit(List.of(record(0, "bad")));
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

    @Test
    void exhaustedRetriesGoToDeadLettersWithTheAttemptCount() {
        fake.fail("x", Integer.MAX_VALUE, FakeDbApi.Failure.status(503, 0));
        Dispatcher dispatcher = dispatcher(4, 1, 3);
        dispatcher.submit(List.of(record(0, "x")));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        ProducerRecord<byte[], byte[]> dead = producer.history().get(0);
        assertEquals("3", DeadLetters.header(dead.headers(), DeadLetterSender.ATTEMPTS));
        assertEquals("503", DeadLetters.header(dead.headers(), DeadLetterSender.HTTP_STATUS));
        assertEquals("RetriesExhausted", DeadLetters.header(dead.headers(), DeadLetters.ERROR_CLASS));
        assertEquals(3, fake.posts("x"));
    }

    @Test
    void releaseWaitsForRequestsInFlightAndDropsTheQueuedOnes() {
        fake.delayAll(300);
        Dispatcher dispatcher = dispatcher(1, 1, 5);
        List<PendingRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record(i, "r" + i));
        }
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
        List<PendingRecord> records = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            records.add(record(i, "b" + i));
        }
        dispatcher.submit(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> ackedOffsets().size() == 8);
        assertEquals(2, fake.requests(Storer.ADD_BATCH));
        assertEquals(3, fake.posts("b3"));
        for (int i = 0; i < 8; i++) {
            assertEquals(i == 3 ? 3 : 1, fake.posts("b" + i), "b" + i);
        }
    }

    @Test
    void batchRefusedAsAWholeIsSplitToFindTheCulprit() {
        fake.failNextRequests(1, 413);
        Dispatcher dispatcher = dispatcher(2, 4, 5);
        List<PendingRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(record(i, "s" + i));
        }
        dispatcher.submit(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> ackedOffsets().size() == 4);
        assertEquals(4, fake.requests(Storer.ADD));
        assertTrue(producer.history().isEmpty());
    }

    private Dispatcher dispatcher(int maxInFlight, int batchSize, int maxAttempts) {
        client = new DbApiClient(fake.url(), maxInFlight, Duration.ofSeconds(5), group);
        deadLetters = new DeadLetterSender(producer, Topics.deadLetters(TOPIC));
        SaverMetrics metrics = new SaverMetrics(registry);
        return new Dispatcher(group.next(), new Storer(client, metrics), deadLetters, new RetryPolicy(maxAttempts, 10, 50),
                AdaptiveLimit.fixed(maxInFlight), BatchSettings.ofCount(batchSize), acks, metrics);
    }

    private Set<Long> ackedOffsets() {
        return acks.stream().map(Ack::offset).collect(Collectors.toSet());
    }

    private static PendingRecord record(long offset, String id) {
        Result result = new Result(id, "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS", 4, Instant.now(), 1000, "test");
        byte[] value = Json.toBytes(result);
        return new PendingRecord(new ConsumerRecord<>(TOPIC, 0, offset, id.getBytes(), value), id, value);
    }

    private static Cluster dlqCluster() {
        Node node = new Node(0, "localhost", 9092);
        return new Cluster("test", List.of(node), List.of(new PartitionInfo(Topics.deadLetters(TOPIC), 0, node,
                new Node[] {node}, new Node[] {node})), Set.of(), Set.of());
    }
}
