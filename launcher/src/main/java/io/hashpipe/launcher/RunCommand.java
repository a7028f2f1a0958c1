package io.hashpipe.launcher;

import ch.qos.logback.classic.Level;
import io.hashpipe.api.Processor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.cli.ExitCode;
import io.hashpipe.cli.InvalidOptionException;
import io.hashpipe.cli.ProgressMode;
import io.hashpipe.cli.ProgressModes;
import io.hashpipe.cli.ShutdownSignal;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Task;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.hasher.ProcessorLoadException;
import io.hashpipe.hasher.Processors;
import io.hashpipe.local.HashVerifier;
import io.hashpipe.local.LocalPipeline;
import io.hashpipe.local.ProcessorCalibration;
import io.hashpipe.local.RunProgress;
import io.hashpipe.local.RunSummary;
import io.hashpipe.producer.TaskProducer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hashpipe run}: the whole pipeline on this machine, from the first task sent to every result stored
 * and verified, with a summary beside the CPU-bound ideal.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        header = "The whole pipeline on this machine: every task stored, every output verified, a summary.",
        description = {"Runs everything on this machine: an embedded Kafka broker, the database API on H2, hashers, the saver and the"
            + " producer. Waits until every task is stored, verifies every stored output with the --processor's check (bcrypt:"
            + " the hash against its password) and prints a summary beside the CPU-bound ideal. Exits 0 only if all tasks were"
            + " stored and verified.",
            "The services log warnings only; set HASHPIPE_LOG_LEVEL=INFO to see their own lines."})
final class RunCommand implements Callable<Integer> {

    /** Injected by picocli: where to print (the summary to out, progress to err). */
    @Spec
    CommandSpec spec;

    @Option(names = "--tasks", defaultValue = "600",
            description = "Tasks to send.")
    int tasks;

    @Option(names = "--difficulty", defaultValue = "8",
            description = "bcrypt cost of every task, 4 to 20 (each step doubles the work).")
    int difficulty;

    @Option(names = "--rate", defaultValue = "0",
            description = "Tasks per second the producer sends; 0 sends as fast as possible.")
    double rate;

    @Option(names = "--hashers", defaultValue = "1",
            description = "Hasher instances (members of the hashers' group), each with --threads workers.")
    int hashers;

    @Option(names = "--threads", defaultValue = "0",
            description = "Worker threads per hasher; 0 shares the cores among the hashers.")
    int threads;

    @Option(names = "--group-type", defaultValue = "consumer", paramLabel = "<consumer|share>",
            description = "The hashers' group: consumer (exactly once, one hasher per partition at most) or share"
                    + " (a share group: any number of hashers per partition, at least once, stored once by the database's idempotent writes).")
    String groupType;

    @Option(names = "--db-latency-ms", defaultValue = "100",
            description = "Response latency of the database API, in milliseconds.")
    long dbLatencyMs;

    @Option(names = "--max-in-flight", defaultValue = "100",
            description = "Requests the saver keeps in flight to the database API.")
    int maxInFlight;

    @Option(names = "--batch-size", defaultValue = "1",
            description = "Results per saver request; 1 POSTs each result to /add, more use /add/batch.")
    int batchSize;

    @Option(names = "--data-dir", defaultValue = "",
            description = "Where the broker and the H2 database keep their files; empty for a temporary broker directory and an in-memory database.")
    String dataDir;

    @Option(names = "--processor", defaultValue = "bcrypt",
            description = "The processor the hashers run (hashpipe processors lists them); every stored output is verified with its check.")
    String processorName;

    @Option(names = "--plugin-path", defaultValue = "",
            description = "A directory of processor jars.")
    String pluginPath;

    @Option(names = "--processor-setting", paramLabel = "KEY=VALUE",
            description = "A setting for the processor, e.g. pbkdf2.iterations=200000; repeatable.")
    List<String> processorSettings = new ArrayList<>();

    @Option(names = "--timeout-s", defaultValue = "0",
            description = "Give up when not every task is stored after this many seconds; 0 waits as long as it takes.")
    long timeoutSeconds;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "<auto|terminal|lines>",
            converter = ProgressModes.class,
            description = "How progress goes to stderr: redrawn in place (terminal), a plain line every 5 s (lines), or auto:"
                    + " terminal when stderr is one.")
    ProgressMode progressMode;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter err = spec.commandLine().getErr();
        if (System.getenv("HASHPIPE_LOG_LEVEL") == null) {
            // The progress line says what the services' INFO lines would; warnings and errors still show.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.hashpipe")).setLevel(Level.WARN);
        }
        Map<String, String> hasherSettings = hasherSettings();
        Processor processor = checker(hasherSettings);
        boolean bcrypt = processor.name().equals("bcrypt");
        int cores = Runtime.getRuntime().availableProcessors();
        int threadsPerHasher = threads > 0 ? threads : Math.max(1, cores / hashers);
        err.printf("Measuring one %s at cost %d on one core...%n", processor.name(), difficulty);
        io.hashpipe.api.Task sample = io.hashpipe.api.Task.of("calibration", Map.of("password", "abcdefghij", "difficulty", difficulty));
        // Warm-up long enough for C2 to compile the kernel, as it is in the hashers by the time it matters.
        double nanosPerHash = ProcessorCalibration.nanosPerTask(processor, sample, 1_000_000_000L, 500_000_000L);
        MeterRegistry registry = new SimpleMeterRegistry();
        err.printf("Starting broker, database API (H2, %d ms latency), %d hasher(s) x %d thread(s), saver...%n",
                dbLatencyMs, hashers, threadsPerHasher);
        if (HasherConfig.GROUP_TYPE_SHARE.equals(groupType)) {
            err.println("The hashers share their partitions in a share group (at least once; the database stores each id once).");
        }
        LocalPipeline.Settings settings = new LocalPipeline.Settings(null, dataDir.isBlank() ? null : Path.of(dataDir),
                null, "hashpipe", hashers, threadsPerHasher, dbLatencyMs, maxInFlight, batchSize, groupType);
        // The signal only raises a flag: the loop below sees it and the resources close in order, the
        // signal last, so that the JVM exits only after the pipeline has stopped cleanly.
        String summary;
        boolean verified;
        try (ShutdownSignal signal = ShutdownSignal.onSignal(() -> { });
             LocalPipeline pipeline = LocalPipeline.start(settings, registry, Map.of(), null, hasherSettings);
             TaskProducer producer = pipeline.newProducer(tasks, difficulty, rate)) {
            long baseline = pipeline.dbApi().store().count();
            long start = System.nanoTime();
            CompletableFuture<List<Task>> sent = CompletableFuture.supplyAsync(producer::produce);
            RunProgress progress = new RunProgress(registry, tasks, err, progressMode.redraw());
            long stored = 0;
            while (stored < tasks) {
                Thread.sleep(100);
                stored = pipeline.dbApi().store().count() - baseline;
                progress.show(stored, System.nanoTime() - start);
                if (signal.signalled()) {
                    progress.finish();
                    err.printf("Stopped by %s after %s; shutting down the pipeline cleanly.%n", signal.signalName(),
                            progress.reached(stored, System.nanoTime() - start));
                    err.flush();
                    return signal.exitCode();
                }
                String problem = problem(pipeline, sent, start);
                if (problem != null) {
                    progress.finish();
                    err.println("hashpipe run: failed: " + problem + "; reached " + progress.reached(stored, System.nanoTime() - start));
                    err.flush();
                    return ExitCode.FAILED;
                }
            }
            long wallNanos = System.nanoTime() - start;
            progress.finish();
            Map<String, Task> byId = sent.join().stream().collect(Collectors.toMap(Task::id, Function.identity()));
            err.printf("All %,d stored; verifying every output with %s's check...%n", tasks, processor.name());
            HashVerifier.Report report = HashVerifier.verify(byId, pipeline.dbApi().store(), processor);
            summary = new RunSummary(tasks, difficulty, hashers, threadsPerHasher, dbLatencyMs, cores,
                    registry, report, wallNanos, nanosPerHash, bcrypt ? "rows whose hash BCrypt.checkpw accepts for the task's password"
                    : "rows whose output " + processor.name() + "'s check accepts for the task's input").format();
            verified = report.allVerified(tasks);
        }
        // Printed once the pipeline has closed, so that no line of its shutdown comes after the summary.
        spec.commandLine().getOut().print(summary);
        spec.commandLine().getOut().flush();
        return verified ? ExitCode.OK : ExitCode.FAILED;
    }

    /** The hashers' processor settings: the processor, its plugin directory and its settings. */
    private Map<String, String> hasherSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put(HasherConfig.PROCESSOR, processorName);
        settings.put(HasherConfig.PLUGIN_PATH, pluginPath);
        settings.put(HasherConfig.PROCESSOR_SETTING, String.join("\n", processorSettings));
        return settings;
    }

    /** The processor as the hashers will run it, to check what they stored; a bad name or setting is a bad option. */
    private Processor checker(Map<String, String> hasherSettings) {
        HasherConfig config;
        try {
            Map<String, String> props = new HashMap<>(hasherSettings);
            props.put(CommonConfigs.BOOTSTRAP_SERVERS, "127.0.0.1:9092"); // not used: the checker opens no socket
            config = new HasherConfig(props);
        } catch (ConfigException e) {
            throw new InvalidOptionException(e.getMessage(), e);
        }
        Processor processor;
        try {
            processor = Processors.load(processorName, pluginPath);
        } catch (ProcessorLoadException e) {
            if (e.unknownName()) {
                throw new InvalidOptionException(e.getMessage(), e);
            }
            throw e;
        }
        try {
            processor.configure(new ProcessorContext("run", 1, config.processorSettings()));
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("processor " + processorName + " refused its settings: " + e.getMessage(), e);
        }
        return processor;
    }


    private String problem(LocalPipeline pipeline, CompletableFuture<List<Task>> sent, long start) {
        if (pipeline.failure().isPresent()) {
            return "a stage stopped: " + pipeline.failure().get();
        }
        if (sent.isCompletedExceptionally()) {
            return "the producer failed: " + sent.handle((ok, e) -> e.getCause() == null ? e : e.getCause()).join();
        }
        if (timeoutSeconds > 0 && System.nanoTime() - start > timeoutSeconds * 1_000_000_000L) {
            return "not every task was stored within --timeout-s " + timeoutSeconds;
        }
        return null;
    }

    private void validate() {
        requireAtLeast("--tasks", tasks, 1);
        if (!Limits.bcryptCost(difficulty) || difficulty > Limits.DEFAULT_MAX_DIFFICULTY) {
            throw new InvalidOptionException("Invalid value " + difficulty + " for option --difficulty (env HASHPIPE_RUN_DIFFICULTY or HASHPIPE_DIFFICULTY): "
                    + "must be between " + Limits.MIN_DIFFICULTY + " and " + Limits.DEFAULT_MAX_DIFFICULTY + ", the hashers' max.difficulty"
                    + " (about a minute per hash); beyond it, run the services with --max-difficulty");
        }
        if (!HasherConfig.GROUP_TYPE_CONSUMER.equals(groupType) && !HasherConfig.GROUP_TYPE_SHARE.equals(groupType)) {
            throw new InvalidOptionException("Invalid value " + groupType + " for option --group-type (env HASHPIPE_RUN_GROUP_TYPE or HASHPIPE_GROUP_TYPE): "
                    + "must be consumer or share");
        }
        requireAtLeast("--hashers", hashers, 1);
        requireAtLeast("--threads", threads, 0);
        requireAtLeast("--db-latency-ms", dbLatencyMs, 0);
        requireAtLeast("--max-in-flight", maxInFlight, 1);
        requireAtLeast("--batch-size", batchSize, 1);
        requireAtLeast("--timeout-s", timeoutSeconds, 0);
        if (rate < 0) {
            throw new InvalidOptionException("Invalid value " + rate + " for option --rate (env HASHPIPE_RUN_RATE or HASHPIPE_RATE): must be at least 0");
        }
    }

    private static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            String env = option.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
            throw new InvalidOptionException("Invalid value " + value + " for option " + option + " (env HASHPIPE_RUN_" + env
                    + " or HASHPIPE_" + env + "): must be at least " + min);
        }
    }
}
