package io.hashpipe.saver.internals;

import io.netty.util.concurrent.EventExecutor;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the dispatcher's busy records to the dead-letter topic and acknowledges each once the broker has it;
 * a failed send is tried again after the longest retry delay, for as long as the record's partition is ours.
 *
 * <p>Confined to the dispatcher's event loop; the record stays busy in its partition until it is done.
 */
final class DeadLetterHandoff {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandoff.class);

    private final EventExecutor loop;
    private final DeadLetterSender sender;
    private final PartitionActivity partitions;
    private final RetryPolicy retryPolicy;
    private final Queue<Ack> acks;
    private final SaverMetrics metrics;
    /** Told when a record is done with (acknowledged, or dropped with its partition). */
    private final Consumer<PendingRecord> done;

    DeadLetterHandoff(EventExecutor loop, DeadLetterSender sender, PartitionActivity partitions, RetryPolicy retryPolicy,
                      Queue<Ack> acks, SaverMetrics metrics, Consumer<PendingRecord> done) {
        this.loop = loop;
        this.sender = sender;
        this.partitions = partitions;
        this.retryPolicy = retryPolicy;
        this.acks = acks;
        this.metrics = metrics;
        this.done = done;
    }

    /** A record the API refused: an answer about the record itself. */
    void rejected(PendingRecord record, Outcome outcome) {
        send(record, "Rejected", outcome.error(), outcome.status());
    }

    /**
     * A record that failed for the API's reasons: {@code RetriesExhausted} after its own {@code --max-attempts}
     * (it failed alone while others were stored), else {@code ApiUnavailable} (--max-outage passed).
     */
    void givenUp(PendingRecord record) {
        Outcome last = record.lastFailure;
        boolean ownFailures = record.strikes > 0 && !retryPolicy.mayRetry(record.strikes);
        String error = last != null ? last.error() : "not sent: the API failed for longer than --max-outage";
        send(record, ownFailures ? "RetriesExhausted" : "ApiUnavailable", error, last == null ? 0 : last.status());
    }

    void send(PendingRecord record, String errorClass, String error, int status) {
        log.warn("Sending {} to the dead letters after {} attempt(s): {}", record, record.attempts(), error);
        sender.send(record, errorClass, error, status).whenComplete((ok, failure) -> loop.execute(() -> {
            if (failure == null) {
                metrics.deadLettered();
                acks.add(new Ack(record.partition(), record.offset()));
                partitions.idle(record.partition());
                done.accept(record);
            } else {
                log.error("Cannot send {} to the dead letters (will try again): {}", record, failure.toString());
                loop.schedule(() -> sendAgain(record, errorClass, error, status),
                        retryPolicy.delay(retryPolicy.maxAttempts(), null).toMillis(), TimeUnit.MILLISECONDS);
            }
        }));
    }

    private void sendAgain(PendingRecord record, String errorClass, String error, int status) {
        if (partitions.current(record)) {
            send(record, errorClass, error, status);
        } else {
            partitions.idle(record.partition()); // the partition's next owner reads it again
            done.accept(record);
        }
    }
}
