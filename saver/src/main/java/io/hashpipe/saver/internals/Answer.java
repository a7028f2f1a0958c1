package io.hashpipe.saver.internals;

import java.util.Collections;
import java.util.List;

/**
 * The reading of one request's result: one {@link Outcome} per record, in the request's order.
 *
 * @param status   the HTTP status, 0 when there was no answer (connection error, timeout)
 * @param success  whether the status is one of the success statuses (the request as a whole was taken)
 * @param whole    whether the request failed as a whole (every outcome is the same failure)
 * @param outcomes per record
 * @param timedOut whether the API did not answer in time (a sign of overload too)
 */
public record Answer(int status, boolean success, boolean whole, List<Outcome> outcomes, boolean timedOut) {

    /** A request that was not answered within the request timeout. */
    public static Answer timedOut(int count, Outcome failure) {
        return new Answer(0, false, true, Collections.nCopies(count, failure), true);
    }

    /** The same failure for all {@code count} records of a request. */
    public static Answer failedWhole(int count, Outcome failure) {
        return new Answer(failure.status(), false, true, Collections.nCopies(count, failure), false);
    }

    /** A success-status answer with an outcome per record. */
    public static Answer taken(int status, List<Outcome> outcomes) {
        return new Answer(status, true, false, outcomes, false);
    }

    /** Whether the API refused the request for overload (429 or 503). */
    public boolean refused() {
        return status == 429 || status == 503;
    }

    /** Whether the API said it is overloaded (429 or 503) or did not answer in time: a signal to lower the concurrency limit. */
    public boolean overloaded() {
        return refused() || timedOut;
    }

    /**
     * What the answer says about the API as a whole: {@link Outcome.Kind#STORED} when it took the request
     * (even if it refused some items, unless every item failed for the API's own reasons), else the kind of
     * the request's failure.
     */
    public Outcome.Kind verdict() {
        if (success) {
            return outcomes.stream().allMatch(o -> o.kind() == Outcome.Kind.UNAVAILABLE) ? Outcome.Kind.UNAVAILABLE : Outcome.Kind.STORED;
        }
        return outcomes.get(0).kind();
    }

    /** The first failure's outcome, for describing the answer; null when every record was acknowledged. */
    public Outcome firstFailure() {
        return outcomes.stream().filter(o -> !o.acknowledged()).findFirst().orElse(null);
    }
}
