package io.hashpipe.saver.internals;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps up to the (adaptive) limit of requests in flight: groups records into requests, applies each
 * answer per record (acknowledge, retry after a backoff, or dead-letter) and reports done records as
 * {@link Ack}s to the consumer's thread.
 *
 * <p>All state lives on one event loop: public methods only hand work to it, so no locks are needed.
 * Releasing partitions (revoke, close) drops their queued and backing-off records and completes once none
 * of theirs is in a request or a dead-letter send any more.
 */
public final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final EventExecutor loop;
    private final Storer storer;
    private final DeadLetterSender deadLetters;
    private final RetryPolicy retryPolicy;
    private final AdaptiveLimit limit;
    private final Batcher batcher;
    private final Queue<Ack> acks;
    private final SaverMetrics metrics;

    /** Requests waiting for a free slot; retries go first, since they hold back their partition's commit point. */
    private final ArrayDeque<List<PendingRecord>> ready = new ArrayDeque<>();
    /** Ownership and busy records per partition. */
    private final PartitionActivity partitions = new PartitionActivity();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger currentLimit = new AtomicInteger();

    public Dispatcher(EventExecutor loop, Storer storer, DeadLetterSender deadLetters, RetryPolicy retryPolicy,
                      AdaptiveLimit limit, BatchSettings batching, Queue<Ack> acks, SaverMetrics metrics) {
        this.loop = loop;
        this.storer = storer;
        this.deadLetters = deadLetters;
        this.retryPolicy = retryPolicy;
        this.limit = limit;
        this.batcher = new Batcher(batching, ready::addLast);
        this.acks = acks;
        this.metrics = metrics;
        currentLimit.set(limit.current());
        metrics.gauges(inFlight::get, currentLimit::get);
    }

    /** Queues records for storing, in requests of up to the batch size. */
    public void submit(List<PendingRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        loop.execute(() -> {
            for (PendingRecord record : records) {
                partitions.stamp(record);
                long opened = batcher.add(record);
                if (opened >= 0 && batcher.lingers()) {
                    loop.schedule(() -> {
                        batcher.lingerExpired(opened);
                        pump();
                    }, batcher.lingerMs(), TimeUnit.MILLISECONDS);
                }
            }
            if (!batcher.lingers()) {
                batcher.flush();
            }
            pump();
        });
    }

    /** Sends a record that cannot be stored (not a result) straight to the dead letters. */
    public void reject(PendingRecord record, String errorClass, String error) {
        loop.execute(() -> {
            partitions.stamp(record);
            partitions.busy(record.partition());
            deadLetter(record, errorClass, error, 0);
        });
    }

    /**
     * Forgets the partitions' records that are not in flight; the future completes when those in flight
     * are done (their acks are queued by then).
     */
    public CompletableFuture<Void> release(Collection<TopicPartition> released) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Set<TopicPartition> set = new HashSet<>(released);
        loop.execute(() -> {
            batcher.removeIf(r -> set.contains(r.partition()));
            ready.forEach(group -> group.removeIf(r -> set.contains(r.partition())));
            ready.removeIf(List::isEmpty);
            partitions.release(set, done);
        });
        return done;
    }

    /** Requests open now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void pump() {
        while (inFlight.get() < limit.current() && !ready.isEmpty()) {
            List<PendingRecord> group = ready.pollFirst();
            group.removeIf(r -> !partitions.current(r));
            if (!group.isEmpty()) {
                send(group);
            }
        }
    }

    private void send(List<PendingRecord> group) {
        inFlight.incrementAndGet();
        for (PendingRecord r : group) {
            r.attempts++;
            partitions.busy(r.partition());
        }
        long sentNanos = System.nanoTime();
        int open = inFlight.get();
        storer.store(group).whenComplete((answer, error) -> loop.execute(() -> answered(group, sentNanos, open, answer)));
    }

    private void answered(List<PendingRecord> group, long sentNanos, int openAtSend, Answer answer) {
        inFlight.decrementAndGet();
        long now = System.nanoTime();
        if (answer.refused()) {
            limit.onRefusal(sentNanos, now);
        } else if (answer.overloaded()) {
            limit.onOverload(sentNanos, now);
        } else if (answer.status() >= 200 && answer.status() < 300) {
            limit.onSuccess(sentNanos, now - sentNanos, openAtSend);
        }
        currentLimit.set(limit.current());
        Outcome first = answer.outcomes().get(0);
        if (answer.whole() && group.size() > 1 && first.kind() == Outcome.Kind.PERMANENT) {
            // The request as a whole was refused (malformed, too large): find the culprits one by one.
            group.forEach(r -> ready.addFirst(new ArrayList<>(List.of(r))));
            group.forEach(r -> partitions.idle(r.partition()));
        } else {
            apply(group, answer.outcomes());
        }
        pump();
    }

    private void apply(List<PendingRecord> group, List<Outcome> outcomes) {
        List<PendingRecord> retries = new ArrayList<>();
        String retryAfter = null;
        int attempts = 0;
        for (int i = 0; i < group.size(); i++) {
            PendingRecord record = group.get(i);
            Outcome outcome = outcomes.get(i);
            if (outcome.acknowledged()) {
                metrics.acknowledged(outcome);
                acks.add(new Ack(record.partition(), record.offset()));
            } else if (!partitions.current(record)) {
                log.debug("Dropping {} after {}: its partition was released", record, outcome.error());
            } else if (outcome.kind() == Outcome.Kind.TRANSIENT && retryPolicy.mayRetry(record.attempts())) {
                retries.add(record);
                retryAfter = outcome.retryAfter() != null ? outcome.retryAfter() : retryAfter;
                attempts = Math.max(attempts, record.attempts());
            } else {
                String errorClass = outcome.kind() == Outcome.Kind.PERMANENT ? "Rejected" : "RetriesExhausted";
                deadLetter(record, errorClass, outcome.error(), outcome.status());
                continue; // stays busy until the dead letter is acknowledged
            }
            partitions.idle(record.partition());
        }
        if (!retries.isEmpty()) {
            scheduleRetry(retries, retryPolicy.delay(attempts, retryAfter));
        }
    }

    private void scheduleRetry(List<PendingRecord> records, Duration delay) {
        metrics.retried(records.size());
        log.debug("Retrying {} record(s) in {} ms", records.size(), delay.toMillis());
        loop.schedule(() -> {
            records.removeIf(r -> !partitions.current(r));
            if (!records.isEmpty()) {
                ready.addFirst(records);
                pump();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deadLetter(PendingRecord record, String errorClass, String error, int status) {
        log.warn("Sending {} to the dead letters after {} attempt(s): {}", record, record.attempts(), error);
        deadLetters.send(record, errorClass, error, status).whenComplete((ok, failure) -> loop.execute(() -> {
            if (failure == null) {
                metrics.deadLettered();
                acks.add(new Ack(record.partition(), record.offset()));
                partitions.idle(record.partition());
            } else {
                log.error("Cannot send {} to the dead letters (will try again): {}", record, failure.toString());
                loop.schedule(() -> retryDeadLetter(record, errorClass, error, status),
                        retryPolicy.delay(retryPolicy.maxAttempts(), null).toMillis(), TimeUnit.MILLISECONDS);
            }
        }));
    }

    private void retryDeadLetter(PendingRecord record, String errorClass, String error, int status) {
        if (partitions.current(record)) {
            deadLetter(record, errorClass, error, status);
        } else {
            partitions.idle(record.partition()); // the partition's next owner reads it again
        }
    }
}
