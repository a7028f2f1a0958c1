package io.hashpipe.hasher.internals;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import io.hashpipe.common.Task;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ShareLoopTest {

    private static final String TASKS = "tasks";

    /** A share consumer that records each acknowledgement as {@code offset:TYPE}. */
    private static final class RecordingShareConsumer extends MockShareConsumer<byte[], byte[]> {
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

    private static CompletableFuture<Void> start(RecordingShareConsumer consumer, MockProducer<byte[], byte[]> producer,
                                                 AtomicBoolean stopping) {
        Semaphore news = new Semaphore(0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HashWorkers workers = new HashWorkers(1, "sharer", "hashes", "tasks.dlq", registry, true, news::release);
        ShareLoop loop = new ShareLoop(consumer, producer, workers, new TaskDecoder(), registry, news);
        return CompletableFuture.runAsync(() -> loop.run(stopping::get));
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(TASKS, 0, offset, null, value);
    }
}
