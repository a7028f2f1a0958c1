package io.hashpipe.launcher;

import ch.qos.logback.classic.Level;
import io.hashpipe.bench.Bench;
import io.hashpipe.bench.BenchConfig;
import io.hashpipe.cli.ConfigOptions;
import io.hashpipe.cli.ProgressMode;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hashpipe bench}: the classic shared CPU-I/O experiment (bcrypt, then a POST to a slow database) done
 * the textbook ways and by hashpipe, side by side, as a table, CSV, JSON and a chart. Its options are {@link
 * BenchConfig}'s keys.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        header = "The classic CPU-I/O experiment: textbook strategies and hashpipe side by side.",
        description = {"Runs the classic shared CPU-I/O experiment (High Performance Python, ch. 8): bcrypt of random 10-letter"
            + " passwords, each hash POSTed to a database API that answers after --db-latency-ms and allows 100 requests at"
            + " once. Strategies, one at a time, same database (a fresh one per run):",
            "  cpu       hash only, one thread, with the hashers' bcrypt (three hashes interleaved): the CPU-only column;"
            + " ideal = cpu time / cores",
            "  serial    hash with Spring's BCrypt, then a blocking POST, one at a time (so batched and async too)",
            "  batched   hash 100, then POST the 100 concurrently and wait",
            "  async     one hashing thread, POSTs fired asynchronously, 100 in flight",
            "  python-async  the classic async client itself, in Python with the C bcrypt (aiohttp, 100 in flight), when a"
            + " python3 with the bcrypt and aiohttp packages is found (see --python); skipped otherwise",
            "  pipeline  hashpipe: tasks -> Kafka -> hashers -> Kafka -> saver -> database, timed from the first task sent to"
            + " the last result stored",
            "  pipeline-bulk  the same, the saver sending 100 results per POST /add/batch (added by --db-max-rps)",
            "Every stored hash is verified against its password. Prints a Markdown table; writes bench.md, bench.csv,"
            + " bench.json and bench.png into --out."})
final class BenchCommand implements Callable<Integer>, ConfiguredCommand {

    @Spec
    CommandSpec spec;

    private ConfigOptions options;

    @Override
    public void installOwnOptions() {
        options = ConfigOptions.addOwnTo(spec, BenchConfig.CONFIG_DEF, BenchConfig.PREFIX);
    }

    /** The parsed options as the bench's config. */
    BenchConfig config() {
        return options.build(BenchConfig::new);
    }

    @Override
    public Integer call() throws Exception {
        BenchConfig config = config(); // bad values fail before anything starts
        if (System.getenv("HASHPIPE_LOG_LEVEL") == null) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.hashpipe")).setLevel(Level.WARN);
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        }
        Bench.run(config.plan(Runtime.getRuntime().availableProcessors()), config.python(),
                ProgressMode.valueOf(config.progress()).redraw(), spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }
}
