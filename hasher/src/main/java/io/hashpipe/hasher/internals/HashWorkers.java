package io.hashpipe.hasher.internals;

import io.hashpipe.common.Result;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The hashing threads: take jobs from the poll thread, bcrypt them at their cost and hand back
 * completions through a queue that the poll thread drains. Jobs of a revoked partition are skipped.
 *
 * <p>A task that bcrypt rejects becomes a dead letter; an {@link Error} is handed back as a failure, so
 * that no job ever goes unanswered (its partition would stop committing).
 */
public final class HashWorkers {

    /** Timer of each hash, tagged {@code difficulty}. */
    public static final String HASH_DURATION = "hashpipe.hasher.hash.duration";
    /** Gauge of the workers hashing right now, tagged {@code hasher} (the hasher's name). */
    public static final String BUSY = "hashpipe.hasher.busy";

    private static final Logger log = LoggerFactory.getLogger(HashWorkers.class);

    private final String hasherName;
    /** (password, salt) -> hash: Spring's BCrypt or FastBcrypt. */
    private final BinaryOperator<String> hashpw;
    private final String resultsTopic;
    private final String deadLettersTopic;
    private final MeterRegistry registry;
    private final ThreadPoolExecutor executor;
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    /** Jobs submitted and not yet answered or skipped. */
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Workers hashing now; the gauge reads it. */
    private final AtomicInteger busy = new AtomicInteger();
    private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();
    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(SecureRandom::new);
    /** Moving mean of a hash's duration, to size the queue to about a second of work; 0 before the first. */
    private volatile double meanHashNanos;
    /** Run by the worker that answers the last outstanding job (the poll thread may then commit at once). */
    private final Runnable onDry;

    public HashWorkers(int threads, String hasherName, String resultsTopic, String deadLettersTopic, MeterRegistry registry) {
        this(threads, hasherName, resultsTopic, deadLettersTopic, registry, false, () -> { });
    }

    /**
     * With {@code fastBcrypt}, hashes with {@link FastBcrypt} (Spring's hashes, bit for bit, faster);
     * {@code onDry} runs on a worker thread each time the last outstanding job is answered (it must be cheap
     * and thread-safe, such as {@code consumer::wakeup}).
     */
    public HashWorkers(int threads, String hasherName, String resultsTopic, String deadLettersTopic, MeterRegistry registry,
                       boolean fastBcrypt, Runnable onDry) {
        this.deadLettersTopic = deadLettersTopic;
        this.onDry = onDry;
        this.hashpw = fastBcrypt ? FastBcrypt::hashpw : BCrypt::hashpw;
        this.hasherName = hasherName;
        this.resultsTopic = resultsTopic;
        this.registry = registry;
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
        executor.execute(() -> work(job));
    }

    /** {@code record} as a dead letter for this hasher's dead-letter topic. */
    Output deadLetter(ConsumerRecord<byte[], byte[]> record, String errorClass, String message) {
        return Output.deadLetter(deadLettersTopic, record, errorClass, message);
    }

    /** The next completion, or null when none is waiting. */
    Completion nextCompletion() {
        return completions.poll();
    }

    /** Jobs submitted and not yet answered. */
    int outstanding() {
        return outstanding.get();
    }

    /** Mean duration of recent hashes in nanoseconds; 0 before the first. */
    double meanHashNanos() {
        return meanHashNanos;
    }

    /** Drops the queued jobs and waits up to {@code grace} for the running hashes to finish. */
    void shutdown(Duration grace) {
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

    private void work(Job job) {
        try {
            if (!job.partition().revoked()) {
                completions.add(hash(job));
            }
        } finally {
            if (outstanding.decrementAndGet() == 0) {
                onDry.run();
            }
        }
    }

    private Completion hash(Job job) {
        long offset = job.record().offset();
        busy.incrementAndGet();
        try {
            long start = System.nanoTime();
            String hash = hashpw.apply(job.task().password(), BCrypt.gensalt(job.task().difficulty(), random.get()));
            long nanos = System.nanoTime() - start;
            timer(job.task().difficulty()).record(nanos, TimeUnit.NANOSECONDS);
            updateMean(nanos);
            Result result = new Result(job.task().id(), hash, job.task().difficulty(), Instant.now(),
                    TimeUnit.NANOSECONDS.toMicros(nanos), hasherName);
            return new Completion(job.partition(), offset, Output.result(resultsTopic, result), null);
        } catch (RuntimeException e) {
            log.warn("Task {} at {}@{} could not be hashed, sending it to the dead letters: {}",
                    job.task().id(), job.partition(), offset, e.toString());
            return new Completion(job.partition(), offset,
                    deadLetter(job.record(), e.getClass().getSimpleName(), String.valueOf(e.getMessage())), null);
        } catch (Error e) {
            return new Completion(job.partition(), offset, null, e);
        } finally {
            busy.decrementAndGet();
        }
    }

    private synchronized void updateMean(long nanos) {
        meanHashNanos = meanHashNanos == 0 ? nanos : meanHashNanos * 0.8 + nanos * 0.2;
    }

    private Timer timer(int difficulty) {
        return timers.computeIfAbsent(difficulty, d -> Timer.builder(HASH_DURATION)
                .description("Time to bcrypt one task").tag("difficulty", Integer.toString(d))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry));
    }
}
