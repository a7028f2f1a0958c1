package io.hashpipe.local;

import io.hashpipe.api.BadInputException;
import io.hashpipe.api.Processor;
import io.hashpipe.common.Json;
import io.hashpipe.common.MeterReadings;
import io.hashpipe.common.Task;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.producer.TaskProducer;
import io.hashpipe.saver.SaverMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;

/**
 * One {@code hashpipe run}, without its command line: measures one task on one core, starts a {@link
 * LocalPipeline}, sends the tasks and shows the progress until every task is stored, verifies every stored
 * output with the processor's check, and prints the summary once the pipeline has closed. The tasks are generated
 * (bcrypt-shaped: password, difficulty) or, with {@code run.from}, a file's JSON lines ({@link FileTasks}) sent
 * through the producer's lines path and each output checked against its own line's input. A stage that stops,
 * a producer that fails, {@code run.timeout.s} or a stop request ends it early, the pipeline closed in order.
 *
 * <p>Progress and messages go to {@code err}, the summary to {@code out}.
 */
public final class LocalRun {

    /** How often the run looks at the store, the stages and the stop request. */
    private static final long POLL_MILLIS = 100;

    /** How a run ended. */
    public enum Outcome {
        /** Every task stored once and its output verified. */
        VERIFIED,
        /** A stage or the producer failed, the timeout passed, or not every task was stored once and verified. */
        FAILED,
        /** Stopped on request before every task was stored, after a clean stop. */
        STOPPED
    }

    private final RunConfig config;
    private final int cores;
    private final boolean redraw;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Where {@code --from -} reads its lines. */
    private final InputStream stdin;

    /**
     * @param cores  the machine's cores, for {@code --threads 0} and the CPU-bound ideal
     * @param redraw whether the progress is redrawn in place (a terminal) rather than a line every 5 s
     */
    public LocalRun(RunConfig config, int cores, boolean redraw, PrintWriter out, PrintWriter err) {
        this(config, cores, redraw, out, err, System.in);
    }

    /** @param stdin where {@code --from -} reads the tasks' lines */
    public LocalRun(RunConfig config, int cores, boolean redraw, PrintWriter out, PrintWriter err, InputStream stdin) {
        this.stdin = stdin;
        this.config = config;
        this.cores = cores;
        this.redraw = redraw;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs it.
     *
     * @param stopRequest asked every {@value #POLL_MILLIS} ms: who asks the run to stop (e.g. {@code SIGTERM}), empty
     *                    while nobody does
     * @throws ConfigException when the processor refuses the tasks the run generates (it needs its own: {@code --from})
     * @throws Exception when the pipeline cannot start, or the processor fails on the calibration task
     */
    public Outcome run(Supplier<Optional<String>> stopRequest) throws Exception {
        Processor processor = config.processor();
        RunWorkload workload = config.workload();
        FileTasks file = workload.fromFile() ? FileTasks.read(config.from(), config.idField(), stdin) : null;
        if (file != null && file.first() == null) {
            err.printf("hashpipe run: no task in %s: %s. A task is one JSON object per line, the processor's input%s.%n",
                    file.source(), file.problem(), config.idField().isEmpty() ? " (ids are generated: no field id)"
                            : " with its id in field " + config.idField() + " (--id-field)");
            err.flush();
            return Outcome.FAILED;
        }
        int threads = config.threadsPerHasher(cores);
        err.printf("Measuring one %s on one core...%n", workload.oneTask());
        Map<String, Object> generated = new LinkedHashMap<>();
        generated.put("password", "abcdefghij");
        generated.put("difficulty", config.difficulty());
        io.hashpipe.api.Task sample = file != null ? file.first() : io.hashpipe.api.Task.of("calibration", generated);
        double nanosPerTask;
        try {
            // Warm-up long enough for C2 to compile the kernel, as it is in the hashers by the time it matters.
            nanosPerTask = ProcessorCalibration.nanosPerTask(processor, sample, 1_000_000_000L, 500_000_000L);
        } catch (BadInputException e) {
            if (file == null) {
                throw new ConfigException("processor " + processor.name() + " refused the tasks run generates (fields password"
                        + " and difficulty, e.g. " + Json.toString(generated) + "): " + e.getMessage() + ". Give it its own"
                        + " tasks: --from FILE, one JSON line of its input per task (--id-field NAME to take their ids from a field)");
            }
            err.printf("hashpipe run: processor %s refused the first task of %s (line %d): %s%n", processor.name(),
                    file.source(), file.firstLine(), e.getMessage());
            err.flush();
            return Outcome.FAILED;
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        err.printf("Starting broker, database API (H2, %d ms latency), %d hasher(s) x %d thread(s), saver...%n",
                config.dbLatencyMs(), config.hashers(), threads);
        if (config.shareGroup()) {
            err.println("The hashers share their partitions in a share group (at least once; the database stores each id once).");
        }
        RunSummary summary;
        Awaited awaited;
        try (LocalPipeline pipeline = LocalPipeline.start(config.pipelineSettings(cores), registry, Map.of(), null, config.hasherSettings());
             TaskProducer producer = file == null ? pipeline.newProducer(config.tasks(), config.difficulty(), config.rate())
                     : pipeline.newProducer(file.lines(), file.source(), config.idField(), config.rate())) {
            awaited = file == null ? new Awaited(config.tasks()) : new Awaited(file, pipeline.tasksEnd());
            long baseline = pipeline.dbApi().store().count();
            long start = System.nanoTime();
            CompletableFuture<List<Task>> sent = CompletableFuture.supplyAsync(producer::produce);
            RunProgress progress = file == null ? new RunProgress(registry, config.tasks(), err, redraw)
                    : new RunProgress(registry, file.goodLines(), " tasks from " + file.source() + " (" + processor.name() + ")", err, redraw);
            Outcome early = awaitStored(pipeline, registry, progress, awaited, producer, baseline, start, sent, stopRequest);
            if (early != null) {
                return early;
            }
            long wallNanos = System.nanoTime() - start;
            if (file != null) {
                reportSkipped(producer.linesReport(), file.source());
                if (awaited.count == 0) {
                    err.printf("hashpipe run: failed: no line of %s was sent%n", file.source());
                    err.flush();
                    return Outcome.FAILED;
                }
            }
            int tasks = (int) awaited.count;
            HashVerifier.Report report;
            err.printf("All %,d stored; verifying every output with %s's check...%n", tasks, processor.name());
            if (file == null) {
                Map<String, Task> byId = sent.join().stream().collect(Collectors.toMap(Task::id, Function.identity()));
                report = HashVerifier.verify(byId, pipeline.dbApi().store(), processor);
            } else {
                report = HashVerifier.verifyInputs(awaited.inputs, pipeline.dbApi().store(), processor);
            }
            summary = new RunSummary(tasks, workload, config.hashers(), threads, config.dbLatencyMs(), cores, registry, report,
                    wallNanos, nanosPerTask, awaited.skipped);
        }
        // Printed once the pipeline has closed, so that no line of its shutdown comes after the summary.
        out.print(summary.format());
        out.flush();
        return summary.report().allVerified(summary.tasks()) && summary.skippedLines() == 0 ? Outcome.VERIFIED : Outcome.FAILED;
    }

    /**
     * The tasks the run waits for: generated ones, counted from the start; a file's, counted and read back from the
     * tasks topic (each id with its input, as sent) once the producer has sent every line.
     */
    private static final class Awaited {
        private final Map<TopicPartition, Long> since;
        private long count;
        private long skipped;
        /** A file's tasks by id, their inputs as sent; null until the producer has sent every line (and for generated tasks). */
        private Map<String, Map<String, Object>> inputs;

        Awaited(int tasks) {
            this.since = null;
            this.count = tasks;
        }

        Awaited(FileTasks file, Map<TopicPartition, Long> since) {
            this.since = since;
            this.count = file.goodLines();
        }

        /** Whether the count is final: the tasks are generated, or the file's were all sent and read back. */
        boolean known() {
            return since == null || inputs != null;
        }

        /** Once the producer of a file has finished: its tasks read back from the tasks topic. */
        void sent(LocalPipeline pipeline, TaskProducer producer) {
            inputs = FileTasks.inputs(pipeline.tasksSince(since));
            count = inputs.size();
            skipped = producer.linesReport().skipped();
        }
    }

    /** Says which lines of {@code source} the producer skipped, as the producer command does. */
    private void reportSkipped(TaskProducer.LinesReport report, String source) {
        err.print(report.skippedText("hashpipe run", source));
        err.flush();
    }

    /**
     * Shows the progress until every task is stored (then null), or says why the run ends early and returns how
     * ({@link Outcome#STOPPED} or {@link Outcome#FAILED}). A file's task that went to the dead letters (its
     * processor refused it) is done too: it will not be stored, and the verification counts it missing.
     */
    private Outcome awaitStored(LocalPipeline pipeline, MeterRegistry registry, RunProgress progress, Awaited awaited, TaskProducer producer, long baseline,
                                long start, CompletableFuture<List<Task>> sent, Supplier<Optional<String>> stopRequest)
            throws InterruptedException {
        long stored = 0;
        while (!awaited.known() || stored + (awaited.since == null ? 0 : deadLetters(registry)) < awaited.count) {
            Thread.sleep(POLL_MILLIS);
            stored = pipeline.dbApi().store().count() - baseline;
            if (!awaited.known() && sent.isDone() && !sent.isCompletedExceptionally()) {
                awaited.sent(pipeline, producer);
                progress.total(awaited.count);
            }
            progress.show(stored, System.nanoTime() - start);
            Optional<String> stoppedBy = stopRequest.get();
            if (stoppedBy.isPresent()) {
                progress.finish();
                err.printf("Stopped by %s after %s; shutting down the pipeline cleanly.%n", stoppedBy.get(),
                        progress.reached(stored, System.nanoTime() - start));
                err.flush();
                return Outcome.STOPPED;
            }
            String problem = problem(pipeline, sent, start);
            if (problem != null) {
                progress.finish();
                err.println("hashpipe run: failed: " + problem + "; reached " + progress.reached(stored, System.nanoTime() - start));
                err.flush();
                return Outcome.FAILED;
            }
        }
        progress.finish();
        return null;
    }

    /** The records sent to the dead letters so far, by the hashers and the saver. */
    private static long deadLetters(MeterRegistry registry) {
        return MeterReadings.count(registry, HasherMeters.DEAD_LETTERS) + MeterReadings.count(registry, SaverMeters.DEAD_LETTERS);
    }

    /** Why the run cannot go on, or null while it can. */
    private String problem(LocalPipeline pipeline, CompletableFuture<List<Task>> sent, long start) {
        if (pipeline.failure().isPresent()) {
            return "a stage stopped: " + pipeline.failure().get();
        }
        if (sent.isCompletedExceptionally()) {
            return "the producer failed: " + sent.handle((ok, e) -> e.getCause() == null ? e : e.getCause()).join();
        }
        long timeout = config.timeoutSeconds();
        if (timeout > 0 && System.nanoTime() - start > timeout * 1_000_000_000L) {
            return "not every task was stored within --timeout-s " + timeout;
        }
        return null;
    }
}
