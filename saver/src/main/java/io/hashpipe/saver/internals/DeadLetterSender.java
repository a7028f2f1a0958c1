package io.hashpipe.saver.internals;

import io.hashpipe.common.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that cannot be stored to the results topic's dead-letter topic, with headers that say the
 * HTTP status, the API's error and the number of attempts; the future completes when the broker has them.
 *
 * <p>A dead letter is cut to fit ({@link DeadLetters#fit}): a result the broker accepted can make a letter
 * larger than a producer may send. One refused as too large all the same is cut to half and sent again at
 * once, so that no payload is retried unchanged forever; the future fails only when even the smallest cut is
 * refused. {@code send} may block (metadata, a full buffer), so it runs on one thread of its own, never on
 * an event loop.
 */
public final class DeadLetterSender implements AutoCloseable {

    /** Header: the last HTTP status the API answered for the record (absent when it never answered). */
    public static final String HTTP_STATUS = "hashpipe.saver.http.status";
    /** Header: the API's error for the record, or why the record could not be sent. */
    public static final String HTTP_ERROR = "hashpipe.saver.http.error";
    /** Header: requests made for the record before it was given up. */
    public static final String ATTEMPTS = "hashpipe.saver.attempts";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterSender.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hashpipe-saver-dead-letters");
        t.setDaemon(true);
        return t;
    });
    /** The most a dead letter may take now; cut when one was refused as too large. */
    private volatile int maxBytes = DeadLetters.DEFAULT_MAX_BYTES;

    /** Sends to {@code topic} with {@code producer}. */
    public DeadLetterSender(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** The dead-letter topic. */
    public String topic() {
        return topic;
    }

    /**
     * Sends {@code record} to the dead letters.
     *
     * @param errorClass a short name of the failure, e.g. {@code Rejected}
     * @param status     the last HTTP status, or 0 when there was none
     */
    public CompletableFuture<Void> send(PendingRecord record, String errorClass, String error, int status) {
        Headers extra = new RecordHeaders();
        if (status > 0) {
            extra.add(HTTP_STATUS, utf8(Integer.toString(status)));
        }
        extra.add(HTTP_ERROR, utf8(error == null ? "" : error));
        extra.add(ATTEMPTS, utf8(Integer.toString(record.attempts())));
        CompletableFuture<Void> acked = new CompletableFuture<>();
        submit(DeadLetters.of(topic, record.source(), errorClass, error, extra), acked);
        return acked;
    }

    /** The most a dead letter may take now, in bytes. */
    int maxBytes() {
        return maxBytes;
    }

    private void submit(ProducerRecord<byte[], byte[]> letter, CompletableFuture<Void> acked) {
        try {
            sender.execute(() -> {
                ProducerRecord<byte[], byte[]> fitted = DeadLetters.fit(letter, maxBytes);
                try {
                    producer.send(fitted, (metadata, e) -> {
                        if (e == null) {
                            acked.complete(null);
                        } else if (e instanceof RecordTooLargeException && cut(fitted, e)) {
                            submit(letter, acked);
                        } else {
                            acked.completeExceptionally(e);
                        }
                    });
                } catch (RuntimeException e) {
                    acked.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            acked.completeExceptionally(e);
        }
    }

    /** Cuts the dead letters after {@code refused} was too large; false when they cannot get smaller. */
    private synchronized boolean cut(ProducerRecord<byte[], byte[]> refused, Exception e) {
        int smaller = DeadLetters.smallerAfterRefusal(maxBytes, DeadLetters.sizeInBytes(refused));
        if (smaller < 0) {
            log.error("A dead letter of {} bytes was refused as too large ({}) and cannot be cut further: check max.request.size"
                    + " in --kafka-config and max.message.bytes of {}", DeadLetters.sizeInBytes(refused), e.getMessage(), topic);
            return false;
        }
        log.warn("A dead letter of {} bytes was refused as too large ({}); dead letters are cut to {} bytes from now on",
                DeadLetters.sizeInBytes(refused), e.getMessage(), smaller);
        maxBytes = smaller;
        return true;
    }

    /** Stops sending; the producer is closed by its owner. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
