package io.hashpipe.hasher.internals;

import io.hashpipe.hasher.internals.bcrypt.Bcrypt;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hashing threads: take jobs from the poll thread, bcrypt them at their cost and hand back
 * completions through a queue that the poll thread drains. Jobs of a revoked partition are skipped.
 *
 * <p>A thread takes the oldest queued job together with up to {@code groupSize - 1} more of the same cost,
 * whatever is queued at that moment ({@link JobQueue}; a lone job is hashed alone at once), and hashes them
 * in one go: hashpipe's bcrypt interleaves up to {@link Bcrypt#LANES} hashes on one thread, a group of three
 * in about 1.35 times one hash's time (BENCHMARKS.md); Spring's takes groups of one. A grouped hash's
 * duration (its timer sample, the result's {@code hashMicros} and the mean that sizes the queue) is its share
 * of the thread: the group's time divided by the group's size.
 *
 * <p>A task that bcrypt rejects becomes a dead letter, the rest of its group hashed ({@link JobHasher}); an
 * {@link Error} is handed back as a failure for each job of its group, so that no job ever goes unanswered
 * (its partition would stop committing).
 */
public final class HashWorkers {

    /** Timer of each hash (a grouped hash: its share of the group's time), tagged {@code difficulty}. */
    public static final String HASH_DURATION = "hashpipe.hasher.hash.duration";
    /** Gauge of the workers hashing right now, tagged {@code hasher} (the hasher's name). */
    public static final String BUSY = "hashpipe.hasher.busy";

    private static final Logger log = LoggerFactory.getLogger(HashWorkers.class);

    /** The most jobs hashed together. */
    private final int groupSize;
    private final JobHasher hasher;
    private final JobQueue queue = new JobQueue();
    /** Runs one task per submitted job; a task finds its job already taken into an earlier group, or takes later ones. */
    private final ThreadPoolExecutor executor;
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    /** Jobs submitted and not yet answered or skipped. */
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Workers hashing now; the gauge reads it. */
    private final AtomicInteger busy = new AtomicInteger();
    /** Run by the worker that answers the last outstanding job (the poll thread may then commit at once). */
    private final Runnable onDry;

    public HashWorkers(int threads, String hasherName, String resultsTopic, String deadLettersTopic, MeterRegistry registry) {
        this(threads, hasherName, resultsTopic, deadLettersTopic, registry, false, () -> { });
    }

    /**
     * With {@code fastBcrypt}, hashes with hashpipe's {@link Bcrypt} in groups of up to {@link Bcrypt#LANES}
     * (Spring's hashes, bit for bit, faster), otherwise with Spring's BCrypt one by one; {@code onDry} runs on
     * a worker thread each time the last outstanding job is answered (it must be cheap and thread-safe, such
     * as {@code consumer::wakeup}).
     */
    public HashWorkers(int threads, String hasherName, String resultsTopic, String deadLettersTopic, MeterRegistry registry,
                       boolean fastBcrypt, Runnable onDry) {
        this(threads, hasherName, resultsTopic, deadLettersTopic, registry, fastBcrypt ? Bcrypt.LANES : 1,
                fastBcrypt ? JobHasher.INTERLEAVED : JobHasher.SPRING, onDry);
    }

    /** With {@code kernel} hashing groups of up to {@code groupSize} jobs. */
    HashWorkers(int threads, String hasherName, String resultsTopic, String deadLettersTopic, MeterRegistry registry,
                int groupSize, JobHasher.Kernel kernel, Runnable onDry) {
        this.onDry = onDry;
        this.groupSize = groupSize;
        this.hasher = new JobHasher(kernel, hasherName, resultsTopic, deadLettersTopic, registry);
        AtomicInteger index = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, hasherName + "-worker-" + index.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Tagged by hasher: several hashers may share one registry (run, bench), and a second gauge of the
        // same name and tags would be dropped in favour of the first.
        Gauge.builder(BUSY, busy, AtomicInteger::get).description("Workers hashing now").tag("hasher", hasherName)
                .register(registry);
    }

    /** Queues a job for the next free worker. */
    void submit(Job job) {
        outstanding.incrementAndGet();
        queue.add(job);
        executor.execute(this::work);
    }

    /** {@code record} as a dead letter for this hasher's dead-letter topic. */
    Output deadLetter(ConsumerRecord<byte[], byte[]> record, String errorClass, String message) {
        return hasher.deadLetter(record, errorClass, message);
    }

    /** The next completion, or null when none is waiting. */
    Completion nextCompletion() {
        return completions.poll();
    }

    /** Jobs submitted and not yet answered. */
    int outstanding() {
        return outstanding.get();
    }

    /** The most jobs a worker hashes together. */
    int groupSize() {
        return groupSize;
    }

    /** Mean duration of recent hashes (a grouped hash: its share) in nanoseconds; 0 before the first. */
    double meanHashNanos() {
        return hasher.meanHashNanos();
    }

    /** Drops the queued jobs and waits up to {@code grace} for the running hashes to finish. */
    void shutdown(Duration grace) {
        queue.clear();
        executor.getQueue().clear();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} hashes still running after {} ms; their tasks are redone by the next owner",
                        busy.get(), grace.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One task per job: hashes the group of the oldest queued job, unless earlier tasks took every job already. */
    private void work() {
        List<Job> group = queue.takeGroup(groupSize);
        if (group.isEmpty()) {
            return;
        }
        try {
            List<Job> live = group.stream().filter(job -> !job.partition().revoked()).toList();
            if (!live.isEmpty()) {
                completions.addAll(hash(live));
            }
        } finally {
            if (outstanding.addAndGet(-group.size()) == 0) {
                onDry.run();
            }
        }
    }

    private List<Completion> hash(List<Job> jobs) {
        busy.incrementAndGet();
        try {
            return hasher.hash(jobs);
        } finally {
            busy.decrementAndGet();
        }
    }
}
