package io.hashpipe.dbapi.internals;

import static io.hashpipe.dbapi.DbApiMeters.COMMIT_ROWS;
import static io.hashpipe.dbapi.DbApiMeters.IN_FLIGHT;
import static io.hashpipe.dbapi.DbApiMeters.REQUESTS;
import static io.hashpipe.dbapi.DbApiMeters.REQUEST_DURATION;
import static io.hashpipe.dbapi.DbApiMeters.ROWS_DUPLICATE;
import static io.hashpipe.dbapi.DbApiMeters.ROWS_STORED;
import static io.hashpipe.dbapi.DbApiMeters.TAG_PATH;
import static io.hashpipe.dbapi.DbApiMeters.TAG_STATUS;

import io.hashpipe.dbapi.DbApiMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The database API's meters, named once: requests by path and status, request duration, rows stored and
 * duplicate, rows per group commit, and writes in flight.
 *
 * <p>Meters are registered by name on the given registry; two servers on one registry share them.
 */
public final class DbApiMetrics {

    private final MeterRegistry registry;
    private final Counter rowsStored;
    private final Counter rowsDuplicate;
    private final DistributionSummary commitRows;

    public DbApiMetrics(MeterRegistry registry, Experiment experiment) {
        this.registry = registry;
        this.rowsStored = Counter.builder(ROWS_STORED).description("Rows inserted and committed").register(registry);
        this.rowsDuplicate = Counter.builder(ROWS_DUPLICATE)
                .description("Rows not inserted because their id was already stored").register(registry);
        this.commitRows = DistributionSummary.builder(COMMIT_ROWS).baseUnit("rows")
                .description("Rows per group-commit transaction").register(registry);
        Gauge.builder(IN_FLIGHT, experiment, Experiment::inFlight).strongReference(true)
                .description("Writes admitted and not yet answered").register(registry);
    }

    /** Counts one answered (or, with {@link DbApiMeters#NO_STATUS}, dropped) request and its duration. */
    public void request(Route route, String status, long startNanos) {
        registry.counter(REQUESTS, TAG_PATH, route.tag(), TAG_STATUS, status).increment();
        Timer.builder(REQUEST_DURATION).tag(TAG_PATH, route.tag()).register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** Records one committed transaction. */
    public void committed(int rows, int stored) {
        commitRows.record(rows);
        rowsStored.increment(stored);
        rowsDuplicate.increment(rows - stored);
    }
}
