package io.hashpipe.producer;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Limits;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@link TaskProducer}: how many tasks, at which bcrypt cost, how fast, and where to.
 *
 * <p>Validated in the constructor, before any socket is opened; a bad value throws a
 * {@link org.apache.kafka.common.config.ConfigException} that names the key, the value and the rule.
 */
public final class TaskProducerConfig extends AbstractConfig {

    /** How many tasks to make ({@code --tasks}). */
    public static final String TASKS = "producer.tasks";
    /** The bcrypt cost of every task ({@code --difficulty}). */
    public static final String DIFFICULTY = "producer.difficulty";
    /** Tasks per second; 0 sends as fast as the broker accepts them ({@code --rate}). */
    public static final String RATE = "producer.rate";
    /** A file of JSON lines, one task each, or {@code -} for stdin; empty generates bcrypt tasks ({@code --from}). */
    public static final String FROM = "producer.from";
    /** The field of each line that holds its task's id; empty generates ids ({@code --id-field}). */
    public static final String ID_FIELD = "producer.id.field";

    private static final ConfigDef.Validator FINITE_NON_NEGATIVE = ConfigDef.LambdaValidator.with((name, value) -> {
        double rate = ((Number) value).doubleValue();
        if (!Double.isFinite(rate) || rate < 0) {
            throw new ConfigException(name, value, "Value must be a finite number of tasks per second, at least 0");
        }
    }, () -> "[0,...] (finite)");

    /** Every key with its type, default, rule and doc. */
    public static final ConfigDef CONFIG_DEF = CommonConfigs.withRecordLimit(CommonConfigs.withProducerProperties(CommonConfigs.withMaxDifficulty(CommonConfigs.withTopics(CommonConfigs.withKafka(new ConfigDef()
            .define(TASKS, Type.INT, 600, ConfigDef.Range.atLeast(1), Importance.HIGH,
                    "How many tasks to make and send.")
            .define(DIFFICULTY, Type.INT, 8, ConfigDef.Range.between(Limits.MIN_DIFFICULTY, Limits.MAX_DIFFICULTY), Importance.HIGH,
                    "bcrypt cost of every task (log2 of the rounds); each step doubles the hashing time.")
            .define(RATE, Type.DOUBLE, 0.0, FINITE_NON_NEGATIVE, Importance.MEDIUM,
                    "Tasks per second to send; 0 sends as fast as the broker acknowledges them.")
            .define(FROM, Type.STRING, "", Importance.HIGH,
                    "A file of JSON lines, one task's input per line (any processor's), or - for stdin; empty generates --tasks bcrypt tasks. A bad line is reported with its number and skipped, and the command then exits 1.")
            .define(ID_FIELD, Type.STRING, "", Importance.MEDIUM,
                    "With --from: the field of each line holding its task's id (a string or a whole number); empty generates a UUID per line (a line may then have no id field)."))))));

    /** @throws ConfigException also when the difficulty is above {@code max.difficulty}, which the hashers refuse too */
    public TaskProducerConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        int max = getInt(CommonConfigs.MAX_DIFFICULTY);
        if (difficulty() > max) {
            throw new ConfigException(DIFFICULTY, difficulty(), "Must be at most " + CommonConfigs.MAX_DIFFICULTY + " (" + max
                    + "): the hashers send costs above their own max.difficulty to the dead letters; raise --max-difficulty"
                    + " here and on the hashers (up to " + Limits.MAX_DIFFICULTY + ") to go higher");
        }
    }

    /** How many tasks to send. */
    public int tasks() {
        return getInt(TASKS);
    }

    /** The bcrypt cost of every task. */
    public int difficulty() {
        return getInt(DIFFICULTY);
    }

    /** The JSON-lines file, {@code -} for stdin, or empty. */
    public String from() {
        return getString(FROM);
    }

    /** The id field of {@link #from()}'s lines, or empty. */
    public String idField() {
        return getString(ID_FIELD);
    }

    /** Tasks per second, 0 for unpaced. */
    public double rate() {
        return getDouble(RATE);
    }
}
