package io.hashpipe.producer.internals;

import io.hashpipe.common.KafkaClientMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's send loop: one idempotent {@link KafkaProducer} for one run, the records of a {@link Source}
 * sent at the {@link Pacer}'s pace, and the broker's acknowledgements counted. The first failed send (after the
 * client's own retries) stops the loop; a record refused as too large is handed to its own handler instead when
 * it has one (a bad line, not a failed run).
 *
 * <p>{@link #sendAll} runs on one thread; the counts are read from any thread.
 */
public final class TaskSender {

    private static final Logger log = LoggerFactory.getLogger(TaskSender.class);

    /** The next record to send, or null at the end. */
    @FunctionalInterface
    public interface Source {
        Outgoing next() throws IOException;
    }

    /**
     * A record to send, and what a refusal of it as too large means: null when it is a failed send like any
     * other (the run stops), else the record's own problem, told the refusal.
     */
    public record Outgoing(ProducerRecord<String, byte[]> record, Consumer<RecordTooLargeException> tooLarge) {
    }

    /** The producer's properties, built when a run starts (they may read --kafka-config's file). */
    private final Supplier<Map<String, Object>> producerProperties;
    private final MeterRegistry registry;
    private final Counter sentCounter;
    private final Pacer pacer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    /** A sender over a producer of {@code producerProperties}, counting acknowledged tasks on {@code sentCounter}. */
    public TaskSender(Supplier<Map<String, Object>> producerProperties, MeterRegistry registry, Counter sentCounter, Pacer pacer) {
        this.producerProperties = producerProperties;
        this.registry = registry;
        this.sentCounter = sentCounter;
        this.pacer = pacer;
    }

    /**
     * Sends what {@code source} gives, paced, until it ends, a send fails or the pacer is stopped, then waits
     * until every record sent is acknowledged or failed; returns how many were sent.
     *
     * @throws IOException when {@code source} cannot be read (what was sent is flushed first)
     */
    public long sendAll(long total, Source source) throws IOException {
        Progress progress = new Progress(total, System.nanoTime());
        long count = 0;
        boolean interrupted = false;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties.get(), new StringSerializer(), new ByteArraySerializer());
             KafkaClientMeters clientMeters = new KafkaClientMeters(registry)) {
            clientMeters.bind(producer);
            Callback callback = (metadata, e) -> acknowledged(e);
            try {
                for (long i = 0; firstFailure.get() == null && pacer.awaitTurn(i); i++) {
                    Outgoing next = source.next();
                    if (next == null) {
                        break;
                    }
                    producer.send(next.record(), next.tooLarge() == null ? callback : (metadata, e) -> {
                        if (e instanceof RecordTooLargeException tooLarge) {
                            next.tooLarge().accept(tooLarge);
                        } else {
                            acknowledged(e);
                        }
                    });
                    count++;
                    String line = progress.next(acknowledged.get(), System.nanoTime());
                    if (line != null) {
                        log.info(line);
                    }
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (KafkaException e) {
                acknowledged(e);
            } catch (IOException e) {
                producer.flush();
                throw e;
            }
            producer.flush();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("{}{}", progress.last(acknowledged.get(), System.nanoTime()), pacer.stopped() ? " (stopped early)" : "");
        return count;
    }

    /** Tasks the broker has acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Tasks whose send failed after the client's retries. */
    public long failed() {
        return failed.get();
    }

    /** The first failed send's error, or null. */
    public Exception firstFailure() {
        return firstFailure.get();
    }

    private void acknowledged(Exception e) {
        if (e == null) {
            acknowledged.incrementAndGet();
            sentCounter.increment();
        } else {
            failed.incrementAndGet();
            if (firstFailure.compareAndSet(null, e)) {
                log.error("A task could not be sent; stopping: {}", e.toString());
            }
        }
    }
}
