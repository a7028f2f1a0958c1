package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.DeadLetters;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterSenderTest {

    /** A producer that refuses records larger than {@code maxBytes}, as a smaller max.request.size would. */
    static final class SmallRequests extends MockProducer<byte[], byte[]> {
        final int maxBytes;
        int refused;

        SmallRequests(int maxBytes) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.maxBytes = maxBytes;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            int size = DeadLetters.sizeInBytes(record);
            if (size > maxBytes) {
                refused++;
                RecordTooLargeException e = new RecordTooLargeException("The message is " + size + " bytes, larger than " + maxBytes);
                callback.onCompletion(null, e);
                return CompletableFuture.failedFuture(e);
            }
            return super.send(record, callback);
        }
    }

    private DeadLetterSender sender;

    @AfterEach
    void close() {
        sender.close();
    }

    private static PendingRecord unreadable(int valueBytes) {
        return Results.unreadable(new ConsumerRecord<>("hashes", 0, 7, "k".getBytes(), new byte[valueBytes]));
    }

    @Test
    void aResultTooLargeToDeadLetterWholeIsCutToFitTheDefaultRequestSize() throws Exception {
        SmallRequests producer = new SmallRequests(DeadLetters.DEFAULT_MAX_BYTES);
        sender = new DeadLetterSender(producer, "hashes.dlq");
        sender.send(unreadable(DeadLetters.DEFAULT_MAX_BYTES), "InvalidResult", "not JSON", 0).get(5, TimeUnit.SECONDS);

        assertEquals(0, producer.refused, "cut before it was sent");
        ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
        assertTrue(DeadLetters.header(sent.headers(), DeadLetters.TRUNCATED).contains("of " + DeadLetters.DEFAULT_MAX_BYTES + " bytes"));
        assertEquals("not JSON", DeadLetters.header(sent.headers(), DeadLetters.ERROR_MESSAGE));
    }

    @Test
    void aLetterRefusedAsTooLargeIsCutAndSentAgainUntilItFits() throws Exception {
        SmallRequests producer = new SmallRequests(100_000);
        sender = new DeadLetterSender(producer, "hashes.dlq");
        sender.send(unreadable(900_000), "InvalidResult", "not JSON", 0).get(5, TimeUnit.SECONDS);

        assertTrue(producer.refused >= 1 && producer.refused <= 4, "halved each time: " + producer.refused);
        assertEquals(1, producer.history().size());
        assertTrue(DeadLetters.sizeInBytes(producer.history().get(0)) <= 100_000);
        assertTrue(sender.maxBytes() <= 100_000, "later letters start small: " + sender.maxBytes());
        sender.send(unreadable(900_000), "InvalidResult", "not JSON", 0).get(5, TimeUnit.SECONDS);
        assertEquals(2, producer.history().size());
    }

    @Test
    void whenEvenTheSmallestCutIsRefusedTheSendFailsRatherThanRepeats() {
        SmallRequests producer = new SmallRequests(1_000);
        sender = new DeadLetterSender(producer, "hashes.dlq");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> sender.send(unreadable(50_000), "InvalidResult", "not JSON", 0).get(5, TimeUnit.SECONDS));
        assertInstanceOf(RecordTooLargeException.class, e.getCause());
        assertTrue(producer.refused < 10, "a few cuts, then it gives up: " + producer.refused);
    }
}
