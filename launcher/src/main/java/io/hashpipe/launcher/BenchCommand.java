package io.hashpipe.launcher;

import ch.qos.logback.classic.Level;
import io.hashpipe.bench.BenchChart;
import io.hashpipe.bench.BenchPlan;
import io.hashpipe.bench.BenchReport;
import io.hashpipe.bench.BenchRunner;
import io.hashpipe.bench.Machine;
import io.hashpipe.bench.Measurement;
import io.hashpipe.bench.PythonAsync;
import io.hashpipe.bench.Strategy;
import io.hashpipe.cli.InvalidOptionException;
import io.hashpipe.cli.ProgressMode;
import io.hashpipe.cli.ProgressModes;
import io.hashpipe.common.Limits;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hashpipe bench}: the classic shared CPU-I/O experiment (bcrypt, then a POST to a slow database) done
 * the textbook ways and by hashpipe, side by side, as a table, CSV, JSON and a chart.
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
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--difficulty", split = ",", defaultValue = "8,10,11,12",
            description = "bcrypt costs, one row each, 4 to 20.")
    List<Integer> difficulties;

    @Option(names = "--tasks", split = ",", defaultValue = "600,400,400,400",
            description = "Tasks per cost, in the order of --difficulty; one number applies to every cost.")
    List<Integer> tasks;

    @Option(names = "--strategies", split = ",", defaultValue = "cpu,serial,batched,async,python-async,pipeline",
            description = "Strategies to run at every cost, in this order.")
    List<String> strategies;

    @Option(names = "--db-latency-ms", defaultValue = "100",
            description = "Response latency of the database API, in milliseconds.")
    long dbLatencyMs;

    @Option(names = "--db-max-concurrency", defaultValue = "100",
            description = "Writes in progress beyond which the bench's database answers 503 (the classic database's limit); 0 = unbounded.")
    int dbMaxConcurrency;

    @Option(names = "--db-max-rps", defaultValue = "0",
            description = "Writes per second beyond which the bench's database answers 429; above 0 also runs pipeline-bulk beside pipeline"
                    + " (one POST per result against 100 per POST) and reports both rates.")
    int dbMaxRps;

    @Option(names = "--db-url", defaultValue = "",
            description = "An existing database API (e.g. http://127.0.0.1:8080) instead of one started by the bench; its own"
                    + " latency and limits apply, and each run's ids carry their own prefix.")
    String dbUrl;

    @Option(names = "--hashers", defaultValue = "1",
            description = "Hasher instances of the pipeline.")
    int hashers;

    @Option(names = "--threads", defaultValue = "0",
            description = "Worker threads per hasher; 0 shares the cores among the hashers.")
    int threads;

    @Option(names = "--out", defaultValue = "bench-results",
            description = "Directory of the report (bench.md, bench.csv, bench.json) and the chart (bench.png).")
    Path out;

    @Option(names = "--reuse-tasks", defaultValue = "false",
            description = "Record each cost's tasks in <out>/tasks/cost-<D>.jsonl the first time and hash the same tasks"
                    + " (same passwords) on later runs; delete the files for new ones. Without it every run makes new"
                    + " random tasks (still the same for every strategy of one run).")
    boolean reuseTasks;

    // 1,000: a method called once per record is then called more often than C1's compile threshold (200 calls,
    // 600 with the launcher's CompileThresholdScaling=3), so it is compiled before the clock starts.
    @Option(names = "--warmup-tasks", defaultValue = "1000",
            description = "Tasks at cost 4 sent through the pipeline once, untimed, before the first measured run (JIT"
                    + " warm-up of Kafka, Netty and H2, which the one-thread strategies never run; about 2 s); 0 for none.")
    int warmupTasks;

    @Option(names = "--python", defaultValue = "",
            description = "The Python 3 interpreter of the python-async strategy; empty tries python3 on the PATH, then"
                    + " /usr/bin/python3 (Debian's, where apt-get install python3-bcrypt python3-aiohttp puts the packages).")
    String python;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "<auto|terminal|lines>",
            converter = ProgressModes.class,
            description = "How progress goes to stderr: redrawn in place (terminal), a plain line every 5 s (lines), or auto:"
                    + " terminal when stderr is one.")
    ProgressMode progressMode;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        BenchPlan plan = plan();
        PrintWriter err = spec.commandLine().getErr();
        if (System.getenv("HASHPIPE_LOG_LEVEL") == null) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.hashpipe")).setLevel(Level.WARN);
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        }
        Machine machine = Machine.current();
        err.printf("hashpipe bench: costs %s, tasks %s, strategies %s; database latency %d ms, max %d at once%s; on %s%n",
                plan.costs(), plan.tasks(), plan.strategies().stream().map(Strategy::flag).toList(), dbLatencyMs,
                dbMaxConcurrency, dbMaxRps > 0 ? ", max " + dbMaxRps + " requests/s" : "", machine.describe());
        err.flush();
        PythonAsync pythonAsync = null;
        if (plan.strategies().contains(Strategy.PYTHON_ASYNC)) {
            pythonAsync = PythonAsync.find(python).orElse(null);
            if (pythonAsync == null) {
                err.println("hashpipe bench: " + PythonAsync.missing(python));
                List<Strategy> others = new ArrayList<>(plan.strategies());
                others.remove(Strategy.PYTHON_ASYNC);
                plan = plan.withStrategies(others);
            } else {
                err.println("hashpipe bench: python-async runs on " + pythonAsync.python());
            }
            err.flush();
        }
        List<Measurement> measurements = new BenchRunner(plan, pythonAsync, err, progressMode.redraw()).run();
        BenchReport report = new BenchReport(plan, machine, measurements);
        report.write(out);
        BenchChart.write(report, plan, machine.cores() + " cores", out.resolve("bench.png"));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%nhashpipe bench on %s, database latency %d ms (max %d at once)%n%n", machine.describe(), dbLatencyMs, dbMaxConcurrency);
        stdout.print(report.markdown());
        stdout.printf("%nEvery stored hash verified. Written: %s (bench.md, bench.csv, bench.json, bench.png)%n", out.toAbsolutePath());
        stdout.flush();
        return 0;
    }

    /** The validated plan; bad values fail before anything starts. */
    BenchPlan plan() {
        for (int cost : difficulties) {
            if (!Limits.bcryptCost(cost) || cost > Limits.DEFAULT_MAX_DIFFICULTY) {
                throw new InvalidOptionException("Invalid value " + cost + " for option --difficulty (env HASHPIPE_BENCH_DIFFICULTY or HASHPIPE_DIFFICULTY): "
                        + "must be between " + Limits.MIN_DIFFICULTY + " and " + Limits.DEFAULT_MAX_DIFFICULTY + ", the hashers' max.difficulty");
            }
        }
        List<Integer> counts = tasks.size() == 1 ? Collections.nCopies(difficulties.size(), tasks.get(0)) : tasks;
        if (counts.size() != difficulties.size()) {
            throw new InvalidOptionException("Invalid value " + tasks + " for option --tasks (env HASHPIPE_BENCH_TASKS or HASHPIPE_TASKS): give one count"
                    + " per --difficulty " + difficulties + ", or one count for all");
        }
        counts.forEach(n -> requireAtLeast("--tasks", n, 1));
        requireAtLeast("--db-latency-ms", dbLatencyMs, 0);
        requireAtLeast("--db-max-concurrency", dbMaxConcurrency, 0);
        requireAtLeast("--db-max-rps", dbMaxRps, 0);
        requireAtLeast("--hashers", hashers, 1);
        requireAtLeast("--threads", threads, 0);
        requireAtLeast("--warmup-tasks", warmupTasks, 0);
        int cores = Runtime.getRuntime().availableProcessors();
        return new BenchPlan(difficulties, counts, strategies(), dbLatencyMs, dbMaxConcurrency, dbMaxRps, uri(),
                hashers, threads > 0 ? threads : Math.max(1, cores / hashers), out, reuseTasks, warmupTasks);
    }

    private List<Strategy> strategies() {
        List<Strategy> chosen = new ArrayList<>();
        for (String name : strategies) {
            try {
                Strategy strategy = Strategy.of(name);
                if (!chosen.contains(strategy)) {
                    chosen.add(strategy);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("Invalid value '" + name + "' for option --strategies (env HASHPIPE_BENCH_STRATEGIES or HASHPIPE_STRATEGIES): "
                        + "must be one of " + Strategy.names(), e);
            }
        }
        if (dbMaxRps > 0 && chosen.contains(Strategy.PIPELINE) && !chosen.contains(Strategy.PIPELINE_BULK)) {
            chosen.add(chosen.indexOf(Strategy.PIPELINE) + 1, Strategy.PIPELINE_BULK);
        }
        return chosen;
    }

    private URI uri() {
        if (dbUrl.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(dbUrl.strip());
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http://host[:port] URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("Invalid value '" + dbUrl + "' for option --db-url (env HASHPIPE_BENCH_DB_URL or HASHPIPE_DB_URL): "
                    + "must be the database API's base URL, e.g. http://127.0.0.1:8080", e);
        }
    }

    private static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            String env = "HASHPIPE_BENCH_" + option.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
            throw new InvalidOptionException("Invalid value " + value + " for option " + option + " (env " + env
                    + "): must be at least " + min);
        }
    }
}
