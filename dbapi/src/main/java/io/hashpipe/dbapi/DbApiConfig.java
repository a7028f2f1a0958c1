package io.hashpipe.dbapi;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.dbapi.internals.Knobs;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of the database API: where it listens, which database it writes to, how writes are
 * group-committed, and the experiment's latency, capacity and fault knobs.
 *
 * <p>Every value is validated here, before a socket or a database connection is opened. The knobs can be
 * changed later at runtime through {@code PUT /admin/settings}, with the same rules.
 */
public final class DbApiConfig extends AbstractConfig {

    /** TCP port to listen on; 0 picks a free one. */
    public static final String PORT = "dbapi.port";
    /** Address to bind. */
    public static final String BIND_ADDRESS = "dbapi.bind.address";
    /** JDBC URL of the database: H2 (PostgreSQL mode) or PostgreSQL. */
    public static final String JDBC_URL = "dbapi.jdbc.url";
    /** Minimum time before a write is answered. */
    public static final String LATENCY_MS = "dbapi.latency.ms";
    /** Random extra latency, uniform in 0..jitter. */
    public static final String LATENCY_JITTER_MS = "dbapi.latency.jitter.ms";
    /** Writes in progress beyond which requests get 503; 0 = unbounded. */
    public static final String MAX_CONCURRENCY = "dbapi.max.concurrency";
    /** Writes per second beyond which requests get 429; 0 = unbounded. */
    public static final String MAX_RPS = "dbapi.max.rps";
    /** Fraction of writes answered 503 without storing. */
    public static final String ERROR_RATE = "dbapi.error.rate";
    /** Fraction of writes never answered and not stored. */
    public static final String TIMEOUT_RATE = "dbapi.timeout.rate";
    /** How long a request picked by the timeout rate is held before its connection is closed. */
    public static final String TIMEOUT_HOLD_MS = "dbapi.timeout.hold.ms";
    /** Largest request body accepted: the bytes of a batch. */
    public static final String MAX_BODY_BYTES = "dbapi.max.body.bytes";
    /** Most results in one {@code POST /add/batch}. */
    public static final String BATCH_MAX_ITEMS = "dbapi.batch.max.items";
    /** Bearer token of the admin endpoints; unset or empty turns them off. */
    public static final String ADMIN_TOKEN = "dbapi.admin.token";
    /** How long a connection may wait for its next request before it is closed. */
    public static final String IDLE_TIMEOUT_MS = "dbapi.idle.timeout.ms";
    /** How long a request may take to arrive, from its first byte to its last. */
    public static final String READ_TIMEOUT_MS = "dbapi.read.timeout.ms";
    /** JDBC connections in the pool. */
    public static final String DB_POOL_SIZE = "dbapi.db.pool.size";
    /** Largest number of rows inserted in one group-commit transaction. */
    public static final String COMMIT_MAX_ROWS = "dbapi.commit.max.rows";
    /** Writer threads that group-commit rows, each with its own share of the ids. */
    public static final String COMMIT_WRITERS = "dbapi.commit.writers";

    /** The default database: an H2 file under ./data, in PostgreSQL mode so that both speak the same SQL. */
    public static final String DEFAULT_JDBC_URL = "jdbc:h2:file:./data/hashpipe-db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(PORT, Type.INT, 8080, Range.between(0, 65_535), Importance.HIGH,
                    "TCP port of the HTTP API; 0 picks a free port.")
            .define(BIND_ADDRESS, Type.STRING, "127.0.0.1", new CommonConfigs.ResolvableAddress(), Importance.MEDIUM,
                    "Address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for every interface (then set an admin token).")
            .define(JDBC_URL, Type.STRING, DEFAULT_JDBC_URL, new JdbcUrl(), Importance.HIGH,
                    "JDBC URL of the database: jdbc:h2:... with MODE=PostgreSQL (the default, an embedded file under ./data) or jdbc:postgresql://host:port/db?user=...")
            .define(LATENCY_MS, Type.INT, 100, Range.between(0, Knobs.MAX_LATENCY_MS), Importance.HIGH,
                    "Milliseconds before a write is answered, counted from its arrival (the experiment's slow database).")
            .define(LATENCY_JITTER_MS, Type.INT, 0, Range.between(0, Knobs.MAX_LATENCY_MS), Importance.MEDIUM,
                    "Random extra milliseconds added to each write's latency, uniform in 0..jitter.")
            .define(MAX_CONCURRENCY, Type.INT, 0, Range.between(0, Knobs.MAX_LIMIT), Importance.HIGH,
                    "Writes in progress beyond which a write is answered 503 with Retry-After; 0 = unbounded.")
            .define(MAX_RPS, Type.INT, 0, Range.between(0, Knobs.MAX_LIMIT), Importance.HIGH,
                    "Writes per second (token bucket) beyond which a write is answered 429 with Retry-After; 0 = unbounded.")
            .define(ERROR_RATE, Type.DOUBLE, 0.0, new Fraction(), Importance.MEDIUM,
                    "Fraction (0..1) of writes answered 503 without being stored.")
            .define(TIMEOUT_RATE, Type.DOUBLE, 0.0, new Fraction(), Importance.MEDIUM,
                    "Fraction (0..1) of writes never answered and not stored; their connection closes after timeout.hold.ms.")
            .define(TIMEOUT_HOLD_MS, Type.INT, 60_000, Range.between(1, 3_600_000), Importance.LOW,
                    "Milliseconds a write picked by timeout.rate is held before its connection is closed.")
            .define(MAX_BODY_BYTES, Type.INT, 1 << 20, Range.between(64, 1 << 30), Importance.MEDIUM,
                    "Largest request body in bytes (a batch's bytes); larger requests are answered 413.")
            .define(BATCH_MAX_ITEMS, Type.INT, 1_000, Range.between(1, 100_000), Importance.MEDIUM,
                    "Most results in one POST /add/batch; a larger batch is answered 413 and nothing of it is stored.")
            .define(ADMIN_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "Bearer token that GET and PUT /admin/settings require (Authorization: Bearer <token>); unset or empty"
                            + " turns the admin endpoints off (403).")
            .define(IDLE_TIMEOUT_MS, Type.INT, 60_000, Range.between(100, 3_600_000), Importance.LOW,
                    "Milliseconds a connection may wait for its next request (no request in progress) before it is closed.")
            .define(READ_TIMEOUT_MS, Type.INT, 10_000, Range.between(100, 600_000), Importance.LOW,
                    "Milliseconds a request may take to arrive, from its first byte to its last; a slower one is answered 408"
                            + " and its connection closed.")
            .define(DB_POOL_SIZE, Type.INT, 4, Range.between(1, 1_000), Importance.MEDIUM,
                    "JDBC connections in the pool, shared by the commit writers and the reads.")
            .define(COMMIT_MAX_ROWS, Type.INT, 500, Range.between(1, 100_000), Importance.MEDIUM,
                    "Largest number of rows inserted and committed in one transaction (group commit).")
            .define(COMMIT_WRITERS, Type.INT, 2, Range.between(1, 64), Importance.LOW,
                    "Writer threads that group-commit rows; each holds a pool connection while it commits.");

    /**
     * @throws ConfigException naming the key, the value and the rule of the first invalid setting
     */
    public DbApiConfig(Map<?, ?> props) {
        // Not logged by Kafka's AbstractConfig: a PostgreSQL URL may carry a password. The server logs
        // its settings with the password hidden.
        super(CONFIG_DEF, props, false);
        int writers = getInt(COMMIT_WRITERS);
        int pool = getInt(DB_POOL_SIZE);
        if (writers > pool) {
            throw new ConfigException(COMMIT_WRITERS, writers,
                    "Must be at most " + DB_POOL_SIZE + " (" + pool + "): each writer holds a connection while it commits");
        }
        double errorRate = getDouble(ERROR_RATE);
        double timeoutRate = getDouble(TIMEOUT_RATE);
        if (errorRate + timeoutRate > 1.0) {
            throw new ConfigException(ERROR_RATE, errorRate, "Together with " + TIMEOUT_RATE + " (" + timeoutRate
                    + ") must be at most 1: they are fractions of the same writes");
        }
    }

    /** The admin token, or null when the admin endpoints are off. */
    String adminToken() {
        var token = getPassword(ADMIN_TOKEN);
        return token == null || token.value().isBlank() ? null : token.value();
    }

    /** The experiment knobs this configuration starts with. */
    Knobs knobs() {
        return new Knobs(getInt(LATENCY_MS), getInt(LATENCY_JITTER_MS), getInt(MAX_CONCURRENCY), getInt(MAX_RPS),
                getDouble(ERROR_RATE), getDouble(TIMEOUT_RATE));
    }

    /** Accepts {@code jdbc:h2:} URLs in PostgreSQL mode and {@code jdbc:postgresql:} URLs with per-row counts. */
    static final class JdbcUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String url = value == null ? "" : value.toString();
            String lower = url.toLowerCase(Locale.ROOT).replace(" ", "");
            if (url.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException(name, value, "Must not contain control characters");
            }
            if (lower.startsWith("jdbc:h2:")) {
                if (!lower.contains(";mode=postgresql")) {
                    throw new ConfigException(name, value, "An H2 URL must set ;MODE=PostgreSQL (the SQL uses"
                            + " INSERT ... ON CONFLICT DO NOTHING), e.g. " + DEFAULT_JDBC_URL);
                }
            } else if (lower.startsWith("jdbc:postgresql:")) {
                if (lower.contains("rewritebatchedinserts=true")) {
                    throw new ConfigException(name, value, "Must not set reWriteBatchedInserts=true: the per-row"
                            + " update counts tell a stored row from a duplicate");
                }
            } else {
                throw new ConfigException(name, value, "Must start with jdbc:h2: or jdbc:postgresql:");
            }
        }

        @Override
        public String toString() {
            return "jdbc:h2:...;MODE=PostgreSQL or jdbc:postgresql://...";
        }
    }

    /** Accepts a number from 0 to 1 (and not NaN, which a plain range lets through). */
    static final class Fraction implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            double fraction = value instanceof Number number ? number.doubleValue() : Double.NaN;
            if (!(fraction >= 0.0 && fraction <= 1.0)) {
                throw new ConfigException(name, value, "Must be a fraction from 0 to 1, e.g. 0.05 for 5%");
            }
        }

        @Override
        public String toString() {
            return "[0.0,...,1.0]";
        }
    }
}
