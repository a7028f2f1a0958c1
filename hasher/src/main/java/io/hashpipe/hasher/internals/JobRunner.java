package io.hashpipe.hasher.internals;

import io.hashpipe.api.BadInputException;
import io.hashpipe.api.BatchingProcessor;
import io.hashpipe.api.Processor;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.Records;
import io.hashpipe.hasher.HasherMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the processor on a group of jobs on the calling worker thread and turns each outcome into a completion:
 * the output as a result ({@link Records#result}), or a dead letter.
 *
 * <p>What happens to a job, as {@link Processor} documents it: a {@link BadInputException} sends it to the dead
 * letters at once with the exception's code and reason; any other exception (or an {@link Error} that is not a
 * {@link VirtualMachineError}, or a {@link StackOverflowError}) is the processor failing, so the job is tried
 * again alone, up to {@value #ATTEMPTS} times in all, then dead-lettered with the exception's class and message:
 * no task can stop its partition. A group that fails is split and each job processed alone, so that one bad
 * input does not take its partners along. An output over {@code record.max.bytes}, or one that is not JSON, is
 * dead-lettered too. A {@link VirtualMachineError} (out of memory) is handed back as a failure that stops the stage.
 *
 * <p>Each job's duration (a group's: its share, the group's time divided by its size) is sampled in
 * {@link HashWorkers#HASH_DURATION}, tagged {@code difficulty} with the job's batch key (bcrypt's cost), or
 * {@code none}.
 */
final class JobRunner {

    /** Times a job is processed before it is dead-lettered for the processor's exceptions. */
    static final int ATTEMPTS = 3;
    /** Error class of a dead letter whose output is too large or not JSON. */
    static final String INVALID_OUTPUT = "InvalidOutput";

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Processor processor;
    private final BatchingProcessor batching;
    private final String resultsTopic;
    private final String deadLettersTopic;
    private final int maxRecordBytes;
    private final MeterRegistry registry;
    private final Map<Object, Timer> timers = new ConcurrentHashMap<>();
    /** Moving mean of a job's duration (a grouped job's share), to size the queue to about a second of work; 0 before the first. */
    private volatile double meanNanos;

    JobRunner(Processor processor, String resultsTopic, String deadLettersTopic, int maxRecordBytes, MeterRegistry registry) {
        this.processor = processor;
        this.batching = processor instanceof BatchingProcessor b && b.maxBatch() > 1 ? b : null;
        this.resultsTopic = resultsTopic;
        this.deadLettersTopic = deadLettersTopic;
        this.maxRecordBytes = maxRecordBytes;
        this.registry = registry;
    }

    /** The most jobs processed together. */
    int groupSize() {
        return batching == null ? 1 : batching.maxBatch();
    }

    /** A completion for each job, in order. */
    List<Completion> run(List<Job> jobs) {
        if (jobs.size() > 1) {
            try {
                return together(jobs);
            } catch (VirtualMachineError e) {
                if (!(e instanceof StackOverflowError)) {
                    return failures(jobs, e);
                }
            } catch (Exception | Error e) {
                log.debug("A group of {} failed ({}); processing each alone", jobs.size(), e.toString());
            }
        }
        List<Completion> each = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            each.add(alone(job));
        }
        return each;
    }

    /** {@code record} as a dead letter for this stage's dead-letter topic. */
    Output deadLetter(ConsumerRecord<byte[], byte[]> record, String errorClass, String message) {
        return Output.deadLetter(deadLettersTopic, record, errorClass, message);
    }

    /** Mean duration of recent jobs (a grouped job: its share) in nanoseconds; 0 before the first. */
    double meanNanos() {
        return meanNanos;
    }

    private List<Completion> together(List<Job> jobs) throws Exception {
        long start = System.nanoTime();
        List<Map<String, Object>> outputs = batching.processBatch(jobs.stream().map(j -> (io.hashpipe.api.Task) j.task()).toList());
        long nanos = (System.nanoTime() - start) / jobs.size();
        if (outputs == null || outputs.size() != jobs.size()) {
            throw new IllegalStateException("processBatch returned " + (outputs == null ? "null" : outputs.size() + " outputs")
                    + " for " + jobs.size() + " tasks");
        }
        List<Completion> done = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            done.add(completion(jobs.get(i), outputs.get(i), nanos));
        }
        return done;
    }

    private Completion alone(Job job) {
        Throwable last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long start = System.nanoTime();
            try {
                Map<String, Object> output = processor.process(job.task());
                return completion(job, output, System.nanoTime() - start);
            } catch (BadInputException e) {
                log.warn("Bad task {} at {}@{}, sending it to the dead letters: {}", job.task().id(), job.window(),
                        job.record().offset(), e.getMessage());
                return dead(job, e.code(), e.getMessage());
            } catch (VirtualMachineError e) {
                if (!(e instanceof StackOverflowError)) {
                    return new Completion(job.window(), job.record().offset(), null, e);
                }
                last = e;
            } catch (Exception | Error e) {
                last = e;
            }
            if (Thread.currentThread().isInterrupted()) {
                break; // over its time limit: the watchdog has answered for it
            }
            log.debug("Processor {} failed on task {} (attempt {} of {}): {}", processor.name(), job.task().id(), attempt,
                    ATTEMPTS, last.toString());
        }
        log.warn("Processor {} failed {} times on task {} at {}@{}, sending it to the dead letters: {}", processor.name(),
                ATTEMPTS, job.task().id(), job.window(), job.record().offset(), last.toString());
        return dead(job, last.getClass().getSimpleName(), "processor " + processor.name() + " failed " + ATTEMPTS
                + " times; the last time: " + last);
    }

    private Completion completion(Job job, Map<String, Object> output, long nanos) {
        timer(job.batchKey()).record(nanos, TimeUnit.NANOSECONDS);
        updateMean(nanos);
        if (output == null) {
            return dead(job, INVALID_OUTPUT, "processor " + processor.name() + " returned no output (null)");
        }
        byte[] json;
        try {
            json = Json.toBytes(Records.result(job.task().id(), processor.name(), output));
        } catch (RuntimeException e) {
            return dead(job, INVALID_OUTPUT, "processor " + processor.name() + " returned an output that is not JSON: " + e.getMessage());
        }
        if (json.length > maxRecordBytes) {
            return dead(job, INVALID_OUTPUT, "the result is " + json.length + " bytes: at most " + maxRecordBytes + " ("
                    + CommonConfigs.RECORD_MAX_BYTES + ", --record-max-bytes)");
        }
        return new Completion(job.window(), job.record().offset(), Output.result(resultsTopic, job.task().id(), json), null);
    }

    private Completion dead(Job job, String errorClass, String message) {
        return new Completion(job.window(), job.record().offset(), deadLetter(job.record(), errorClass, message), null);
    }

    private static List<Completion> failures(List<Job> jobs, Throwable e) {
        return jobs.stream().map(job -> new Completion(job.window(), job.record().offset(), null, e)).toList();
    }

    private synchronized void updateMean(long nanos) {
        meanNanos = meanNanos == 0 ? nanos : meanNanos * 0.8 + nanos * 0.2;
    }

    private Timer timer(Object batchKey) {
        return timers.computeIfAbsent(batchKey == null ? "none" : batchKey, key -> Timer.builder(HasherMeters.HASH_DURATION)
                .description("Time to process one task (bcrypt: hash it)").tag(HasherMeters.TAG_DIFFICULTY, key.toString())
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry));
    }
}
