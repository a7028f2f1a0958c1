package io.hashpipe.launcher;

import ch.qos.logback.classic.Level;
import io.hashpipe.cli.ExitCode;
import io.hashpipe.cli.InvalidOptionException;
import io.hashpipe.cli.ShutdownSignal;
import io.hashpipe.common.Topics;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.operations.PipelineStatus;
import io.hashpipe.operations.StatusWatch;
import io.hashpipe.saver.SaverConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hashpipe status}: the pipeline at a glance, from the brokers and the database API. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        header = "The pipeline at a glance: each stage's members, lag and dead letters, and the rows stored.",
        description = {"Shows, per stage (tasks: the hashers; hashes: the saver), the group's members (client id, host, partitions),"
            + " its lag per partition as the brokers see it (committed offset to last stable offset), and the records in its"
            + " dead-letter topic; then the database's row count (GET /count) when --db-url is given. Once, or every"
            + " --watch seconds until Ctrl-C. Fails within --timeout-s (14 s) when no broker answers."})
final class StatusCommand extends KafkaToolCommand {

    @Option(names = "--db-url", defaultValue = "", paramLabel = "<url>",
            description = "The database API (hashpipe's dbapi, e.g. http://127.0.0.1:8080) whose GET /count to show; empty shows none.")
    String dbUrl;

    @Option(names = "--watch", arity = "0..1", defaultValue = "0", fallbackValue = "2", paramLabel = "<seconds>",
            description = "Show the status again every this many seconds (2 without a number) until Ctrl-C; 0 shows it once.")
    long watchSeconds;

    @Option(names = "--timeout-s", defaultValue = "14", paramLabel = "<seconds>",
            description = "How long to wait for the brokers' first answer before failing (exit 1).")
    int timeoutSeconds;

    @Option(names = "--tasks-topic", defaultValue = Topics.TASKS, description = "The tasks topic (the hashers read it).")
    String tasksTopic;

    @Option(names = "--results-topic", defaultValue = Topics.RESULTS, description = "The results topic (the saver reads it).")
    String resultsTopic;

    @Option(names = "--hasher-group", defaultValue = HasherConfig.DEFAULT_GROUP, description = "The hashers' consumer group.")
    String hasherGroup;

    @Option(names = "--saver-group", defaultValue = SaverConfig.DEFAULT_GROUP, description = "The saver's consumer group.")
    String saverGroup;

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1) {
            throw new InvalidOptionException("Invalid value " + timeoutSeconds + " for option --timeout-s: must be at least 1");
        }
        if (watchSeconds < 0) {
            throw new InvalidOptionException("Invalid value " + watchSeconds + " for option --watch: must be at least 0");
        }
        URI db;
        try {
            db = dbUrl.isBlank() ? null : StatusWatch.dbBase(dbUrl);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("Invalid value '" + dbUrl + "' for option --db-url: " + e.getMessage(), e);
        }
        if (System.getenv("HASHPIPE_LOG_LEVEL") == null) {
            // The admin client's reconnect warnings say what the one line below says, once a second.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        }
        List<PipelineStatus.Stage> stages = List.of(
                new PipelineStatus.Stage("tasks", tasksTopic, hasherGroup, Topics.deadLetters(tasksTopic)),
                new PipelineStatus.Stage("hashes", resultsTopic, saverGroup, Topics.deadLetters(resultsTopic)));
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        try (StatusWatch watch = StatusWatch.open(kafka(), timeoutSeconds); ShutdownSignal signal = ShutdownSignal.onSignal(stopped::countDown)) {
            watch.awaitBroker();
            boolean clear = watchSeconds > 0 && System.console() != null; // stdout is a terminal: redraw the screen
            do {
                String screen = watch.read(stages, db);
                out.print(clear ? "\033[H\033[2J" + screen : screen);
                out.flush();
            } while (watchSeconds > 0 && !stopped.await(watchSeconds, TimeUnit.SECONDS));
            return signal.signalled() ? signal.exitCode() : ExitCode.OK;
        }
    }
}
