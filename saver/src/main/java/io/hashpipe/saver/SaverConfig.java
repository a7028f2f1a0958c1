package io.hashpipe.saver;

import io.hashpipe.common.CommonConfigs;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The saver's settings: where the database API is, how many requests may be in flight, how results are
 * batched and retried, and how much consumed-but-uncommitted work may be held in memory.
 *
 * <p>Every key is validated in the constructor, before any socket is opened.
 */
public final class SaverConfig extends AbstractConfig {

    /** Base URL of the database API; {@code /add} and {@code /add/batch} are resolved against its path. */
    public static final String DB_URL = "saver.db.url";
    /** Requests open at once: {@value #ADAPTIVE} (found by the saver) or a fixed number (also the connection pool's size). */
    public static final String MAX_IN_FLIGHT = "saver.max.in.flight";
    /** Ceiling of an adaptive limit, and then the connection pool's size. */
    public static final String ADAPTIVE_MAX_IN_FLIGHT = "saver.adaptive.max.in.flight";
    /** Largest request body in bulk mode; a batch closes early when the next result would pass it. */
    public static final String BATCH_MAX_BYTES = "saver.batch.max.bytes";
    /** How long a part-filled batch waits for more results before it is sent. */
    public static final String BATCH_LINGER_MS = "saver.batch.linger.ms";

    /** The value of {@link #MAX_IN_FLIGHT} that lets the saver find the limit by itself. */
    public static final String ADAPTIVE = "adaptive";
    /** Results per request: 1 posts each to {@code /add}, more posts arrays to {@code /add/batch}. */
    public static final String BATCH_SIZE = "saver.batch.size";
    /** Attempts per result before it goes to the dead-letter topic. */
    public static final String MAX_ATTEMPTS = "saver.max.attempts";
    /** How long one request may take before it is abandoned and retried. */
    public static final String REQUEST_TIMEOUT_MS = "saver.request.timeout.ms";
    /** First retry delay; doubles per attempt, with jitter. */
    public static final String RETRY_BACKOFF_MS = "saver.retry.backoff.ms";
    /** Ceiling of the retry delay (a longer Retry-After from the API still wins). */
    public static final String RETRY_BACKOFF_MAX_MS = "saver.retry.backoff.max.ms";
    /** Records taken from Kafka but not yet committed, at most; partitions pause at the bound. */
    public static final String MAX_BUFFERED_RECORDS = "saver.max.buffered.records";
    /** Bytes of record values taken from Kafka but not yet committed, at most (soft by one poll). */
    public static final String MAX_BUFFERED_BYTES = "saver.max.buffered.bytes";
    /** How often stored offsets are committed while running. */
    public static final String COMMIT_INTERVAL_MS = "saver.commit.interval.ms";
    /** Longest wait for in-flight requests when partitions are revoked or the saver closes. */
    public static final String DRAIN_TIMEOUT_MS = "saver.drain.timeout.ms";

    /** The saver's consumer group unless told otherwise. */
    public static final String DEFAULT_GROUP = "hashpipe-saver";

    public static final ConfigDef CONFIG_DEF = CommonConfigs.withGroup(CommonConfigs.withDeadLetters(
            CommonConfigs.withTopics(CommonConfigs.withKafka(new ConfigDef())), CommonConfigs.RESULTS_TOPIC), DEFAULT_GROUP)
            .define(DB_URL, Type.STRING, "http://127.0.0.1:8080", new HttpUrl(), Importance.HIGH,
                    "Base URL of the database API (http://host[:port][/path]); results are POSTed to <url>/add or <url>/add/batch.")
            .define(MAX_IN_FLIGHT, Type.STRING, ADAPTIVE, new InFlight(), Importance.HIGH,
                    "Requests open at once: 'adaptive' starts low and finds the API's capacity by itself (grows while latency stays "
                            + "near its floor, cuts on 429/503, timeouts and rising latency), or a fixed number, which the saver "
                            + "still lowers while the API answers 429/503. A number is also the keep-alive connection pool's size.")
            .define(ADAPTIVE_MAX_IN_FLIGHT, Type.INT, 5_000, Range.between(1, 100_000), Importance.LOW,
                    "Ceiling of the adaptive limit, and then the size of the keep-alive connection pool.")
            .define(BATCH_SIZE, Type.INT, 1, Range.atLeast(1), Importance.HIGH,
                    "Results per request: 1 sends one POST /add per result, more sends POST /add/batch with up to this many.")
            .define(BATCH_MAX_BYTES, Type.INT, 512 * 1024, Range.between(1024, 1 << 30), Importance.LOW,
                    "Bulk mode: largest request body in bytes; a batch closes before a result would make it larger (keep it below the API's limit).")
            .define(BATCH_LINGER_MS, Type.LONG, 5L, Range.atLeast(0), Importance.LOW,
                    "Bulk mode: milliseconds a part-filled batch waits for more results before it is sent; 0 sends what each poll brings.")
            .define(MAX_ATTEMPTS, Type.INT, 10, Range.atLeast(1), Importance.MEDIUM,
                    "Attempts per result (first try included) before it goes to the dead-letter topic <results-topic>.dlq.")
            .define(REQUEST_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(1), Importance.MEDIUM,
                    "How long one request may take (connect, send, answer) before it is abandoned and retried.")
            .define(RETRY_BACKOFF_MS, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                    "First retry delay in milliseconds; doubles per attempt, with jitter.")
            .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                    "Ceiling of the retry delay in milliseconds; a longer Retry-After from the API is still honoured.")
            .define(MAX_BUFFERED_RECORDS, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    "Records taken from Kafka but not yet committed, at most; partitions are paused while the window is full.")
            .define(MAX_BUFFERED_BYTES, Type.LONG, 32L * 1024 * 1024, Range.atLeast(1024), Importance.MEDIUM,
                    "Bytes of records taken from Kafka but not yet committed, at most (may be passed by one poll); partitions are paused beyond it.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                    "How often offsets of stored results are committed while running (also on revoke and close).")
            .define(DRAIN_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                    "Longest wait for in-flight requests on revoke and close; results not stored by then stay uncommitted and are read again by the next owner.");

    public SaverConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        long backoff = getLong(RETRY_BACKOFF_MS);
        long backoffMax = getLong(RETRY_BACKOFF_MAX_MS);
        if (backoffMax < backoff) {
            throw new ConfigException(RETRY_BACKOFF_MAX_MS, backoffMax,
                    "Must be at least " + RETRY_BACKOFF_MS + " (" + backoff + "); raise it or lower " + RETRY_BACKOFF_MS);
        }
        int batch = getInt(BATCH_SIZE);
        int buffered = getInt(MAX_BUFFERED_RECORDS);
        if (buffered < batch) {
            throw new ConfigException(MAX_BUFFERED_RECORDS, buffered,
                    "Must be at least " + BATCH_SIZE + " (" + batch + ") so that a full batch fits in the window; raise it or lower " + BATCH_SIZE);
        }
    }

    /** Whether the in-flight limit is found by the saver ({@value #ADAPTIVE}). */
    public boolean adaptiveInFlight() {
        return ADAPTIVE.equalsIgnoreCase(getString(MAX_IN_FLIGHT).trim());
    }

    /** The most requests ever open at once: the fixed limit, or the adaptive limit's ceiling. */
    public int maxInFlight() {
        return adaptiveInFlight() ? getInt(ADAPTIVE_MAX_IN_FLIGHT) : Integer.parseInt(getString(MAX_IN_FLIGHT).trim());
    }

    /** The database API's base URL, validated. */
    public URI dbUrl() {
        return URI.create(getString(DB_URL));
    }

    /** {@link #REQUEST_TIMEOUT_MS} as a duration. */
    public Duration requestTimeout() {
        return Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS));
    }

    /** {@link #DRAIN_TIMEOUT_MS} as a duration. */
    public Duration drainTimeout() {
        return Duration.ofMillis(getLong(DRAIN_TIMEOUT_MS));
    }

    /** {@link #COMMIT_INTERVAL_MS} as a duration. */
    public Duration commitInterval() {
        return Duration.ofMillis(getLong(COMMIT_INTERVAL_MS));
    }

    /** Accepts {@value #ADAPTIVE} or a whole number of at least 1. */
    static final class InFlight implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().trim();
            if (ADAPTIVE.equalsIgnoreCase(text)) {
                return;
            }
            try {
                if (Integer.parseInt(text) >= 1) {
                    return;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new ConfigException(name, value, "Must be 'adaptive' or a whole number of at least 1");
        }

        @Override
        public String toString() {
            return "'adaptive' or a number >= 1";
        }
    }

    /** Accepts {@code http://host[:port][/path]} and nothing else. */
    static final class HttpUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = (String) value;
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException | NullPointerException e) {
                throw new ConfigException(name, value, "Must be an http URL such as http://127.0.0.1:8080");
            }
            if (!"http".equalsIgnoreCase(uri.getScheme())) {
                throw new ConfigException(name, value, "Must be an http:// URL (https is not supported), such as http://127.0.0.1:8080");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new ConfigException(name, value, "Must name a host, such as http://127.0.0.1:8080");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigException(name, value, "Must not have a query or fragment; give the API's base URL");
            }
        }

        @Override
        public String toString() {
            return "an http URL with a host, e.g. http://127.0.0.1:8080";
        }
    }
}
