package io.hashpipe.local;

import io.hashpipe.api.Processor;
import io.hashpipe.common.Task;
import io.hashpipe.producer.TaskProducer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One {@code hashpipe run}, without its command line: measures one task on one core, starts a {@link
 * LocalPipeline}, sends the tasks and shows the progress until every task is stored, verifies every stored
 * output with the processor's check, and prints the summary once the pipeline has closed. A stage that stops,
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

    /**
     * @param cores  the machine's cores, for {@code --threads 0} and the CPU-bound ideal
     * @param redraw whether the progress is redrawn in place (a terminal) rather than a line every 5 s
     */
    public LocalRun(RunConfig config, int cores, boolean redraw, PrintWriter out, PrintWriter err) {
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
     * @throws Exception when the pipeline cannot start, or the processor fails on the calibration task
     */
    public Outcome run(Supplier<Optional<String>> stopRequest) throws Exception {
        Processor processor = config.processor();
        RunWorkload workload = config.workload();
        int tasks = config.tasks();
        int threads = config.threadsPerHasher(cores);
        err.printf("Measuring one %s on one core...%n", workload.oneTask());
        io.hashpipe.api.Task sample = io.hashpipe.api.Task.of("calibration",
                Map.of("password", "abcdefghij", "difficulty", config.difficulty()));
        // Warm-up long enough for C2 to compile the kernel, as it is in the hashers by the time it matters.
        double nanosPerTask = ProcessorCalibration.nanosPerTask(processor, sample, 1_000_000_000L, 500_000_000L);
        MeterRegistry registry = new SimpleMeterRegistry();
        err.printf("Starting broker, database API (H2, %d ms latency), %d hasher(s) x %d thread(s), saver...%n",
                config.dbLatencyMs(), config.hashers(), threads);
        if (config.shareGroup()) {
            err.println("The hashers share their partitions in a share group (at least once; the database stores each id once).");
        }
        RunSummary summary;
        try (LocalPipeline pipeline = LocalPipeline.start(config.pipelineSettings(cores), registry, Map.of(), null, config.hasherSettings());
             TaskProducer producer = pipeline.newProducer(tasks, config.difficulty(), config.rate())) {
            long baseline = pipeline.dbApi().store().count();
            long start = System.nanoTime();
            CompletableFuture<List<Task>> sent = CompletableFuture.supplyAsync(producer::produce);
            Outcome early = awaitStored(pipeline, new RunProgress(registry, tasks, err, redraw), baseline, start, sent, stopRequest);
            if (early != null) {
                return early;
            }
            long wallNanos = System.nanoTime() - start;
            Map<String, Task> byId = sent.join().stream().collect(Collectors.toMap(Task::id, Function.identity()));
            err.printf("All %,d stored; verifying every output with %s's check...%n", tasks, processor.name());
            HashVerifier.Report report = HashVerifier.verify(byId, pipeline.dbApi().store(), processor);
            summary = new RunSummary(tasks, workload, config.hashers(), threads, config.dbLatencyMs(), cores, registry, report,
                    wallNanos, nanosPerTask);
        }
        // Printed once the pipeline has closed, so that no line of its shutdown comes after the summary.
        out.print(summary.format());
        out.flush();
        return summary.report().allVerified(tasks) ? Outcome.VERIFIED : Outcome.FAILED;
    }

    /**
     * Shows the progress until every task is stored (then null), or says why the run ends early and returns how
     * ({@link Outcome#STOPPED} or {@link Outcome#FAILED}).
     */
    private Outcome awaitStored(LocalPipeline pipeline, RunProgress progress, long baseline, long start,
                                CompletableFuture<List<Task>> sent, Supplier<Optional<String>> stopRequest) throws InterruptedException {
        long stored = 0;
        while (stored < config.tasks()) {
            Thread.sleep(POLL_MILLIS);
            stored = pipeline.dbApi().store().count() - baseline;
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
