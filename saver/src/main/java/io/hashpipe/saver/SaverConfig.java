package io.hashpipe.saver;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.GroupMembers;
import io.hashpipe.saver.internals.ApiEndpoint;
import io.hashpipe.saver.internals.SuccessStatuses;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The saver's settings: where and how it writes (URL, headers, body, success statuses, TLS), how many
 * requests may be in flight, how results are batched and retried, how long an outage may last, and how much
 * consumed-but-uncommitted work may be held in memory.
 *
 * <p>Every key is validated in the constructor, before any socket is opened.
 */
public final class SaverConfig extends AbstractConfig {

    /** The write endpoint's full URL; an empty path or {@code /} is hashpipe's dbapi at that base ({@code /add}). */
    public static final String DB_URL = "saver.db.url";
    /** The bulk endpoint's URL (same origin); empty derives {@code .../add/batch} for hashpipe's dbapi. */
    public static final String DB_BATCH_URL = "saver.db.batch.url";
    /** What a request for one result carries: {@code json} (the result) or {@code hash} (the bare hash). */
    public static final String DB_BODY = "saver.db.body";
    /** Extra request headers, {@code Name: value}, one per line (the flag is repeatable); never logged. */
    public static final String DB_HEADER = "saver.db.header";
    /** A file of extra request headers, one {@code Name: value} per line. */
    public static final String DB_HEADER_FILE = "saver.db.header.file";
    /** The HTTP statuses that mean stored: codes and classes, e.g. {@code 2xx} or {@code 200,201}. */
    public static final String SUCCESS_STATUS = "saver.success.status";
    /** The trust store for {@code https://} (PKCS12 or JKS); empty uses the JDK's. */
    public static final String DB_TRUSTSTORE = "saver.db.truststore";
    /** The trust store's password, if it has one. */
    public static final String DB_TRUSTSTORE_PASSWORD = "saver.db.truststore.password";
    /** How long the saver waits for a failing API before it dead-letters what waits; 0 waits for ever. */
    public static final String MAX_OUTAGE = "saver.max.outage";
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

    /** Index of this saver among those on one host ({@code --instance}): part of its static member id. */
    public static final String INSTANCE = "saver.instance";
    /** Prefix of the savers' static member ids ({@code group.instance.id}). */
    public static final String INSTANCE_ID_PREFIX = "hashpipe-saver-";

    /** The keys whose flag may be given many times ({@code --db-header A --db-header B}); the values join by newlines. */
    public static final Set<String> REPEATABLE_KEYS = Set.of(DB_HEADER);

    /** The saver's consumer group unless told otherwise. */
    public static final String DEFAULT_GROUP = "hashpipe-saver";

    public static final ConfigDef CONFIG_DEF = CommonConfigs.withGroup(CommonConfigs.withDeadLetters(
            CommonConfigs.withTopics(CommonConfigs.withConsumerProperties(CommonConfigs.withProducerProperties(
            CommonConfigs.withKafka(new ConfigDef())))), CommonConfigs.RESULTS_TOPIC), DEFAULT_GROUP)
            .define(INSTANCE, Type.INT, 0, Range.between(0, 1_000_000), Importance.MEDIUM,
                    "Index of this saver among those on one host; its static group member id is " + INSTANCE_ID_PREFIX
                            + "<hostname>-<instance>, so a restarted saver takes its partitions back at once. Give each saver on a host its own.")
            .define(DB_URL, Type.STRING, "http://127.0.0.1:8080", new ConfigRules.HttpUrl(), Importance.HIGH,
                    "The write endpoint's full URL, http(s)://host[:port]/path[?query]: each result is POSTed there. An empty path "
                            + "or / means hashpipe's dbapi at that base (POST /add, and /add/batch in bulk mode).")
            .define(DB_BATCH_URL, Type.STRING, "", Importance.MEDIUM,
                    "Bulk mode (--batch-size > 1): the endpoint that takes a JSON array and answers per item, on the same scheme, "
                            + "host and port as --db-url; empty means <--db-url>/batch when --db-url ends in /add (hashpipe's dbapi).")
            .define(DB_BODY, Type.STRING, "json", ConfigDef.ValidString.in("json", "hash"), Importance.MEDIUM,
                    "The body of a request for one result: 'json' (the result, application/json) or 'hash' (the bare hash, "
                            + "text/plain, as the classic experiment's API takes it). The id always travels in the Idempotency-Key header.")
            .define(DB_HEADER, Type.PASSWORD, "", Importance.MEDIUM,
                    "An extra request header 'Name: value' (e.g. 'Authorization: Bearer ...'); repeat the flag for more (one per "
                            + "line in the environment variable). Values are never logged; prefer --db-header-file for secrets, "
                            + "since command lines are visible to ps.")
            .define(DB_HEADER_FILE, Type.STRING, "", Importance.MEDIUM,
                    "A file of extra request headers, one 'Name: value' per line (# comments); read once at start.")
            .define(SUCCESS_STATUS, Type.STRING, SuccessStatuses.ANY_2XX, new ConfigRules.Statuses(), Importance.MEDIUM,
                    "The HTTP statuses that mean stored: 2xx codes and classes, comma-separated (e.g. '2xx' or '200,201'). A JSON "
                            + "answer with a boolean 'stored' (hashpipe's dbapi) tells a new row from a duplicate; other bodies are ignored.")
            .define(DB_TRUSTSTORE, Type.STRING, "", Importance.LOW,
                    "For https:// URLs: a trust store (PKCS12 or JKS) with the API's certificate or its CA; empty uses the JDK's.")
            .define(DB_TRUSTSTORE_PASSWORD, Type.PASSWORD, "", Importance.LOW,
                    "The trust store's password, if it has one.")
            .define(MAX_OUTAGE, Type.STRING, "0", new ConfigRules.OutageBound(), Importance.MEDIUM,
                    "How long the saver waits for a failing or misconfigured API (e.g. 30s, 10m, 2h) before it sends the results "
                            + "that wait to the dead-letter topic; 0 waits for ever (nothing is dead-lettered for an outage).")
            .define(MAX_IN_FLIGHT, Type.STRING, ADAPTIVE, new ConfigRules.InFlight(), Importance.HIGH,
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
                    "Failed requests of one result while other results are stored (it alone fails: a record the API cannot take) "
                            + "before it goes to the dead-letter topic; failures while the API fails as a whole do not count.")
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

    private final ApiEndpoint endpoint;

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
        this.endpoint = ApiEndpoint.of(this);
        if (batch > 1 && endpoint.batchTarget() == null) {
            throw new ConfigException(DB_BATCH_URL, "", "Bulk mode (" + BATCH_SIZE + " " + batch + ") needs the bulk endpoint's URL: "
                    + DB_URL + " does not end in /add, so it is not hashpipe's dbapi and its bulk path cannot be derived");
        }
        if (batch > 1 && endpoint.body() == ApiEndpoint.Body.HASH) {
            throw new ConfigException(DB_BODY, "hash", "Bulk mode (" + BATCH_SIZE + " " + batch + ") sends JSON arrays of results; "
                    + "use " + DB_BODY + " json, or " + BATCH_SIZE + " 1 for an API that takes bare hashes");
        }
    }

    /** The write endpoint, its headers, body, success statuses and TLS, validated. */
    public ApiEndpoint endpoint() {
        return endpoint;
    }

    /** {@link #MAX_OUTAGE} as a duration; zero means unbounded. */
    public Duration maxOutage() {
        return ConfigRules.OutageBound.parse(getString(MAX_OUTAGE));
    }

    /** The static group member id: {@code hashpipe-saver-<hostname>-<instance>}, the same across restarts. */
    public String instanceId() {
        return INSTANCE_ID_PREFIX + GroupMembers.hostname() + "-" + getInt(INSTANCE);
    }

    /** Whether the in-flight limit is found by the saver ({@value #ADAPTIVE}). */
    public boolean adaptiveInFlight() {
        return ADAPTIVE.equalsIgnoreCase(getString(MAX_IN_FLIGHT).trim());
    }

    /** The most requests ever open at once: the fixed limit, or the adaptive limit's ceiling. */
    public int maxInFlight() {
        return adaptiveInFlight() ? getInt(ADAPTIVE_MAX_IN_FLIGHT) : Integer.parseInt(getString(MAX_IN_FLIGHT).trim());
    }

    /** {@link #DB_URL} as given, validated. */
    public URI dbUrl() {
        return URI.create(getString(DB_URL).strip());
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
}
