package io.hashpipe.launcher;

import ch.qos.logback.classic.Level;
import io.hashpipe.cli.ConfigOptions;
import io.hashpipe.cli.ExitCode;
import io.hashpipe.cli.InvalidOptionException;
import io.hashpipe.cli.ProgressMode;
import io.hashpipe.cli.ShutdownSignal;
import io.hashpipe.local.LocalRun;
import io.hashpipe.local.RunConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hashpipe run}: the whole pipeline on this machine, from the first task sent to every result stored
 * and verified, with a summary beside the CPU-bound ideal. Its options are {@link RunConfig}'s keys; the run
 * itself is {@link LocalRun}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        header = "The whole pipeline on this machine: every task stored, every output verified, a summary.",
        description = {"Runs everything on this machine: an embedded Kafka broker, the database API on H2, hashers, the saver and the"
            + " producer. Waits until every task is stored, verifies every stored output with the --processor's check (bcrypt:"
            + " the hash against its password) and prints a summary beside the CPU-bound ideal. Exits 0 only if all tasks were"
            + " stored and verified.",
            "The tasks are generated (--tasks of bcrypt's shape: password, difficulty), or your processor's own: --from FILE,"
            + " one JSON line of its input per task, each output checked against its own line.",
            "The services log warnings only; set HASHPIPE_LOG_LEVEL=INFO to see their own lines."})
final class RunCommand implements Callable<Integer>, ConfiguredCommand {

    /** Injected by picocli: where to print (the summary to out, progress to err). */
    @Spec
    CommandSpec spec;

    private ConfigOptions options;

    @Override
    public void installOwnOptions() {
        options = ConfigOptions.addOwnTo(spec, RunConfig.CONFIG_DEF, RunConfig.PREFIX, RunConfig.REPEATABLE_KEYS);
    }

    /** The parsed options as the run's config; a bad value, processor or combination is a bad option. */
    RunConfig config() {
        return options.build(values -> new RunConfig(values, options.givenOnCommandLine()));
    }

    @Override
    public Integer call() throws Exception {
        RunConfig config = config(); // bad values fail before anything starts
        if (System.getenv("HASHPIPE_LOG_LEVEL") == null) {
            // The progress line says what the services' INFO lines would; warnings and errors still show.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.hashpipe")).setLevel(Level.WARN);
        }
        LocalRun run = new LocalRun(config, Runtime.getRuntime().availableProcessors(),
                ProgressMode.valueOf(config.progress()).redraw(), spec.commandLine().getOut(), spec.commandLine().getErr());
        // The signal only raises a flag: the run sees it and closes the pipeline in order, the signal last, so
        // that the JVM exits only after the pipeline has stopped cleanly.
        try (ShutdownSignal signal = ShutdownSignal.onSignal(() -> { })) {
            return switch (run.run(() -> signal.signalled() ? Optional.of(signal.signalName()) : Optional.empty())) {
                case VERIFIED -> ExitCode.OK;
                case FAILED -> ExitCode.FAILED;
                case STOPPED -> signal.exitCode();
            };
        } catch (ConfigException e) {
            // the processor refused the generated tasks: an option is missing (--from), before anything started
            throw new InvalidOptionException(e.getMessage(), e);
        }
    }
}
