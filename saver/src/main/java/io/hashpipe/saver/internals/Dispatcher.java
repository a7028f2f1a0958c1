package io.hashpipe.saver.internals;

import io.hashpipe.saver.internals.Outcome.Kind;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
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
 * Keeps up to the (adaptive) limit of requests in flight while the {@link ApiCircuit} says the API is up, and
 * one probe at a time while it is not: groups records into requests, applies each answer per record
 * (acknowledge, send again, or dead-letter) and reports done records as {@link Ack}s to the consumer's thread.
 *
 * <p>A record goes to the dead letters only for an answer about itself (a rejection), after failing alone
 * {@code --max-attempts} times while the API takes other records, or once {@code --max-outage} has passed;
 * records failing for the API's reasons wait for it. All state lives on one event loop: public methods only
 * hand work to it, so no locks are needed. Releasing partitions (revoke, close) drops their waiting records
 * and completes once none of theirs is in a request or a dead-letter send any more.
 */
public final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final EventExecutor loop;
    private final Storer storer;
    private final RetryPolicy retryPolicy;
    private final Limit limit;
    private final ApiCircuit circuit;
    private final WaitingRecords waiting;
    private final Queue<Ack> acks;
    private final SaverMetrics metrics;
    /** Ownership and busy records per partition. */
    private final PartitionActivity partitions = new PartitionActivity();
    private final DeadLetterHandoff deadLetters;
    private final UnprovenRejections unproven;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger currentLimit = new AtomicInteger();
    /** The timer that pumps when the next probe is due, or null. */
    private ScheduledFuture<?> wakeUp;

    public Dispatcher(EventExecutor loop, Storer storer, DeadLetterSender deadLetters, RetryPolicy retryPolicy, Limit limit,
                      ApiCircuit circuit, BatchSettings batching, Queue<Ack> acks, SaverMetrics metrics) {
        this.loop = loop;
        this.storer = storer;
        this.retryPolicy = retryPolicy;
        this.limit = limit;
        this.circuit = circuit;
        this.waiting = new WaitingRecords(batching);
        this.acks = acks;
        this.metrics = metrics;
        this.deadLetters = new DeadLetterHandoff(loop, deadLetters, partitions, retryPolicy, acks, metrics, this::doneWith);
        this.unproven = new UnprovenRejections(loop, waiting, partitions, this.deadLetters);
        currentLimit.set(limit.current());
        metrics.gauges(inFlight::get, currentLimit::get, () -> circuit.state().code());
    }

    /** Queues records for storing, in requests of up to the batch size. */
    public void submit(List<PendingRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        loop.execute(() -> {
            records.forEach(r -> {
                partitions.stamp(r);
                lingerFrom(waiting.add(r));
            });
            if (!waiting.lingers()) {
                waiting.flush();
            }
            pump();
        });
    }

    /** Sends a record that cannot be stored (not a result) straight to the dead letters. */
    public void reject(PendingRecord record, String errorClass, String error) {
        loop.execute(() -> {
            partitions.stamp(record);
            partitions.busy(record.partition());
            deadLetters.send(record, errorClass, error, 0);
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
            waiting.removeIf(r -> set.contains(r.partition())).forEach(this::doneWith);
            partitions.release(set, done);
        });
        return done;
    }

    /** Requests open now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Whether the API takes requests (the circuit is closed); readable from any thread. */
    public boolean apiAvailable() {
        return circuit.up();
    }

    /** Arms the linger timer of a batch that was just opened (generation {@code opened}, or -1 for none). */
    private void lingerFrom(long opened) {
        if (opened >= 0 && waiting.lingers()) {
            loop.schedule(() -> {
                waiting.lingerExpired(opened);
                pump();
            }, waiting.lingerMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** The record is done with: the next one with its id may go. */
    private void doneWith(PendingRecord record) {
        PendingRecord next = waiting.done(record);
        if (next != null && partitions.current(next)) {
            lingerFrom(waiting.addAdmitted(next));
            if (!waiting.lingers()) {
                waiting.flush();
            }
        } else if (next != null) {
            doneWith(next);
        }
    }

    private void pump() {
        long now = System.nanoTime();
        if (circuit.up()) {
            while (inFlight.get() < limit.current() && waiting.hasReady()) {
                send(waiting.next());
            }
            return;
        }
        if (circuit.probeDue(now) && (waiting.hasReady() || waiting.hasHeld())) {
            circuit.probeSent();
            send(waiting.hasReady() ? waiting.next() : waiting.nextHeld());
        }
        if (circuit.outageExceeded(now)) {
            waiting.takeAll().forEach(r -> {
                partitions.busy(r.partition());
                deadLetters.givenUp(r);
            });
        }
        long delay = circuit.nanosUntilProbe(now);
        if (delay > 0 && wakeUp == null) {
            wakeUp = loop.schedule(() -> {
                wakeUp = null;
                pump();
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void send(List<PendingRecord> group) {
        long now = System.nanoTime();
        group.removeIf(r -> !partitions.current(r) && dropped(r));
        if (group.isEmpty()) {
            return;
        }
        inFlight.incrementAndGet();
        for (PendingRecord r : group) {
            r.attempts++;
            r.sentNanos = now;
            partitions.busy(r.partition());
        }
        int open = inFlight.get();
        storer.store(group).whenComplete((answer, error) -> loop.execute(() -> answered(group, now, open, answer)));
    }

    private void answered(List<PendingRecord> group, long sentNanos, int openAtSend, Answer answer) {
        inFlight.decrementAndGet();
        long now = System.nanoTime();
        if (circuit.up()) {
            limit.onAnswer(answer, sentNanos, now, openAtSend); // an outage's failures say nothing about load
        }
        boolean wasProven = circuit.proven();
        if (circuit.onAnswer(answer, sentNanos, now) != null) {
            unproven.stateChanged(circuit);
        }
        if (!wasProven && circuit.proven()) {
            unproven.proven();
        }
        currentLimit.set(limit.current());
        if (answer.whole() && group.size() > 1 && answer.outcomes().get(0).kind() == Kind.REJECTED) {
            // The request as a whole was refused (malformed, too large): find the culprits one by one.
            group.forEach(r -> {
                waiting.retryFirst(new ArrayList<>(List.of(r)));
                partitions.idle(r.partition());
            });
        } else {
            apply(group, answer.outcomes(), now);
        }
        pump();
    }

    private void apply(List<PendingRecord> group, List<Outcome> outcomes, long now) {
        List<PendingRecord> retries = new ArrayList<>();
        List<PendingRecord> waitForApi = new ArrayList<>();
        String retryAfter = null;
        int attempts = 0;
        for (int i = 0; i < group.size(); i++) {
            PendingRecord record = group.get(i);
            Outcome outcome = outcomes.get(i);
            record.lastFailure = outcome.acknowledged() ? null : outcome;
            if (outcome.acknowledged()) {
                metrics.acknowledged(outcome);
                acks.add(new Ack(record.partition(), record.offset()));
                doneWith(record);
            } else if (!partitions.current(record)) {
                log.debug("Dropping {} after {}: its partition was released", record, outcome.error());
                doneWith(record);
            } else if (outcome.kind() == Kind.REJECTED && circuit.proven()) {
                deadLetters.rejected(record, outcome);
                continue; // stays busy until the dead letter is acknowledged
            } else if (outcome.kind() == Kind.REJECTED) {
                unproven.hold(record);
            } else {
                if (circuit.countsAgainstRecord(record.sentNanos)) {
                    record.strikes++;
                }
                if (!retryPolicy.mayRetry(record.strikes) || circuit.outageExceeded(now)) {
                    deadLetters.givenUp(record);
                    continue;
                }
                (circuit.up() ? retries : waitForApi).add(record);
                retryAfter = outcome.retryAfter() != null ? outcome.retryAfter() : retryAfter;
                attempts = Math.max(attempts, record.attempts());
            }
            partitions.idle(record.partition());
        }
        if (!retries.isEmpty()) {
            scheduleRetry(retries, retryPolicy.delay(attempts, retryAfter));
        }
        if (!waitForApi.isEmpty()) {
            waiting.retryFirst(waitForApi); // sent when the API is back, or as a probe
        }
    }

    /** Forgets a record of a released partition; true, for {@code removeIf}. */
    private boolean dropped(PendingRecord record) {
        doneWith(record);
        return true;
    }

    private void scheduleRetry(List<PendingRecord> records, Duration delay) {
        metrics.retried(records.size());
        log.debug("Retrying {} record(s) in {} ms", records.size(), delay.toMillis());
        loop.schedule(() -> {
            records.removeIf(r -> !partitions.current(r) && dropped(r));
            if (!records.isEmpty()) {
                waiting.retryFirst(records);
                pump();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
