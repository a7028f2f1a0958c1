package io.hashpipe.dbapi;

/**
 * The database API's published meter names and tags (Micrometer; in Prometheus, dots become underscores
 * and counters end in {@code _total}). Dashboards, the launcher and tests read them from here.
 */
public final class DbApiMeters {

    /** Counter of requests, tagged {@link #TAG_PATH} and {@link #TAG_STATUS}. */
    public static final String REQUESTS = "hashpipe.dbapi.requests";
    /** Timer of requests, tagged {@link #TAG_PATH}. */
    public static final String REQUEST_DURATION = "hashpipe.dbapi.request.duration";
    /** Counter of rows inserted and committed. */
    public static final String ROWS_STORED = "hashpipe.dbapi.rows.stored";
    /** Counter of rows not inserted because their id was already stored. */
    public static final String ROWS_DUPLICATE = "hashpipe.dbapi.rows.duplicate";
    /** Distribution of rows per group-commit transaction. */
    public static final String COMMIT_ROWS = "hashpipe.dbapi.commit.rows";
    /** Gauge of writes in flight. */
    public static final String IN_FLIGHT = "hashpipe.dbapi.in.flight";

    /** Tag: the route (a template such as {@code /results/{id}}). */
    public static final String TAG_PATH = "path";
    /** Tag: the HTTP status answered, or {@link #NO_STATUS}. */
    public static final String TAG_STATUS = "status";
    /** Status tag of a request picked by the timeout rate: it gets no status. */
    public static final String NO_STATUS = "timeout";

    private DbApiMeters() {
    }
}
