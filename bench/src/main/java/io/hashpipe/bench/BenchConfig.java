package io.hashpipe.bench;

import io.hashpipe.common.Limits;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The bench's settings, one key per {@code hashpipe bench} option ({@code bench.db.latency.ms} is {@code
 * --db-latency-ms}), each value checked by its key's validator; {@link #plan} is what runs. Immutable.
 */
public final class BenchConfig extends AbstractConfig {

    public static final String PREFIX = "bench.";
    public static final String DIFFICULTY = "bench.difficulty";
    public static final String TASKS = "bench.tasks";
    public static final String STRATEGIES = "bench.strategies";
    public static final String DB_LATENCY_MS = "bench.db.latency.ms";
    public static final String DB_MAX_CONCURRENCY = "bench.db.max.concurrency";
    public static final String DB_MAX_RPS = "bench.db.max.rps";
    public static final String DB_URL = "bench.db.url";
    public static final String HASHERS = "bench.hashers";
    public static final String THREADS = "bench.threads";
    public static final String OUT = "bench.out";
    public static final String REUSE_TASKS = "bench.reuse.tasks";
    public static final String WARMUP_TASKS = "bench.warmup.tasks";
    public static final String PYTHON = "bench.python";
    public static final String PROGRESS = "bench.progress";

    /** Tasks of a cost of 8 or below when --tasks is not given: about 2 s of the pipeline's time on 2 cores. */
    static final int DEFAULT_TASKS_UP_TO_COST_8 = 600;
    /** Tasks of a cost above 8 when --tasks is not given. */
    static final int DEFAULT_TASKS_ABOVE_COST_8 = 400;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(DIFFICULTY, Type.LIST, "8,10,11,12", eachInt(cost -> Limits.bcryptCost(cost) && cost <= Limits.DEFAULT_MAX_DIFFICULTY,
                    "must be between " + Limits.MIN_DIFFICULTY + " and " + Limits.DEFAULT_MAX_DIFFICULTY + ", the hashers' max.difficulty"),
                    Importance.HIGH, "bcrypt costs, one row each, 4 to 20.")
            .define(TASKS, Type.LIST, "", eachInt(n -> n >= 1, "must be at least 1"), Importance.HIGH,
                    "Tasks per cost, in the order of --difficulty; one number applies to every cost. Default: "
                            + DEFAULT_TASKS_UP_TO_COST_8 + " at cost 8 and below, " + DEFAULT_TASKS_ABOVE_COST_8
                            + " above (600,400,400,400 for the default costs).")
            .define(STRATEGIES, Type.LIST, "cpu,serial,batched,async,python-async,pipeline", (name, value) -> {
                for (Object strategy : (List<?>) value) {
                    try {
                        Strategy.of(strategy.toString());
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name, "'" + strategy + "'", "must be one of " + Strategy.names());
                    }
                }
            }, Importance.HIGH, "Strategies to run at every cost, in this order.")
            .define(DB_LATENCY_MS, Type.LONG, 100L, Range.atLeast(0), Importance.MEDIUM,
                    "Response latency of the database API, in milliseconds.")
            .define(DB_MAX_CONCURRENCY, Type.INT, 100, Range.atLeast(0), Importance.MEDIUM,
                    "Writes in progress beyond which the bench's database answers 503 (the classic database's limit); 0 = unbounded.")
            .define(DB_MAX_RPS, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "Writes per second beyond which the bench's database answers 429; above 0 also runs pipeline-bulk beside pipeline"
                            + " (one POST per result against 100 per POST) and reports both rates.")
            .define(DB_URL, Type.STRING, "", (name, value) -> dbUrl(name, (String) value), Importance.MEDIUM,
                    "An existing database API (e.g. http://127.0.0.1:8080) instead of one started by the bench; its own"
                            + " latency and limits apply, and each run's ids carry their own prefix.")
            .define(HASHERS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM, "Hasher instances of the pipeline.")
            .define(THREADS, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "Worker threads per hasher; 0 shares the cores among the hashers.")
            .define(OUT, Type.STRING, "bench-results", Importance.MEDIUM,
                    "Directory of the report (bench.md, bench.csv, bench.json) and the chart (bench.png).")
            .define(REUSE_TASKS, Type.BOOLEAN, false, Importance.LOW,
                    "Record each cost's tasks in <out>/tasks/cost-<D>.jsonl the first time and hash the same tasks"
                            + " (same passwords) on later runs; delete the files for new ones. Without it every run makes new"
                            + " random tasks (still the same for every strategy of one run).")
            // 1,000: a method called once per record is then called more often than C1's compile threshold (200 calls,
            // 600 with the launcher's CompileThresholdScaling=3), so it is compiled before the clock starts.
            .define(WARMUP_TASKS, Type.INT, 1000, Range.atLeast(0), Importance.LOW,
                    "Tasks at cost 4 sent through the pipeline once, untimed, before the first measured run (JIT"
                            + " warm-up of Kafka, Netty and H2, which the one-thread strategies never run; about 2 s); 0 for none.")
            .define(PYTHON, Type.STRING, "", Importance.LOW,
                    "The Python 3 interpreter of the python-async strategy; empty tries python3 on the PATH, then"
                            + " /usr/bin/python3 (Debian's, where apt-get install python3-bcrypt python3-aiohttp puts the packages).")
            .define(PROGRESS, Type.STRING, "auto", ConfigDef.CaseInsensitiveValidString.in("auto", "terminal", "lines"),
                    Importance.LOW, "How progress goes to stderr: redrawn in place (terminal), a plain line every 5 s (lines), or auto:"
                            + " terminal when stderr is one.", null, -1, ConfigDef.Width.NONE, "<auto|terminal|lines>");

    public BenchConfig(Map<String, String> values) {
        super(CONFIG_DEF, values, false);
        int costs = getList(DIFFICULTY).size();
        int counts = getList(TASKS).size();
        if (counts > 1 && counts != costs) {
            throw new ConfigException(TASKS, getList(TASKS), "give one count per --difficulty " + getList(DIFFICULTY)
                    + ", or one count for all");
        }
    }

    /** The plan on a machine of {@code cores} cores: {@code --threads 0} shares them among the hashers. */
    public BenchPlan plan(int cores) {
        List<Integer> difficulties = ints(DIFFICULTY);
        List<Integer> tasks = ints(TASKS);
        List<Integer> counts = tasks.isEmpty() ? difficulties.stream().map(BenchConfig::defaultTasks).toList()
                : tasks.size() == 1 ? Collections.nCopies(difficulties.size(), tasks.get(0)) : tasks;
        int hashers = getInt(HASHERS);
        int threads = getInt(THREADS);
        String url = getString(DB_URL);
        return new BenchPlan(difficulties, counts, strategies(), getLong(DB_LATENCY_MS), getInt(DB_MAX_CONCURRENCY), getInt(DB_MAX_RPS),
                url.isBlank() ? null : URI.create(url.strip()), hashers, threads > 0 ? threads : Math.max(1, cores / hashers),
                Path.of(getString(OUT)), getBoolean(REUSE_TASKS), getInt(WARMUP_TASKS));
    }

    /** Tasks of {@code cost} when --tasks is not given. */
    private static int defaultTasks(int cost) {
        return cost <= 8 ? DEFAULT_TASKS_UP_TO_COST_8 : DEFAULT_TASKS_ABOVE_COST_8;
    }

    /** {@code --python}: the interpreter to try first, empty for the usual places. */
    public String python() {
        return getString(PYTHON);
    }

    /** {@code --progress} in upper case: {@code AUTO}, {@code TERMINAL} or {@code LINES}. */
    public String progress() {
        return getString(PROGRESS).toUpperCase(Locale.ROOT);
    }

    /** The strategies in their order, each once; pipeline-bulk after pipeline when the database is rate-limited. */
    private List<Strategy> strategies() {
        List<Strategy> chosen = new ArrayList<>();
        for (String name : getList(STRATEGIES)) {
            Strategy strategy = Strategy.of(name);
            if (!chosen.contains(strategy)) {
                chosen.add(strategy);
            }
        }
        if (getInt(DB_MAX_RPS) > 0 && chosen.contains(Strategy.PIPELINE) && !chosen.contains(Strategy.PIPELINE_BULK)) {
            chosen.add(chosen.indexOf(Strategy.PIPELINE) + 1, Strategy.PIPELINE_BULK);
        }
        return chosen;
    }

    private List<Integer> ints(String key) {
        return getList(key).stream().map(n -> Integer.parseInt(n.strip())).toList();
    }

    /** A list of whole numbers, each passing {@code rule}. */
    private static ConfigDef.Validator eachInt(java.util.function.IntPredicate rule, String text) {
        return (name, value) -> {
            for (Object item : (List<?>) value) {
                int n;
                try {
                    n = Integer.parseInt(item.toString().strip());
                } catch (NumberFormatException e) {
                    throw new ConfigException(name, item, "must be a whole number");
                }
                if (!rule.test(n)) {
                    throw new ConfigException(name, n, text);
                }
            }
        };
    }

    private static void dbUrl(String name, String url) {
        if (url.isBlank()) {
            return;
        }
        try {
            URI uri = URI.create(url.strip());
            if ("http".equals(uri.getScheme()) && uri.getHost() != null) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // the message below says what is expected
        }
        throw new ConfigException(name, "'" + url + "'", "must be the database API's base URL, e.g. http://127.0.0.1:8080");
    }
}
