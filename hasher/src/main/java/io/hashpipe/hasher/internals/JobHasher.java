package io.hashpipe.hasher.internals;

import io.hashpipe.common.Result;
import io.hashpipe.hasher.internals.bcrypt.Bcrypt;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Turns a group of jobs of one cost into their completions on the calling worker thread: a fresh salt each,
 * hashed together by the {@link Kernel}, each hash timed as its share of the group's time (the group's
 * time divided by its size: what the hash cost the thread).
 *
 * <p>When the kernel refuses the group (a {@link RuntimeException}), its jobs are hashed again one by one,
 * so that only the job it refuses becomes a dead letter; an {@link Error} becomes a failure for each job.
 */
final class JobHasher {

    /** Hashes each password with the salt at its index, in order; the salts have one cost. */
    @FunctionalInterface
    interface Kernel {
        List<String> hash(List<String> passwords, List<String> salts);
    }

    /** Spring Security's BCrypt, for groups of one. */
    static final Kernel SPRING = (passwords, salts) -> List.of(BCrypt.hashpw(passwords.get(0), salts.get(0)));
    /** hashpipe's bcrypt, for groups of up to {@link Bcrypt#LANES}. */
    static final Kernel INTERLEAVED = Bcrypt::hashpw;

    private static final Logger log = LoggerFactory.getLogger(JobHasher.class);

    private final Kernel kernel;
    private final String hasherName;
    private final String resultsTopic;
    private final String deadLettersTopic;
    private final MeterRegistry registry;
    private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();
    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(SecureRandom::new);
    /** Moving mean of a hash's duration (a grouped hash's share), to size the queue to about a second of work; 0 before the first. */
    private volatile double meanHashNanos;

    JobHasher(Kernel kernel, String hasherName, String resultsTopic, String deadLettersTopic, MeterRegistry registry) {
        this.kernel = kernel;
        this.hasherName = hasherName;
        this.resultsTopic = resultsTopic;
        this.deadLettersTopic = deadLettersTopic;
        this.registry = registry;
    }

    /** A completion for each job, in order. */
    List<Completion> hash(List<Job> jobs) {
        try {
            return hashOrSplit(jobs);
        } catch (Error e) {
            return jobs.stream().map(job -> new Completion(job.partition(), job.record().offset(), null, e)).toList();
        }
    }

    /** {@code record} as a dead letter for this hasher's dead-letter topic. */
    Output deadLetter(ConsumerRecord<byte[], byte[]> record, String errorClass, String message) {
        return Output.deadLetter(deadLettersTopic, record, errorClass, message);
    }

    /** Mean duration of recent hashes (a grouped hash: its share) in nanoseconds; 0 before the first. */
    double meanHashNanos() {
        return meanHashNanos;
    }

    private List<Completion> hashOrSplit(List<Job> jobs) {
        try {
            return hashTogether(jobs);
        } catch (RuntimeException e) {
            if (jobs.size() == 1) {
                Job job = jobs.get(0);
                log.warn("Task {} at {}@{} could not be hashed, sending it to the dead letters: {}",
                        job.task().id(), job.partition(), job.record().offset(), e.toString());
                return List.of(new Completion(job.partition(), job.record().offset(),
                        deadLetter(job.record(), e.getClass().getSimpleName(), String.valueOf(e.getMessage())), null));
            }
            List<Completion> each = new ArrayList<>(jobs.size());
            for (Job job : jobs) {
                each.addAll(hashOrSplit(List.of(job)));
            }
            return each;
        }
    }

    private List<Completion> hashTogether(List<Job> jobs) {
        List<String> passwords = new ArrayList<>(jobs.size());
        List<String> salts = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            passwords.add(job.task().password());
            salts.add(BCrypt.gensalt(job.task().difficulty(), random.get()));
        }
        long start = System.nanoTime();
        List<String> hashes = kernel.hash(passwords, salts);
        long nanos = (System.nanoTime() - start) / jobs.size();
        List<Completion> done = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            timer(job.task().difficulty()).record(nanos, TimeUnit.NANOSECONDS);
            updateMean(nanos);
            Result result = new Result(job.task().id(), hashes.get(i), job.task().difficulty(), Instant.now(),
                    TimeUnit.NANOSECONDS.toMicros(nanos), hasherName);
            done.add(new Completion(job.partition(), job.record().offset(), Output.result(resultsTopic, result), null));
        }
        return done;
    }

    private synchronized void updateMean(long nanos) {
        meanHashNanos = meanHashNanos == 0 ? nanos : meanHashNanos * 0.8 + nanos * 0.2;
    }

    private Timer timer(int difficulty) {
        return timers.computeIfAbsent(difficulty, d -> Timer.builder(HashWorkers.HASH_DURATION)
                .description("Time to bcrypt one task").tag("difficulty", Integer.toString(d))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry));
    }
}
