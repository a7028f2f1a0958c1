package io.hashpipe.saver.internals;

import io.hashpipe.common.FatalKafkaException;
import io.hashpipe.common.offsets.OffsetWindows;
import io.hashpipe.common.offsets.WindowRebalanceListener;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's thread: polls results into their partitions' {@link OffsetWindows} and hands them to the
 * {@link Dispatcher}, turns its acks into commit points, pauses partitions while the windows are full,
 * commits periodically, on revoke and on shutdown, and publishes what is not committed to a {@link CommittedLag}.
 *
 * <p>The consumer is used only from the thread that calls {@link #run} and {@link #shutdown}; rebalance
 * callbacks run on it too, inside {@code poll}.
 */
public final class ConsumerLoop {

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
    /** Results taken and not acknowledged yet, per owned partition. */
    private final OffsetWindows<Void> windows;
    private final Committer committer;
    private final CommittedLag committedLag;
    private boolean paused;
    private long nextCommitNanos;

    public ConsumerLoop(Consumer<byte[], byte[]> consumer, Dispatcher dispatcher, Queue<Ack> acks, Settings settings) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
        this.acks = acks;
        this.settings = settings;
        this.windows = new OffsetWindows<>(settings.maxBufferedRecords(), settings.maxBufferedBytes());
        this.committer = new Committer(consumer, windows);
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
        consumer.subscribe(List.of(settings.topic()), new WindowRebalanceListener(windows, new Rebalance(), log));
        nextCommitNanos = System.nanoTime() + settings.commitInterval().toNanos();
    }

    /** Waits for in-flight records (bounded), commits what was stored and forgets every partition. */
    public void shutdown() {
        Set<TopicPartition> all = new HashSet<>(windows.partitions());
        drainAndCommit(all);
        windows.close(all);
        committedLag.forgetAll();
    }

    /** The windows, for tests and diagnostics. */
    OffsetWindows<Void> windows() {
        return windows;
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

    /** Takes the records into their windows and submits them; then moves the windows past what the poll skipped. */
    private void intake(ConsumerRecords<byte[], byte[]> records) {
        if (!records.isEmpty()) {
            List<PendingRecord> valid = new ArrayList<>(records.count());
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (windows.take(new TopicPartition(record.topic(), record.partition()), record.offset(), Results.size(record)) == null) {
                    log.debug("Skipping {}-{}@{}: the partition is no longer assigned", record.topic(), record.partition(), record.offset());
                    continue;
                }
                try {
                    valid.add(Results.read(record));
                } catch (InvalidResultException e) {
                    dispatcher.reject(Results.unreadable(record), "InvalidResult", e.getMessage());
                }
            }
            dispatcher.submit(valid);
        }
        windows.positionsAt(records.nextOffsets());
    }

    private void drainAcks() {
        for (Ack ack = acks.poll(); ack != null; ack = acks.poll()) {
            windows.done(ack.partition(), ack.offset());
        }
    }

    private void flowControl() {
        if (!windows.hasRoomFor(settings.maxPollRecords())) {
            Set<TopicPartition> assignment = consumer.assignment();
            if (!consumer.paused().containsAll(assignment)) {
                consumer.pause(assignment);
                log.debug("Window full ({} records, {} bytes): paused {}", windows.held(), windows.heldBytes(), assignment);
            }
            paused = true;
        } else if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
            log.debug("Window has room ({} records): resumed", windows.held());
        }
    }

    /** Tells the lag what each tracked partition has taken and not committed (commit callbacks ran in poll). */
    private void publishLag() {
        for (TopicPartition tp : windows.partitions()) {
            committedLag.uncommitted(tp, windows.window(tp).uncommitted());
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

    /** What the saver does when its partitions change: on the consumer's thread, inside poll. */
    private final class Rebalance implements WindowRebalanceListener.Stage {

        @Override
        public void opened(Collection<TopicPartition> partitions) {
            committedLag.assigned(partitions);
        }

        /** Waits (bounded) for the revoked partitions' requests and commits what was stored. */
        @Override
        public void revoking(Collection<TopicPartition> partitions) {
            drainAndCommit(partitions);
        }

        /** Drops the lost partitions' records without waiting: another member owns them, none is committed. */
        @Override
        public void losing(Collection<TopicPartition> partitions) {
            dispatcher.release(partitions);
        }

        @Override
        public void closed(Collection<TopicPartition> partitions) {
            committedLag.forget(partitions);
        }
    }
}
