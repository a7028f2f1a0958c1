package io.hashpipe.saver.internals;

import java.util.Collections;
import java.util.List;

/**
 * The reading of one request's result: one {@link Outcome} per record, in the request's order.
 *
 * @param status   the HTTP status, 0 when there was no answer (connection error, timeout)
 * @param whole    whether the request failed as a whole (every outcome is the same failure)
 * @param outcomes per record
 * @param timedOut whether the API did not answer in time (a sign of overload too)
 */
public record Answer(int status, boolean whole, List<Outcome> outcomes, boolean timedOut) {

    public Answer(int status, boolean whole, List<Outcome> outcomes) {
        this(status, whole, outcomes, false);
    }

    /** A request that was not answered within the request timeout. */
    public static Answer timedOut(int count, Outcome failure) {
        return new Answer(failure.status(), true, Collections.nCopies(count, failure), true);
    }

    /** The same failure for all {@code count} records of a request. */
    public static Answer failedWhole(int count, Outcome failure) {
        return new Answer(failure.status(), true, Collections.nCopies(count, failure));
    }

    /** Whether the API refused the request for overload (429 or 503). */
    public boolean refused() {
        return status == 429 || status == 503;
    }

    /** Whether the API said it is overloaded (429 or 503) or did not answer in time: a signal to lower the concurrency limit. */
    public boolean overloaded() {
        return status == 429 || status == 503 || timedOut;
    }
}
