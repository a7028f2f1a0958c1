package io.hashpipe.hasher.internals;

import static io.hashpipe.hasher.HasherMeters.BUSY;
import static io.hashpipe.hasher.HasherMeters.TAG_HASHER;

import io.hashpipe.api.Processor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Limits;
import io.hashpipe.hasher.processors.BcryptProcessor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads: take jobs from the poll thread, run the processor on them ({@link JobRunner}) and hand
 * back completions through a queue that the poll thread drains. Jobs of a revoked partition are skipped.
 *
 * <p>A thread takes the oldest queued job together with up to {@code groupSize - 1} more with its batch key,
 * whatever is queued at that moment ({@link JobQueue}; a lone job is processed alone at once): bcrypt's fast
 * kernel interleaves up to three hashes of one cost on one thread, a group of three in about 1.35 times one
 * hash's time (BENCHMARKS.md). A grouped job's duration (its timer sample and the mean that sizes the queue) is
 * its share of the thread: the group's time divided by the group's size.
 *
 * <p>The time limit: a group that runs longer than the task timeout times its size is answered at once with a
 * dead letter ({@value #TIMEOUT}) for each of its jobs; its thread is interrupted and abandoned (left to finish
 * on its own, its outcome dropped) and a new thread takes its place, so the stage keeps its number of workers.
 * Every job is answered exactly once: by its worker or by the time limit, whichever comes first.
 */
public final class HashWorkers {

    /** Error class of a task dead-lettered for running past the time limit. */
    public static final String TIMEOUT = "TaskTimeout";
    /** The default per-task time limit: ten minutes, beyond bcrypt's default ceiling (cost 20, about a minute). */
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(HashWorkers.class);

    private final String name;
    private final JobRunner runner;
    private final String processorName;
    private final long timeoutNanos;
    private final JobQueue queue = new JobQueue();
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    /** Fires the time limit of each running group. */
    private final ScheduledThreadPoolExecutor alarms;
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger index = new AtomicInteger();
    /** Jobs submitted and not yet answered or skipped. */
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Workers processing now; the gauge reads it. */
    private final AtomicInteger busy = new AtomicInteger();
    /** Run by the thread that answers the last outstanding job (the poll thread may then commit at once). */
    private final Runnable onDry;
    private volatile boolean stopping;

    /** bcrypt, as before processors existed: {@code fastBcrypt} picks hashpipe's interleaved kernel over Spring's. */
    public HashWorkers(int threads, String hasherName, String resultsTopic, String deadLettersTopic, MeterRegistry registry,
                       boolean fastBcrypt, Runnable onDry) {
        this(threads, hasherName, bcrypt(hasherName, threads, fastBcrypt), resultsTopic, deadLettersTopic,
                Limits.DEFAULT_RECORD_MAX_BYTES, DEFAULT_TASK_TIMEOUT, registry, onDry);
    }

    /**
     * @param processor      the configured processor every thread runs
     * @param maxRecordBytes the largest result (a larger output is dead-lettered)
     * @param taskTimeout    the time limit of one task
     * @param onDry          runs each time the last outstanding job is answered (cheap and thread-safe, such as
     *                       {@code consumer::wakeup})
     */
    public HashWorkers(int threads, String hasherName, Processor processor, String resultsTopic, String deadLettersTopic,
                       int maxRecordBytes, Duration taskTimeout, MeterRegistry registry, Runnable onDry) {
        this.name = hasherName;
        this.onDry = onDry;
        this.processorName = processor.name();
        this.timeoutNanos = taskTimeout.toNanos();
        this.runner = new JobRunner(processor, resultsTopic, deadLettersTopic, maxRecordBytes, registry);
        this.alarms = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, hasherName + "-time-limit");
            thread.setDaemon(true);
            return thread;
        });
        alarms.setRemoveOnCancelPolicy(true);
        // Tagged by hasher: several hashers may share one registry (run, bench), and a second gauge of the
        // same name and tags would be dropped in favour of the first.
        Gauge.builder(BUSY, busy, AtomicInteger::get).description("Workers processing a task now").tag(TAG_HASHER, hasherName)
                .register(registry);
        for (int i = 0; i < threads; i++) {
            startWorker();
        }
    }

    private static Processor bcrypt(String hasherName, int threads, boolean fast) {
        BcryptProcessor bcrypt = new BcryptProcessor();
        bcrypt.configure(new ProcessorContext(hasherName, threads, Map.of(BcryptProcessor.Settings.BCRYPT_IMPL,
                fast ? BcryptProcessor.Settings.BCRYPT_FAST : BcryptProcessor.Settings.BCRYPT_SPRING,
                CommonConfigs.MAX_DIFFICULTY, Integer.toString(Limits.DEFAULT_MAX_DIFFICULTY))));
        return bcrypt;
    }

    /** Queues a job for the next free worker. */
    void submit(Job job) {
        outstanding.incrementAndGet();
        queue.add(job);
    }

    /** {@code record} as a dead letter for this stage's dead-letter topic. */
    Output deadLetter(ConsumerRecord<byte[], byte[]> record, String errorClass, String message) {
        return runner.deadLetter(record, errorClass, message);
    }

    /** The next completion, or null when none is waiting. */
    Completion nextCompletion() {
        return completions.poll();
    }

    /** Jobs submitted and not yet answered. */
    int outstanding() {
        return outstanding.get();
    }

    /** The most jobs a worker processes together. */
    int groupSize() {
        return runner.groupSize();
    }

    /** Mean duration of recent jobs (a grouped job: its share) in nanoseconds; 0 before the first. */
    double meanHashNanos() {
        return runner.meanNanos();
    }

    /** Drops the queued jobs and waits up to {@code grace} for the running ones to finish. */
    void shutdown(Duration grace) {
        stopping = true;
        queue.close();
        long until = System.nanoTime() + grace.toNanos();
        try {
            for (Worker worker : workers) {
                long left = until - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(worker, left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long running = workers.stream().filter(Thread::isAlive).count();
        if (running > 0) {
            log.warn("{} tasks still running after {} ms; they are redone by the next owner", running, grace.toMillis());
        }
        alarms.shutdownNow();
    }

    private void startWorker() {
        Worker worker = new Worker(name + "-worker-" + index.incrementAndGet());
        workers.add(worker);
        worker.start();
    }

    /** One worker thread: takes groups until the stage stops or the time limit abandons it. */
    private final class Worker extends Thread {

        private volatile boolean abandoned;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!stopping && !abandoned) {
                    List<Job> group;
                    try {
                        group = queue.awaitGroup(groupSize());
                    } catch (InterruptedException e) {
                        continue;
                    }
                    if (!group.isEmpty()) {
                        runGroup(group);
                    }
                }
            } finally {
                workers.remove(this);
            }
        }

        private void runGroup(List<Job> group) {
            List<Job> live = group.stream().filter(job -> !job.window().closed()).toList();
            if (live.isEmpty()) {
                answered(group.size());
                return;
            }
            long limitNanos = timeoutNanos > Long.MAX_VALUE / live.size() ? Long.MAX_VALUE : timeoutNanos * live.size();
            Instant deadline = Instant.now().plusNanos(Math.min(limitNanos, TimeUnit.DAYS.toNanos(365_000)));
            List<Job> timed = live.stream()
                    .map(job -> new Job(job.window(), job.record(), job.task().withDeadline(deadline), job.batchKey())).toList();
            Running running = new Running(this, timed, group.size());
            busy.incrementAndGet();
            ScheduledFuture<?> alarm = alarms.schedule(() -> timedOut(running, limitNanos), limitNanos, TimeUnit.NANOSECONDS);
            List<Completion> done;
            try {
                done = runner.run(timed);
            } catch (RuntimeException | Error e) {
                done = timed.stream().map(job -> new Completion(job.window(), job.record().offset(), null, e)).toList();
            } finally {
                alarm.cancel(false);
            }
            if (running.answered().compareAndSet(false, true)) {
                busy.decrementAndGet();
                completions.addAll(done);
                answered(running.size);
            } else {
                Thread.interrupted(); // the time limit answered for this group, and this thread now ends
            }
        }
    }

    /** A group being processed, answered once: by its worker or by its time limit. */
    private record Running(Worker worker, List<Job> live, int size, AtomicBoolean answered) {
        Running(Worker worker, List<Job> live, int size) {
            this(worker, live, size, new AtomicBoolean());
        }
    }

    private void timedOut(Running running, long limitNanos) {
        if (!running.answered().compareAndSet(false, true)) {
            return;
        }
        busy.decrementAndGet();
        running.worker.abandoned = true;
        workers.remove(running.worker); // shutdown does not wait for it
        running.worker.interrupt();
        String limit = TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms";
        String reason = "processor " + processorName + " ran longer than the time limit of " + limit + " per task"
                + (running.live.size() > 1 ? " (" + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms for a group of "
                + running.live.size() + ")" : "") + " (hasher.task.timeout.ms, --task-timeout-ms); its thread was interrupted"
                + " and replaced";
        for (Job job : running.live) {
            log.warn("Task {} at {}@{} timed out, sending it to the dead letters: {}", job.task().id(), job.window(),
                    job.record().offset(), reason);
            completions.add(new Completion(job.window(), job.record().offset(), runner.deadLetter(job.record(), TIMEOUT, reason), null));
        }
        if (!stopping) {
            startWorker();
        }
        answered(running.size);
    }

    private void answered(int jobs) {
        if (outstanding.addAndGet(-jobs) == 0) {
            onDry.run();
        }
    }
}
