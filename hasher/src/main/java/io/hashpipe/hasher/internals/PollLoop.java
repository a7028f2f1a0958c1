package io.hashpipe.hasher.internals;

import io.hashpipe.common.offsets.OffsetWindow;
import io.hashpipe.common.offsets.OffsetWindows;
import io.hashpipe.common.offsets.WindowRebalanceListener;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread's loop: fetches tasks, hands them to the workers, collects their completions and commits
 * the contiguous completed prefix of each partition in a transaction: when {@code maxRecords} are ready,
 * when {@code maxMillis} passed since the last commit, or at once when the workers have run dry (no job
 * queued or running: nothing more is coming soon, so waiting would only add latency). Under a backlog the
 * transactions are therefore sized by time and count; when the hashers keep up, each result commits as soon
 * as it is done. The worker that answers the last job wakes the poll, so that this commit does not wait for
 * the poll's timeout.
 *
 * <p>It never blocks on a hash: when too much work is in flight it pauses the assigned partitions and
 * keeps polling, so the member stays in its group however long one hash takes. Its {@link #rebalanceListener}
 * commits what is contiguous before partitions are revoked and drops their unfinished work.
 */
public final class PollLoop {

    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
    /**
     * The longest poll, paused or not. Paused, the queue holds about a second of hashing, so resuming up to
     * this late starves no worker, and each poll is a wake-up that takes a core from them.
     */
    private static final long MAX_POLL_MILLIS = 100;
    /** The wait after an aborted transaction, doubled after each abort in a row up to the maximum. */
    private static final long ABORT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MAX_ABORT_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Aborts in a row from which each one is logged as an error: something more than a rebalance is wrong. */
    private static final int ABORTS_REPORTED = 5;
    /** Pending record bytes above which fetching pauses. */
    static final long MAX_PENDING_BYTES = 32L << 20;

    private final Consumer<byte[], byte[]> consumer;
    private final HashWorkers workers;
    private final ResultCommitter committer;
    private final TaskDecoder decoder;
    private final int threads;
    private final int maxRecords;
    private final long maxNanos;
    /** Tasks fetched and not committed (queued, hashing, or done and awaiting their transaction) that pause fetching. */
    private final int maxPending;
    /** The assigned partitions' tasks from fetch to commit, with their outputs. */
    private final OffsetWindows<Output> windows;
    private final WindowRebalanceListener rebalanceListener;
    private long lastFlushNanos = System.nanoTime();
    private long retryNotBeforeNanos;
    /** Transactions aborted since the last commit. */
    private int abortsInARow;
    /** A fatal error raised inside a rebalance callback, rethrown after poll returns. */
    private RuntimeException listenerFailure;
    /** Set once a fatal error happened: nothing more is committed. */
    private boolean failed;

    public PollLoop(Consumer<byte[], byte[]> consumer, HashWorkers workers, ResultCommitter committer, TaskDecoder decoder,
                    int threads, int maxRecords, int maxMillis) {
        this.consumer = consumer;
        this.workers = workers;
        this.committer = committer;
        this.decoder = decoder;
        this.threads = threads;
        this.maxRecords = maxRecords;
        this.maxNanos = TimeUnit.MILLISECONDS.toNanos(maxMillis);
        this.maxPending = (int) Math.min(Integer.MAX_VALUE, Math.max(2L * maxRecords, 4L * threads));
        this.windows = new OffsetWindows<>(maxPending, MAX_PENDING_BYTES);
        this.rebalanceListener = new WindowRebalanceListener(windows, this::commitRevoked, log);
    }

    /** The listener to subscribe with: it keeps the windows in step with the group. */
    public ConsumerRebalanceListener rebalanceListener() {
        return rebalanceListener;
    }

    /** Polls, hashes and commits until {@code stopping} says so, then commits what is done. */
    public void run(BooleanSupplier stopping) {
        try {
            while (!stopping.getAsBoolean()) {
                step();
            }
            workers.shutdown(Duration.ofSeconds(5));
            collect();
            flush(true);
            throwIfListenerFailed(); // also when the stop's wake-up ended the poll whose callback failed
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        }
    }

    private void step() {
        collect();
        if (flushDue()) {
            flush(false);
        }
        boolean full = full();
        if (full) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(Duration.ofMillis(pollMillis()));
        } catch (WakeupException e) {
            throwIfListenerFailed();
            return;
        } catch (RetriableException e) {
            throwIfListenerFailed();
            // Only what Kafka calls retriable is retried; anything else (credentials, permissions, fencing,
            // versions, settings) stops the hasher with the cause and the fix (Hasher.run).
            log.warn("Poll failed, retrying: {}", e.toString());
            return;
        }
        throwIfListenerFailed();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            admit(record);
        }
        windows.positionsAt(records.nextOffsets());
    }

    private void admit(ConsumerRecord<byte[], byte[]> record) {
        OffsetWindow<Output> window = windows.take(new TopicPartition(record.topic(), record.partition()), record.offset(),
                Math.max(0, record.serializedValueSize()));
        if (window == null) {
            log.debug("Skipping {}-{}@{}: the partition is no longer assigned", record.topic(), record.partition(), record.offset());
            return;
        }
        try {
            TaskDecoder.Decoded task = decoder.decode(record.value(), record.headers());
            workers.submit(new Job(window, record, task.task(), task.batchKey()));
        } catch (InvalidTaskException e) {
            log.warn("Bad task at {}@{}, sending it to the dead letters: {}", window, record.offset(), e.getMessage());
            complete(window, record.offset(), workers.deadLetter(record, e.errorClass(), e.getMessage()));
        }
    }

    /** Applies the workers' completions to the partitions that are still owned. */
    private void collect() {
        for (Completion done = workers.nextCompletion(); done != null; done = workers.nextCompletion()) {
            if (done.failure() != null) {
                throw new IllegalStateException("A hash worker failed: " + done.failure(), done.failure());
            }
            if (windows.owns(done.window())) {
                complete(done.window(), done.offset(), done.output());
            }
        }
    }

    private static void complete(OffsetWindow<Output> window, long offset, Output output) {
        if (!window.done(offset, output)) {
            throw new IllegalStateException("Task " + window + "@" + offset + " answered twice, or never taken");
        }
    }

    private boolean flushDue() {
        long now = System.nanoTime();
        int ready = windows.readyCount();
        return ready > 0 && now - retryNotBeforeNanos >= 0
                && (ready >= maxRecords || now - lastFlushNanos >= maxNanos || workers.outstanding() == 0);
    }

    /** Commits every ready output, in transactions of at most {@code maxRecords}; stops at an abort. */
    private void flush(boolean now) {
        if (failed || (!now && System.nanoTime() - retryNotBeforeNanos < 0)) {
            return;
        }
        for (OffsetWindows.Batch<Output> batch = windows.toCommit(maxRecords); !batch.outputs().isEmpty();
                batch = windows.toCommit(maxRecords)) {
            boolean committed = committer.commit(batch.outputs(), batch.offsets(), consumer.groupMetadata());
            lastFlushNanos = System.nanoTime();
            if (!committed) {
                long backoff = Math.min(MAX_ABORT_BACKOFF_NANOS, ABORT_BACKOFF_NANOS << Math.min(abortsInARow, 16));
                retryNotBeforeNanos = lastFlushNanos + backoff;
                if (++abortsInARow >= ABORTS_REPORTED) {
                    log.error("{} transactions aborted in a row; retrying in {} ms (the reasons are in the warnings above)",
                            abortsInARow, TimeUnit.NANOSECONDS.toMillis(backoff));
                }
                return;
            }
            abortsInARow = 0;
            windows.committed(batch);
        }
    }

    /**
     * Whether to stop fetching: about a second of hashing queued (two groups per thread at least, so that a
     * thread finds a full group when it frees), or too many records awaiting commit.
     */
    private boolean full() {
        double mean = workers.meanHashNanos();
        long perThread = mean == 0 ? 8 : Math.max(2L * workers.groupSize(), (long) (TimeUnit.SECONDS.toNanos(1) / mean));
        return workers.outstanding() >= Math.min(threads * perThread, maxPending) || !windows.hasRoomFor(1);
    }

    private long pollMillis() {
        if (windows.readyCount() == 0) {
            return MAX_POLL_MILLIS;
        }
        long untilDue = TimeUnit.NANOSECONDS.toMillis(lastFlushNanos + maxNanos - System.nanoTime());
        return Math.max(1, Math.min(MAX_POLL_MILLIS, untilDue));
    }

    /**
     * Rethrows the fatal error of a rebalance callback (a revoke's commit fenced, or its outcome unknown) once
     * poll has returned or thrown: the hasher stops with it, whatever ended the poll, and never exits as if every
     * commit had been made.
     */
    private void throwIfListenerFailed() {
        if (listenerFailure != null) {
            throw listenerFailure;
        }
    }

    /** Before revoked partitions' windows close: commits what is done; a fatal error is rethrown after poll. */
    private void commitRevoked(Collection<TopicPartition> partitions) {
        try {
            collect();
            flush(true);
        } catch (RuntimeException e) {
            failed = true;
            listenerFailure = e;
        }
    }
}
