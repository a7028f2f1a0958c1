package io.hashpipe.local;

import io.hashpipe.api.Processor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Limits;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.hasher.ProcessorLoadException;
import io.hashpipe.hasher.Processors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of {@code hashpipe run}, one key per option ({@code run.db.latency.ms} is {@code --db-latency-ms}),
 * each value checked by its key's validator. The processor keys are checked together, in the constructor, as
 * the hashers will read them: the processor is loaded and configured once, so that a bad name or setting fails
 * before anything starts. Immutable.
 */
public final class RunConfig extends AbstractConfig {

    public static final String PREFIX = "run.";
    public static final String TASKS = "run.tasks";
    public static final String DIFFICULTY = "run.difficulty";
    public static final String RATE = "run.rate";
    public static final String HASHERS = "run.hashers";
    public static final String THREADS = "run.threads";
    public static final String GROUP_TYPE = "run.group.type";
    public static final String DB_LATENCY_MS = "run.db.latency.ms";
    public static final String MAX_IN_FLIGHT = "run.max.in.flight";
    public static final String BATCH_SIZE = "run.batch.size";
    public static final String DATA_DIR = "run.data.dir";
    public static final String PROCESSOR = "run.processor";
    public static final String PLUGIN_PATH = "run.plugin.path";
    public static final String PROCESSOR_SETTING = "run.processor.setting";
    public static final String TIMEOUT_S = "run.timeout.s";
    public static final String PROGRESS = "run.progress";
    /** A file of JSON lines, one task each, or {@code -} for stdin; empty generates {@code run.tasks} tasks (producer's {@code --from}). */
    public static final String FROM = "run.from";
    /** The field of each line of {@code run.from} that holds its task's id; empty generates ids (producer's {@code --id-field}). */
    public static final String ID_FIELD = "run.id.field";
    /** The keys whose flag may be given many times: one processor setting each. */
    public static final Set<String> REPEATABLE_KEYS = Set.of(PROCESSOR_SETTING);

    /** The processor keys as the hashers spell them, for their messages. */
    private static final Map<String, String> HASHER_KEYS = Map.of(HasherConfig.PROCESSOR, PROCESSOR,
            HasherConfig.PLUGIN_PATH, PLUGIN_PATH, HasherConfig.PROCESSOR_SETTING, PROCESSOR_SETTING);

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TASKS, Type.INT, 600, atLeast(1), Importance.HIGH,
                    "Tasks to generate and send; not with --from, whose lines are the tasks.")
            .define(DIFFICULTY, Type.INT, 8, ConfigDef.LambdaValidator.with((name, value) -> {
                int cost = (Integer) value;
                if (!Limits.bcryptCost(cost) || cost > Limits.DEFAULT_MAX_DIFFICULTY) {
                    throw new ConfigException(name, value, "must be between " + Limits.MIN_DIFFICULTY + " and "
                            + Limits.DEFAULT_MAX_DIFFICULTY + ", the hashers' max.difficulty (about a minute per hash);"
                            + " beyond it, run the services with --max-difficulty");
                }
            }, () -> Limits.MIN_DIFFICULTY + " to " + Limits.DEFAULT_MAX_DIFFICULTY), Importance.HIGH,
                    "bcrypt cost of every generated task, 4 to 20 (each step doubles the work); not with --from.")
            .define(RATE, Type.DOUBLE, 0.0, atLeast(0), Importance.MEDIUM,
                    "Tasks per second the producer sends; 0 sends as fast as possible.")
            .define(HASHERS, Type.INT, 1, atLeast(1), Importance.MEDIUM,
                    "Hasher instances (members of the hashers' group), each with --threads workers.")
            .define(THREADS, Type.INT, 0, atLeast(0), Importance.MEDIUM,
                    "Worker threads per hasher; 0 shares the cores among the hashers.")
            .define(GROUP_TYPE, Type.STRING, HasherConfig.GROUP_TYPE_CONSUMER, ConfigDef.LambdaValidator.with((name, value) -> {
                if (!HasherConfig.GROUP_TYPE_CONSUMER.equals(value) && !HasherConfig.GROUP_TYPE_SHARE.equals(value)) {
                    throw new ConfigException(name, value, "must be consumer or share");
                }
            }, () -> "consumer or share"), Importance.MEDIUM,
                    "The hashers' group: consumer (exactly once, one hasher per partition at most) or share (a share group: any"
                            + " number of hashers per partition, at least once, stored once by the database's idempotent writes).",
                    null, -1, ConfigDef.Width.NONE, "<consumer|share>")
            .define(DB_LATENCY_MS, Type.LONG, 100L, atLeast(0), Importance.MEDIUM,
                    "Response latency of the database API, in milliseconds.")
            .define(MAX_IN_FLIGHT, Type.INT, 100, atLeast(1), Importance.MEDIUM,
                    "Requests the saver keeps in flight to the database API.")
            .define(BATCH_SIZE, Type.INT, 1, atLeast(1), Importance.MEDIUM,
                    "Results per saver request; 1 POSTs each result to /add, more use /add/batch.")
            .define(DATA_DIR, Type.STRING, "", Importance.LOW, "Where the broker and the H2 database keep their files; empty"
                    + " for a temporary broker directory and an in-memory database.")
            .define(PROCESSOR, Type.STRING, "bcrypt", Importance.HIGH, "The processor the hashers run (hashpipe processors"
                    + " lists them); every stored output is verified with its check.")
            .define(PLUGIN_PATH, Type.STRING, "", Importance.MEDIUM, "A directory of processor jars.")
            .define(PROCESSOR_SETTING, Type.STRING, "", null, Importance.MEDIUM,
                    "A setting for the processor, e.g. pbkdf2.iterations=200000; repeatable.", null, -1, ConfigDef.Width.NONE,
                    "<key=value>")
            .define(TIMEOUT_S, Type.LONG, 0L, atLeast(0), Importance.MEDIUM,
                    "Give up when not every task is stored after this many seconds; 0 waits as long as it takes.")
            .define(PROGRESS, Type.STRING, "auto", ConfigDef.CaseInsensitiveValidString.in("auto", "terminal", "lines"),
                    Importance.LOW, "How progress goes to stderr: redrawn in place (terminal), a plain line every 5 s (lines), or auto:"
                            + " terminal when stderr is one.", null, -1, ConfigDef.Width.NONE, "<auto|terminal|lines>")
            .define(FROM, Type.STRING, "", ConfigDef.LambdaValidator.with((name, value) -> {
                String from = (String) value;
                if (!from.isEmpty() && !from.equals("-") && !Files.isRegularFile(Path.of(from))) {
                    throw new ConfigException(name, value, "not a readable file; give a file of JSON lines, or - for stdin");
                }
            }, () -> "a file of JSON lines, - for stdin, or empty"), Importance.HIGH,
                    "A file of JSON lines, one task's input per line (the processor's own tasks), or - for stdin; empty generates"
                            + " --tasks bcrypt-shaped tasks (password, difficulty). A bad line is reported with its number and skipped, and"
                            + " the run then exits 1, as the producer does.",
                    null, -1, ConfigDef.Width.NONE, "<file>")
            .define(ID_FIELD, Type.STRING, "", Importance.MEDIUM,
                    "With --from: the field of each line holding its task's id (a string or a whole number); empty generates a"
                            + " UUID per line (a line may then have no id field).");

    /** The processor as the hashers will run it, configured: calibrated and used to check what they stored. */
    private final Processor processor;

    /**
     * Checks every value, then the processor keys together.
     *
     * @throws ConfigException naming the key and the rule, or the processor's own refusal
     * @throws ProcessorLoadException when a plugin of {@code run.plugin.path} is broken (not a bad option)
     */
    public RunConfig(Map<String, String> values) {
        this(values, Set.of());
    }

    /**
     * As {@link #RunConfig(Map)}, knowing which keys the user gave on the command line: {@code --tasks} or {@code
     * --difficulty} given there with {@code --from} is refused (the file's lines are the tasks). From the environment
     * they are not: {@code HASHPIPE_TASKS} and {@code HASHPIPE_DIFFICULTY} may be set for the producer.
     */
    public RunConfig(Map<String, String> values, Set<String> givenOnCommandLine) {
        super(CONFIG_DEF, values, false);
        if (!from().isEmpty()) {
            for (String generated : List.of(TASKS, DIFFICULTY)) {
                if (givenOnCommandLine.contains(generated)) {
                    String flag = "--" + generated.substring(PREFIX.length()).replace('.', '-');
                    throw new ConfigException("--from and " + flag + " do not go together: with --from the tasks are the lines of "
                            + from() + "; " + flag + " is for the tasks run generates. Drop one of them.");
                }
            }
        }
        this.processor = checkedProcessor();
    }

    /** The processor, loaded and configured with the run's settings; one instance serves every check. */
    public Processor processor() {
        return processor;
    }

    /** The hashers' processor keys: the processor, its plugin directory and its settings. */
    public Map<String, String> hasherSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put(HasherConfig.PROCESSOR, getString(PROCESSOR));
        settings.put(HasherConfig.PLUGIN_PATH, getString(PLUGIN_PATH));
        settings.put(HasherConfig.PROCESSOR_SETTING, getString(PROCESSOR_SETTING));
        return settings;
    }

    /** What every task asks of the processor, for the lines that say what a task is. */
    public RunWorkload workload() {
        List<String> settings = Arrays.stream(getString(PROCESSOR_SETTING).split("\n")).map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
        String from = from();
        return new RunWorkload(processor.name(), difficulty(), settings, from.isEmpty() ? null : from.equals("-") ? "stdin" : from);
    }

    /** The pipeline to start on a machine of {@code cores} cores. */
    public LocalPipeline.Settings pipelineSettings(int cores) {
        String dataDir = getString(DATA_DIR);
        return new LocalPipeline.Settings(null, dataDir.isBlank() ? null : Path.of(dataDir), null, "hashpipe", hashers(),
                threadsPerHasher(cores), dbLatencyMs(), getInt(MAX_IN_FLIGHT), getInt(BATCH_SIZE), getString(GROUP_TYPE));
    }

    /** {@code --threads}, or with 0 the cores shared among the hashers (at least one each). */
    public int threadsPerHasher(int cores) {
        int threads = getInt(THREADS);
        return threads > 0 ? threads : Math.max(1, cores / hashers());
    }

    public int tasks() {
        return getInt(TASKS);
    }

    /** The bcrypt cost every task carries (its {@code difficulty} field). */
    public int difficulty() {
        return getInt(DIFFICULTY);
    }

    /** The JSON-lines file of the tasks, {@code -} for stdin, or empty when the run generates its tasks. */
    public String from() {
        return getString(FROM);
    }

    /** The id field of {@link #from()}'s lines, or empty for generated ids. */
    public String idField() {
        return getString(ID_FIELD);
    }

    /** Tasks per second; 0 as fast as possible. */
    public double rate() {
        return getDouble(RATE);
    }

    public int hashers() {
        return getInt(HASHERS);
    }

    public long dbLatencyMs() {
        return getLong(DB_LATENCY_MS);
    }

    /** Whether the hashers share their partitions in a share group. */
    public boolean shareGroup() {
        return HasherConfig.GROUP_TYPE_SHARE.equals(getString(GROUP_TYPE));
    }

    /** Seconds after which a run that has not stored every task gives up; 0 waits as long as it takes. */
    public long timeoutSeconds() {
        return getLong(TIMEOUT_S);
    }

    /** {@code --progress} in upper case: {@code AUTO}, {@code TERMINAL} or {@code LINES}. */
    public String progress() {
        return getString(PROGRESS).toUpperCase(Locale.ROOT);
    }

    /** Loads and configures the processor as a hasher would; a bad name or setting is a bad value of its key. */
    private Processor checkedProcessor() {
        Map<String, String> props = hasherSettings();
        props.put(CommonConfigs.BOOTSTRAP_SERVERS, "127.0.0.1:9092"); // not used: the check opens no socket
        HasherConfig hasher;
        try {
            hasher = new HasherConfig(props);
        } catch (ConfigException e) {
            String message = e.getMessage();
            for (Map.Entry<String, String> key : HASHER_KEYS.entrySet()) {
                message = message.replace("configuration " + key.getKey() + ":", "configuration " + key.getValue() + ":");
            }
            throw new ConfigException(message);
        }
        Processor loaded;
        try {
            loaded = Processors.load(getString(PROCESSOR), getString(PLUGIN_PATH));
        } catch (ProcessorLoadException e) {
            if (e.unknownName()) {
                throw new ConfigException(e.getMessage());
            }
            throw e;
        }
        try {
            loaded.configure(new ProcessorContext("run", 1, hasher.processorSettings()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("processor " + getString(PROCESSOR) + " refused its settings: " + e.getMessage());
        }
        return loaded;
    }

    /** At least {@code min}, said as the run's options have always said it. */
    private static ConfigDef.Validator atLeast(long min) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (((Number) value).doubleValue() < min) {
                throw new ConfigException(name, value, "must be at least " + min);
            }
        }, () -> "at least " + min);
    }
}
