package io.hashpipe.saver.internals;

import io.hashpipe.common.FatalKafkaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's thread: polls results into the {@link OffsetTracker}'s window and hands them to the
 * {@link Dispatcher}, turns its acks into commit points, pauses partitions while the window is full,
 * commits periodically, on revoke and on shutdown, and publishes what is not committed to a {@link CommittedLag}.
 *
 * <p>The consumer is used only from the thread that calls {@link #run} and {@link #shutdown}; rebalance
 * callbacks run on it too, inside {@code poll}.
 */
public final class ConsumerLoop implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** While paused, poll briefly so that acks are turned into room (and a resume) promptly. */
    private static final Duration POLL_PAUSED = Duration.ofMillis(10);
    /**
     * While paused because the API is down, nothing is acknowledged until it is back: polling (which keeps the
     * member in its group) every 100 ms is enough, and wakes the thread ten times less.
     */
    private static final Duration POLL_OUTAGE = POLL;

    /** What the loop needs from the configuration. */
    public record Settings(String topic, int maxBufferedRecords, long maxBufferedBytes, int maxPollRecords,
                           Duration commitInterval, Duration drainTimeout) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Dispatcher dispatcher;
    private final Queue<Ack> acks;
    private final Settings settings;
    private final OffsetTracker tracker = new OffsetTracker();
    private final Committer committer;
    private final CommittedLag committedLag;
    private boolean paused;
    private long nextCommitNanos;

    public ConsumerLoop(Consumer<byte[], byte[]> consumer, Dispatcher dispatcher, Queue<Ack> acks, Settings settings) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
        this.acks = acks;
        this.settings = settings;
        this.committer = new Committer(consumer, tracker);
        this.committedLag = new CommittedLag(consumer::metrics);
    }

    /** The lag of what this loop has not committed, for a gauge; readable from any thread. */
    public CommittedLag committedLag() {
        return committedLag;
    }

    /**
     * Subscribes and polls until {@code stop} says so. Errors are logged per iteration and retried a second later,
     * except those retrying cannot fix (credentials, permissions, fencing, versions, settings), which stop it.
     *
     * @throws FatalKafkaException naming the cause and the fix
     */
    public void run(BooleanSupplier stop) {
        subscribe();
        while (!stop.getAsBoolean()) {
            try {
                step();
            } catch (InterruptException e) {
                log.warn("Saver interrupted; stopping");
                return;
            } catch (RuntimeException e) {
                FatalKafkaException fatal = FatalKafkaException.of(e, "Saver");
                if (fatal != null) {
                    throw fatal;
                }
                log.error("Saver poll loop failed; polling again in a second", e);
                idle(stop, Duration.ofSeconds(1));
            }
        }
    }

    /** Joins the group; partitions arrive in a later poll. */
    void subscribe() {
        consumer.subscribe(List.of(settings.topic()), this);
        nextCommitNanos = System.nanoTime() + settings.commitInterval().toNanos();
    }

    /** Waits for in-flight records (bounded), commits what was stored and forgets every partition. */
    public void shutdown() {
        Set<TopicPartition> all = new HashSet<>(tracker.partitions());
        drainAndCommit(all);
        tracker.forget(all);
        committedLag.forgetAll();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        committedLag.assigned(partitions);
        if (!partitions.isEmpty()) {
            log.info("Assigned {}", partitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        log.info("Revoked {}", partitions);
        drainAndCommit(partitions);
        tracker.forget(partitions);
        committedLag.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        log.warn("Lost {} (another member owns them now): dropping their records without committing", partitions);
        dispatcher.release(partitions);
        tracker.forget(partitions);
        committedLag.forget(partitions);
    }

    /** The window, for tests and diagnostics. */
    OffsetTracker tracker() {
        return tracker;
    }

    void step() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(!paused ? POLL : dispatcher.apiAvailable() ? POLL_PAUSED : POLL_OUTAGE);
        intake(records);
        drainAcks();
        flowControl();
        if (System.nanoTime() - nextCommitNanos >= 0) {
            nextCommitNanos = System.nanoTime() + settings.commitInterval().toNanos();
            committer.commitAsync();
        }
        publishLag();
    }

    private void intake(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<PendingRecord> valid = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            tracker.taken(new TopicPartition(record.topic(), record.partition()), record.offset(), Results.size(record));
            try {
                valid.add(Results.read(record));
            } catch (InvalidResultException e) {
                dispatcher.reject(Results.unreadable(record), "InvalidResult", e.getMessage());
            }
        }
        dispatcher.submit(valid);
    }

    private void drainAcks() {
        for (Ack ack = acks.poll(); ack != null; ack = acks.poll()) {
            tracker.acked(ack.partition(), ack.offset());
        }
    }

    private void flowControl() {
        boolean full = tracker.bufferedRecords() + settings.maxPollRecords() > settings.maxBufferedRecords()
                || tracker.bufferedBytes() >= settings.maxBufferedBytes();
        if (full) {
            Set<TopicPartition> assignment = consumer.assignment();
            if (!consumer.paused().containsAll(assignment)) {
                consumer.pause(assignment);
                log.debug("Window full ({} records, {} bytes): paused {}", tracker.bufferedRecords(), tracker.bufferedBytes(), assignment);
            }
            paused = true;
        } else if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
            log.debug("Window has room ({} records): resumed", tracker.bufferedRecords());
        }
    }

    /** Tells the lag what each tracked partition has taken and not committed (commit callbacks ran in poll). */
    private void publishLag() {
        for (TopicPartition tp : tracker.partitions()) {
            committedLag.uncommitted(tp, tracker.uncommitted(tp));
        }
    }

    private void drainAndCommit(Collection<TopicPartition> partitions) {
        Duration timeout = settings.drainTimeout();
        try {
            dispatcher.release(partitions).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Requests of {} still in flight after {} ms ({}); their records stay uncommitted and will be read again",
                    partitions, timeout.toMillis(), "saver.drain.timeout.ms");
        } catch (ExecutionException e) {
            throw new AssertionError("A release never fails", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainAcks();
        committer.commitSync(partitions);
    }

    private static void idle(BooleanSupplier stop, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (!stop.getAsBoolean() && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
