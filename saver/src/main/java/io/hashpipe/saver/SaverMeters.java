package io.hashpipe.saver;

/**
 * The saver's published meter names and tags (Micrometer; in Prometheus, dots become underscores and
 * counters end in {@code _total}). Dashboards, the launcher and tests read them from here.
 */
public final class SaverMeters {

    /** Counter, tagged {@link #TAG_OUTCOME} {@link #OUTCOME_STORED} or {@link #OUTCOME_DUPLICATE}: results the API acknowledged. */
    public static final String STORED = "hashpipe.saver.stored";
    /** Counter: result attempts scheduled again after a transient failure. */
    public static final String RETRIES = "hashpipe.saver.retries";
    /** Counter: results acknowledged by the dead-letter topic. */
    public static final String DEAD_LETTERS = "hashpipe.saver.dead.letters";
    /** Counter, tagged {@link #TAG_STATUS} (the HTTP status, {@code timeout} or {@code error}): requests made. */
    public static final String REQUESTS = "hashpipe.saver.requests";
    /** Gauge: requests open now. */
    public static final String IN_FLIGHT = "hashpipe.saver.in.flight";
    /** Gauge: the current (adaptive) limit on requests open at once. */
    public static final String LIMIT = "hashpipe.saver.limit";
    /** Gauge: the API's state as the saver sees it: 0 up, 1 down (an outage: waiting, probing), 2 misconfigured. */
    public static final String API_STATE = "hashpipe.saver.api.state";
    /** Timer: request round trips, answered or not. */
    public static final String REQUEST_DURATION = "hashpipe.saver.request.duration";
    /**
     * Gauge: results the API acknowledged ({@link #STORED}, both outcomes) per second over the last 10 complete
     * seconds, for registries that cannot take a counter's rate themselves.
     */
    public static final String RECORDS_RATE = "hashpipe.saver.records.rate";
    /** Gauge: records of the assigned partitions that the saver's group has not committed. */
    public static final String COMMITTED_LAG = "hashpipe.saver.committed.lag";

    /** Tag: whether the API stored the result or already had it. */
    public static final String TAG_OUTCOME = "outcome";
    public static final String OUTCOME_STORED = "stored";
    public static final String OUTCOME_DUPLICATE = "duplicate";
    /** Tag: a request's HTTP status, or {@code timeout} or {@code error}. */
    public static final String TAG_STATUS = "status";

    private SaverMeters() {
    }
}
