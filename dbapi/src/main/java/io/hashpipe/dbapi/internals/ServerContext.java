package io.hashpipe.dbapi.internals;

import io.hashpipe.dbapi.ResultStore;
import java.util.concurrent.Executor;

/**
 * What the request handlers of every connection share.
 *
 * @param writer            stores rows (group commit)
 * @param store             reads rows; blocking, so called on {@code reads}
 * @param experiment        latency, limits and faults
 * @param metrics           the meters
 * @param reads             runs the blocking database reads off the event loops
 * @param timeoutHoldMillis how long a write picked by the timeout rate is held before its connection closes
 * @param admin             who may use the admin endpoints
 * @param limits            what one request and one connection may take
 */
public record ServerContext(RowWriter writer, ResultStore store, Experiment experiment, DbApiMetrics metrics,
                            Executor reads, long timeoutHoldMillis, AdminGuard admin, ServerLimits limits) {
}
