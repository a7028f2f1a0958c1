package io.hashpipe.hasher;

import io.hashpipe.common.CommonConfigs;
import java.net.InetAddress;
import java.net.UnknownHostException;
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

    /** The hashers' consumer group unless {@code --group} says otherwise. */
    public static final String DEFAULT_GROUP = "hashpipe-hasher";
    /** Prefix of derived transactional ids. */
    public static final String TRANSACTIONAL_ID_PREFIX = "hashpipe-hasher-";

    private static final int MAX_ID_LENGTH = 200;

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
                    .define(BCRYPT_IMPL, Type.STRING, BCRYPT_FAST, ConfigDef.ValidString.in(BCRYPT_FAST, BCRYPT_SPRING), Importance.LOW,
                            "bcrypt implementation: fast (hashpipe's: Spring's hashes bit for bit, each worker hashing up to three tasks of one cost together, about twice the hashes per core) or spring (Spring Security's BCrypt, one task at a time)."))),
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

    /** The configured transactional id, or {@code hashpipe-hasher-<hostname>-<instance>}. */
    public String transactionalId() {
        String id = getString(TRANSACTIONAL_ID);
        return id.isEmpty() ? TRANSACTIONAL_ID_PREFIX + hostname() + "-" + getInt(INSTANCE) : id;
    }

    /** This host's name, reduced to the characters a transactional id may hold. */
    static String hostname() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "localhost" : safe;
    }
}
