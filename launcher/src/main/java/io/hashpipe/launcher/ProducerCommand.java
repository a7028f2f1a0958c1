package io.hashpipe.launcher;

import io.hashpipe.cli.ExitCode;
import io.hashpipe.cli.InvalidOptionException;
import io.hashpipe.management.Management;
import io.hashpipe.producer.TaskProducer;
import io.hashpipe.producer.TaskProducerConfig;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe producer}: sends N hashing tasks, or one task per line of a file, and exits when all were acknowledged. */
@Command(name = "producer", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Sends N hashing tasks, or one task per JSON line of a file; exits 0 once every one was acknowledged.",
        description = {"Sends N tasks (random 10-letter passwords at a bcrypt cost), or with --from one task per JSON line of a file or"
            + " stdin (any processor's input), to the tasks topic with an idempotent producer (acks=all); exits 0 only when every"
            + " task was acknowledged (1 when a line was bad: it is reported and skipped)."})
final class ProducerCommand extends ServiceCommand {

    /** How long a stop waits for the tasks already sent to be acknowledged. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Override
    protected ConfigDef configDef() {
        return TaskProducerConfig.CONFIG_DEF;
    }

    @Override
    protected String keyPrefix() {
        return "producer.";
    }

    @Override
    public Integer call() {
        TaskProducerConfig config = options().build(TaskProducerConfig::new);
        String from = config.from();
        if (!from.isEmpty() && !from.equals("-") && !Files.isRegularFile(Path.of(from))) {
            throw new InvalidOptionException("Invalid value " + from + " for option --from (env HASHPIPE_PRODUCER_FROM or HASHPIPE_FROM): not a readable"
                    + " file; give a file of JSON lines, or - for stdin");
        }
        try (Management management = startManagement()) {
            if (!config.from().isEmpty()) {
                return fromLines(config, management);
            }
            // A one-shot job: ready while it sends, stopped on its own once every task was acknowledged.
            TaskProducer producer = new TaskProducer(config, management.registry());
            int exit = runUntilStopped(producer, management, CLOSE_TIMEOUT, () -> { });
            System.out.printf("sent %,d tasks%n", producer.tasks().size());
            return exit;
        }
    }

    /** Sends the lines of {@code --from}; exits 1 when a line was bad (the others are sent), the signal's code when stopped. */
    private int fromLines(TaskProducerConfig config, Management management) {
        String source = config.from().equals("-") ? "stdin" : config.from();
        try (Reader in = open(config.from())) {
            TaskProducer producer = new TaskProducer(config, management.registry(), in);
            int exit = runUntilStopped(producer, management, CLOSE_TIMEOUT, () -> { });
            if (exit != ExitCode.OK) {
                System.out.printf("sent %,d tasks from %s (stopped early)%n", producer.acknowledged(), source);
                return exit;
            }
            TaskProducer.LinesReport report = producer.linesReport();
            System.out.printf("sent %,d tasks from %s%n", report.sent(), source);
            System.err.print(report.skippedText("hashpipe producer", source));
            return report.skipped() > 0 ? ExitCode.FAILED : ExitCode.OK;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read --from " + config.from() + ": " + e.getMessage(), e);
        }
    }

    private static Reader open(String from) throws IOException {
        if (from.equals("-")) {
            return new InputStreamReader(System.in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        }
        return Files.newBufferedReader(Path.of(from), StandardCharsets.UTF_8);
    }
}
