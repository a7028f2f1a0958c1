package io.hashpipe.hasher.internals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import io.hashpipe.common.Task;
import io.hashpipe.hasher.HasherMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ShareLoopTest {

    private static final String TASKS = "tasks";

    /** A share consumer that records each acknowledgement as {@code offset:TYPE}. */
    private static class RecordingShareConsumer extends MockShareConsumer<byte[], byte[]> {
        final List<String> acks = Collections.synchronizedList(new ArrayList<>());

        @Override
        public synchronized void acknowledge(ConsumerRecord<byte[], byte[]> record, AcknowledgeType type) {
            acks.add(record.offset() + ":" + type.name());
        }
    }

    @Test
    void aTaskIsAcceptedOnlyAfterItsResultIsAcknowledgedAndABadOneRejectedAfterItsDeadLetter() throws Exception {
        RecordingShareConsumer consumer = new RecordingShareConsumer();
        consumer.subscribe(List.of(TASKS));
        consumer.addRecord(record(0, Json.toBytes(new Task("a", "pw-a", 4, Instant.now()))));
        consumer.addRecord(record(1, "not json".getBytes(StandardCharsets.UTF_8)));
        consumer.addRecord(record(2, Json.toBytes(new Task("c", "pw-c", 4, Instant.now()))));
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<Void> running = start(consumer, producer, stopping);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> producer.history().size() == 3);
            // Nothing acknowledged, throughout the time the loop would take to acknowledge too early.
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(consumer.acks::isEmpty);
            assertEquals(List.of(), consumer.acks, "nothing acknowledged before the broker acknowledged the sends");

            assertTrue(producer.errorNext(new TimeoutException("the broker is away")), "one send fails");
            await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 4); // sent again, not rejected
            while (producer.completeNext()) {
                // the rest succeed
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> consumer.acks.size() == 3);
        } finally {
            stopping.set(true);
            running.get();
        }
        List<String> acks = new ArrayList<>(consumer.acks);
        Collections.sort(acks);
        assertEquals(List.of("0:ACCEPT", "1:REJECT", "2:ACCEPT"), acks, "each task once: results accepted, the bad one rejected");
        long deadLetters = producer.history().stream().filter(r -> r.topic().equals("tasks.dlq")).count();
        // The bad task's dead letter is sent first (decoding fails at once, before any hash ends): it is the send
        // that failed, so it went twice, and the task was rejected once, after the second was acknowledged.
        assertEquals(2, deadLetters, "the bad task's dead letter: the failed send and the one sent again");
    }

    /**
     * A share consumer that acknowledges and renews as Kafka's does in explicit mode: an acknowledgement goes to
     * the first delivery it holds of the offset (also one acknowledged already) until a poll or a commit sends
     * them; a record acknowledged with {@code RENEW} then leaves the flight until the broker answers (here: once
     * {@code answered} says so), and the next poll hands it back and nothing new; a poll while a delivery handed
     * over is unacknowledged, or an acknowledgement of a record not in flight, is refused.
     */
    private static final class RenewingShareConsumer extends RecordingShareConsumer {
        private final int lockMillis;
        private final BooleanSupplier answered;
        /** Deliveries handed over and not sent yet; one offset can be handed over twice, as Kafka's can. */
        private final List<ConsumerRecord<byte[], byte[]>> inFlight = new ArrayList<>();
        /** The acknowledgement of each delivery in flight, by identity. */
        private final Map<ConsumerRecord<byte[], byte[]>, AcknowledgeType> acknowledged = new IdentityHashMap<>();
        private final List<ConsumerRecord<byte[], byte[]>> renewing = new ArrayList<>();

        RenewingShareConsumer(int lockMillis, BooleanSupplier answered) {
            this.lockMillis = lockMillis;
            this.answered = answered;
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            send();
            if (!inFlight.isEmpty()) {
                throw new IllegalStateException("All records must be acknowledged in explicit acknowledgement mode.");
            }
            if (!renewing.isEmpty()) {
                if (!answered.getAsBoolean()) {
                    try {
                        Thread.sleep(Math.min(timeout.toMillis(), 5));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ConsumerRecords.empty();
                }
                List<ConsumerRecord<byte[], byte[]>> back = new ArrayList<>(renewing);
                renewing.clear();
                inFlight.addAll(back);
                return new ConsumerRecords<>(Map.of(new TopicPartition(TASKS, 0), back), Map.of());
            }
            ConsumerRecords<byte[], byte[]> fetched = super.poll(timeout);
            fetched.forEach(inFlight::add);
            return fetched;
        }

        @Override
        public synchronized void acknowledge(ConsumerRecord<byte[], byte[]> record, AcknowledgeType type) {
            ConsumerRecord<byte[], byte[]> delivery = inFlight.stream().filter(r -> r.offset() == record.offset()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("The record cannot be acknowledged."));
            acknowledged.put(delivery, type);
            super.acknowledge(record, type);
        }

        @Override
        public synchronized void commitAsync() {
            send();
        }

        @Override
        public synchronized Map<TopicIdPartition, Optional<KafkaException>> commitSync(Duration timeout) {
            send();
            return Map.of();
        }

        /** Sends the acknowledgements: the deliveries acknowledged leave the flight, the renewed ones until answered. */
        private void send() {
            for (Iterator<ConsumerRecord<byte[], byte[]>> deliveries = inFlight.iterator(); deliveries.hasNext(); ) {
                ConsumerRecord<byte[], byte[]> delivery = deliveries.next();
                AcknowledgeType type = acknowledged.remove(delivery);
                if (type != null) {
                    deliveries.remove();
                    if (type == AcknowledgeType.RENEW) {
                        renewing.add(delivery);
                    }
                }
            }
        }

        @Override
        public Optional<Integer> acquisitionLockTimeoutMs() {
            return Optional.of(lockMillis);
        }
    }

    @Test
    void aTaskWhoseResultIsAcknowledgedWhileItsRenewalIsOnTheWireIsAcceptedOnShutdownOnceItsRecordIsBack() throws Exception {
        AtomicBoolean stopping = new AtomicBoolean();
        // The broker answers the renewal only after the stop began: the loop must wait for it to accept the task.
        // A lock of 2 s: renewed after 1 s, and the renewal taken for lost only after 2 s more.
        RenewingShareConsumer consumer = new RenewingShareConsumer(2_000, stopping::get);
        consumer.subscribe(List.of(TASKS));
        consumer.addRecord(record(0, Json.toBytes(new Task("a", "pw-a", 4, Instant.now()))));
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CompletableFuture<Void> running = start(consumer, producer, stopping, registry);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> producer.history().size() == 1 && consumer.acks.contains("0:RENEW"));
            assertTrue(producer.completeNext(), "the broker acknowledges the result while the renewal is on the wire");
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.get(HasherMeters.HASHES).counter().count() == 1);
        } finally {
            stopping.set(true);
            running.get();
        }
        assertEquals(List.of("0:RENEW", "0:ACCEPT"), consumer.acks, "renewed once, then accepted: not left for close to release");
    }

    @Test
    void aBatchThatWaitedInTheConsumerBehindALongOneIsRenewedAtOnceForItsLockStartedWhenItWasFetched() throws Exception {
        RenewingShareConsumer consumer = new RenewingShareConsumer(2_000, () -> true);
        consumer.subscribe(List.of(TASKS));
        consumer.addRecord(record(0, Json.toBytes(new Task("a", "pw-a", 4, Instant.now()))));
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<Void> running = start(consumer, producer, stopping);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> producer.history().size() == 1);
            // Fetched in the background while task a is held; a poll hands it over only once a is acknowledged.
            consumer.addRecord(record(1, Json.toBytes(new Task("b", "pw-b", 4, Instant.now()))));
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.acks.contains("0:RENEW")); // a outlived half its lock
            assertTrue(producer.completeNext());
            await().atMost(Duration.ofSeconds(20)).until(() -> producer.history().size() == 2);
            assertTrue(producer.completeNext(), "b's result acknowledged as soon as it is sent");
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.acks.contains("1:ACCEPT"));
        } finally {
            stopping.set(true);
            running.get();
        }
        assertEquals(List.of("0:RENEW", "0:ACCEPT", "1:RENEW", "1:ACCEPT"), consumer.acks,
                "b renewed before anything else: its lock ran since before a was accepted");
    }

    @Test
    void aTaskHandedOverTwiceIsAcknowledgedInBothDeliveriesAndTheLoopPollsOn() throws Exception {
        RenewingShareConsumer consumer = new RenewingShareConsumer(30_000, () -> true);
        consumer.subscribe(List.of(TASKS));
        byte[] task = Json.toBytes(new Task("a", "pw-a", 4, Instant.now()));
        // A delivery whose lock ran out in the consumer's buffer, and the broker's next one, in one poll.
        consumer.addRecord(record(0, task));
        consumer.addRecord(new ConsumerRecord<>(TASKS, 0, 0, 0L, TimestampType.CREATE_TIME, 0, task.length, null, task,
                new RecordHeaders(), Optional.empty(), Optional.of((short) 2)));
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<Void> running = start(consumer, producer, stopping);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.acks.size() == 2);
            consumer.addRecord(record(1, Json.toBytes(new Task("b", "pw-b", 4, Instant.now()))));
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.acks.contains("1:ACCEPT"));
        } finally {
            stopping.set(true);
            running.get(); // a poll refused for an unacknowledged delivery would have failed the loop
        }
        assertEquals(List.of("0:ACCEPT", "0:ACCEPT", "1:ACCEPT"), consumer.acks, "each delivery accepted, the task hashed once");
        assertEquals(2, producer.history().size(), "one result per task");
    }

    @Test
    void aTaskDeliveredAgainAfterItsResultWasSentIsAcceptedAgainWithoutASecondHash() throws Exception {
        RenewingShareConsumer consumer = new RenewingShareConsumer(30_000, () -> true);
        consumer.subscribe(List.of(TASKS));
        byte[] task = Json.toBytes(new Task("a", "pw-a", 4, Instant.now()));
        consumer.addRecord(record(0, task));
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<Void> running = start(consumer, producer, stopping);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.acks.size() == 1);
            // Its lock ran out in the consumer's buffer before the ACCEPT came: the broker gives it out again.
            consumer.addRecord(new ConsumerRecord<>(TASKS, 0, 0, 0L, TimestampType.CREATE_TIME, 0, task.length, null, task,
                    new RecordHeaders(), Optional.empty(), Optional.of((short) 2)));
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.acks.size() == 2);
        } finally {
            stopping.set(true);
            running.get();
        }
        assertEquals(List.of("0:ACCEPT", "0:ACCEPT"), consumer.acks);
        assertEquals(1, producer.history().size(), "hashed and sent once");
    }

    private static CompletableFuture<Void> start(RecordingShareConsumer consumer, MockProducer<byte[], byte[]> producer,
                                                 AtomicBoolean stopping) {
        return start(consumer, producer, stopping, new SimpleMeterRegistry());
    }

    private static CompletableFuture<Void> start(RecordingShareConsumer consumer, MockProducer<byte[], byte[]> producer,
                                                 AtomicBoolean stopping, SimpleMeterRegistry registry) {
        Semaphore news = new Semaphore(0);
        HashWorkers workers = new HashWorkers(1, "sharer", "hashes", "tasks.dlq", registry, true, news::release);
        ShareLoop loop = new ShareLoop(consumer, producer, workers, new TaskDecoder(), registry, news);
        return CompletableFuture.runAsync(() -> loop.run(stopping::get));
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(TASKS, 0, offset, null, value);
    }
}
