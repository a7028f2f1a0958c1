package io.hashpipe.hasher;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.GroupMembers;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@link Hasher}: worker threads, its identity for Kafka transactions, and how transactions
 * are sized.
 *
 * <p>Validated in the constructor, before any socket is opened. The transactional id, when not given, is
 * derived from the host name and {@value #INSTANCE}: stable across restarts of the same replica (so a
 * restarted hasher fences its own zombie) and distinct between replicas (so they do not fence each other).
 */
public final class HasherConfig extends AbstractConfig {

    /** Hashing threads ({@code --threads}). */
    public static final String THREADS = "hasher.threads";
    /** Index of this hasher among those on one host or in one process ({@code --instance}). */
    public static final String INSTANCE = "hasher.instance";
    /** Kafka transactional id; empty derives one ({@code --transactional-id}). */
    public static final String TRANSACTIONAL_ID = "hasher.transactional.id";
    /** Most results in one transaction ({@code --transaction-max-records}). */
    public static final String TRANSACTION_MAX_RECORDS = "hasher.transaction.max.records";
    /** Longest a finished result waits before its transaction commits ({@code --transaction-max-ms}). */
    public static final String TRANSACTION_MAX_MS = "hasher.transaction.max.ms";

    /** Which bcrypt hashes: {@value #BCRYPT_FAST} (the default) or {@value #BCRYPT_SPRING} ({@code --bcrypt-impl}). */
    public static final String BCRYPT_IMPL = "hasher.bcrypt.impl";
    /** Spring Security's BCrypt, one hash at a time. */
    public static final String BCRYPT_SPRING = "spring";
    /** hashpipe's bcrypt: the same hashes as Spring's for the same salt, up to three interleaved on each thread. */
    public static final String BCRYPT_FAST = "fast";

    /** The processor the workers run ({@code --processor}); bcrypt by default. */
    public static final String PROCESSOR = "hasher.processor";
    /** A directory of processor jars ({@code --plugin-path}, env {@code HASHPIPE_PLUGIN_PATH}). */
    public static final String PLUGIN_PATH = "hasher.plugin.path";
    /** Settings for the processor, {@code key=value} one a line ({@code --processor-setting}, repeatable). */
    public static final String PROCESSOR_SETTING = "hasher.processor.setting";
    /** The time limit of one task ({@code --task-timeout-ms}). */
    public static final String TASK_TIMEOUT_MS = "hasher.task.timeout.ms";
    /** The keys whose flag may be given many times. */
    public static final java.util.Set<String> REPEATABLE_KEYS = java.util.Set.of(PROCESSOR_SETTING);

    /** Which kind of group the hasher joins: {@value #GROUP_TYPE_CONSUMER} (the default) or {@value #GROUP_TYPE_SHARE} ({@code --group-type}). */
    public static final String GROUP_TYPE = "hasher.group.type";
    /** A consumer group: partitions owned by one member each, results and offsets in one transaction (exactly once). */
    public static final String GROUP_TYPE_CONSUMER = "consumer";
    /** A share group (KIP-932): any number of members per partition, each task acknowledged on its own (at least once). */
    public static final String GROUP_TYPE_SHARE = "share";

    /** The hashers' consumer group unless {@code --group} says otherwise. */
    public static final String DEFAULT_GROUP = "hashpipe-hasher";
    /** Prefix of derived transactional ids. */
    public static final String TRANSACTIONAL_ID_PREFIX = "hashpipe-hasher-";

    private static final int MAX_ID_LENGTH = 200;

    private static final ConfigDef.Validator PROCESSOR_NAME_RULE = ConfigDef.LambdaValidator.with((name, value) -> {
        if (!((String) value).matches("[a-z0-9-]{1,40}")) {
            throw new ConfigException(name, value, "Value must be a processor's name: 1 to 40 lower-case letters, digits and -"
                    + " (hashpipe processors lists them)");
        }
    }, () -> "[a-z0-9-]{1,40}");

    private static final ConfigDef.Validator SETTINGS_RULE = ConfigDef.LambdaValidator.with((name, value) -> {
        for (String line : ((String) value).split("\n")) {
            if (!line.isBlank() && (line.indexOf('=') < 1)) {
                throw new ConfigException(name, line, "Each setting must be key=value, the key not empty");
            }
        }
    }, () -> "key=value, one a line");

    private static final ConfigDef.Validator TRANSACTIONAL_ID_RULE = ConfigDef.LambdaValidator.with((name, value) -> {
        String id = (String) value;
        if (id.length() > MAX_ID_LENGTH || !id.matches("[A-Za-z0-9._:@-]*")) {
            throw new ConfigException(name, value, "Value must be empty (derived as " + TRANSACTIONAL_ID_PREFIX
                    + "<hostname>-<instance>) or at most " + MAX_ID_LENGTH + " letters, digits and . _ : @ -");
        }
    }, () -> "empty, or [A-Za-z0-9._:@-]{1," + MAX_ID_LENGTH + "}");

    /** Every key with its type, default, rule and doc. */
    public static final ConfigDef CONFIG_DEF = CommonConfigs.withProducerProperties(CommonConfigs.withConsumerProperties(
            CommonConfigs.withRecordLimit(CommonConfigs.withMaxDifficulty(
            CommonConfigs.withGroup(CommonConfigs.withDeadLetters(CommonConfigs.withTopics(CommonConfigs.withKafka(
            new ConfigDef()
                    .define(THREADS, Type.INT, Runtime.getRuntime().availableProcessors(), ConfigDef.Range.between(1, 1024),
                            Importance.HIGH, "Hashing threads; default: the available processors.")
                    .define(INSTANCE, Type.INT, 0, ConfigDef.Range.between(0, 1_000_000), Importance.MEDIUM,
                            "Index of this hasher among those on one host or in one process; part of the derived transactional id, so give each one a different index.")
                    .define(TRANSACTIONAL_ID, Type.STRING, "", TRANSACTIONAL_ID_RULE, Importance.MEDIUM,
                            "Kafka transactional id of this hasher, unique per replica and stable across its restarts; empty derives "
                                    + TRANSACTIONAL_ID_PREFIX + "<hostname>-<instance>.")
                    .define(TRANSACTION_MAX_RECORDS, Type.INT, 500, ConfigDef.Range.between(1, 100_000), Importance.LOW,
                            "Most results in one transaction: larger batches raise throughput at low cost.")
                    .define(TRANSACTION_MAX_MS, Type.INT, 500, ConfigDef.Range.between(1, 60_000), Importance.LOW,
                            "Longest a finished result waits for its transaction to commit while the workers are busy (when they run dry, it commits at once): fewer, larger transactions cost the broker less.")
                    .define(GROUP_TYPE, Type.STRING, GROUP_TYPE_CONSUMER, ConfigDef.ValidString.in(GROUP_TYPE_CONSUMER, GROUP_TYPE_SHARE), Importance.MEDIUM,
                            "consumer: a consumer group, one member per partition at most, each result committed with its task's offset in a Kafka transaction (exactly once). "
                                    + "share: a share group (Kafka 4.2+), any number of members reading the same partitions, each task acknowledged once its result is on the broker (at least once; the saver's idempotent store keeps it stored once).")
                    .define(BCRYPT_IMPL, Type.STRING, BCRYPT_FAST, ConfigDef.ValidString.in(BCRYPT_FAST, BCRYPT_SPRING), Importance.LOW,
                            "bcrypt implementation: fast (hashpipe's: Spring's hashes bit for bit, each worker hashing up to three tasks of one cost together, about twice the hashes per core) or spring (Spring Security's BCrypt, one task at a time).")
                    .define(PROCESSOR, Type.STRING, "bcrypt", PROCESSOR_NAME_RULE, Importance.HIGH,
                            "The processor the workers run on each task: bcrypt (the default), pbkdf2, or one from --plugin-path; hashpipe processors lists them.")
                    .define(PLUGIN_PATH, Type.STRING, "", Importance.MEDIUM,
                            "A directory of processor jars (each listing its classes in META-INF/services/io.hashpipe.api.Processor), beside those on the class path; empty: none.")
                    .define(PROCESSOR_SETTING, Type.STRING, "", SETTINGS_RULE, Importance.MEDIUM,
                            "A setting for the processor, key=value; repeat the flag for more (the environment variable holds one a line).")
                    .define(TASK_TIMEOUT_MS, Type.LONG, 600_000L, ConfigDef.Range.between(1, 7L * 24 * 3600 * 1000), Importance.MEDIUM,
                            "Time limit of one task in milliseconds: a task still running after it goes to the dead letters (TaskTimeout) and its worker thread is replaced."))),
            CommonConfigs.TASKS_TOPIC), DEFAULT_GROUP)))));

    public HasherConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    /** Hashing threads. */
    public int threads() {
        return getInt(THREADS);
    }

    /** Most results per transaction. */
    public int transactionMaxRecords() {
        return getInt(TRANSACTION_MAX_RECORDS);
    }

    /** Longest wait of a finished result for its commit, in milliseconds. */
    public int transactionMaxMs() {
        return getInt(TRANSACTION_MAX_MS);
    }

    /** Whether to hash with hashpipe's bcrypt rather than Spring's BCrypt. */
    public boolean fastBcrypt() {
        return BCRYPT_FAST.equals(getString(BCRYPT_IMPL));
    }

    /** The processor's name. */
    public String processorName() {
        return getString(PROCESSOR);
    }

    /** The plugin directory, or empty. */
    public String pluginPath() {
        return getString(PLUGIN_PATH);
    }

    /** The time limit of one task. */
    public java.time.Duration taskTimeout() {
        return java.time.Duration.ofMillis(getLong(TASK_TIMEOUT_MS));
    }

    /**
     * What the processor is told: the {@code --processor-setting} pairs, and this stage's {@code max.difficulty}
     * and {@code hasher.bcrypt.impl} (bcrypt reads them) unless a setting names them.
     */
    public Map<String, String> processorSettings() {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put(CommonConfigs.MAX_DIFFICULTY, Integer.toString(getInt(CommonConfigs.MAX_DIFFICULTY)));
        settings.put(BCRYPT_IMPL, getString(BCRYPT_IMPL));
        for (String line : getString(PROCESSOR_SETTING).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                settings.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return settings;
    }

    /** Whether the hasher joins a share group rather than a consumer group. */
    public boolean shareGroup() {
        return GROUP_TYPE_SHARE.equals(getString(GROUP_TYPE));
    }

    /** The configured transactional id, or {@code hashpipe-hasher-<hostname>-<instance>}. */
    public String transactionalId() {
        String id = getString(TRANSACTIONAL_ID);
        return id.isEmpty() ? TRANSACTIONAL_ID_PREFIX + GroupMembers.hostname() + "-" + getInt(INSTANCE) : id;
    }
}
