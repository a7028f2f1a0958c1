package io.hashpipe.saver.internals;

/**
 * The number of requests the saver lets be in flight, and how the API's answers move it. Two algorithms:
 * {@link FixedLimit} (a number, lowered only while the API is overloaded) and {@link AdaptiveLimit} (finds
 * the API's capacity by itself).
 *
 * <p>Not thread-safe: the dispatcher's event loop owns a limit.
 */
public interface Limit {

    /** The current limit, between 1 and {@link #max}. */
    int current();

    /** The ceiling the limit never passes. */
    int max();

    /**
     * A request sent at {@code sentNanos} succeeded after {@code rttNanos}, with {@code inFlight} requests
     * open when it was sent.
     */
    void onSuccess(long sentNanos, long rttNanos, int inFlight);

    /** A request sent at {@code sentNanos} was refused by the API for overload (429, 503). */
    void onRefusal(long sentNanos, long nowNanos);

    /** A request sent at {@code sentNanos} timed out (a refusal goes to {@link #onRefusal}). */
    void onOverload(long sentNanos, long nowNanos);

    /**
     * Takes one answer of a request sent at {@code sentNanos} with {@code inFlight} requests open: a refusal
     * (429/503), an overload (a timeout), or a success and its latency. Other failures say nothing about load.
     */
    default void onAnswer(Answer answer, long sentNanos, long nowNanos, int inFlight) {
        if (answer.refused()) {
            onRefusal(sentNanos, nowNanos);
        } else if (answer.overloaded()) {
            onOverload(sentNanos, nowNanos);
        } else if (answer.success()) {
            onSuccess(sentNanos, nowNanos - sentNanos, inFlight);
        }
    }

    /** The limit now, to {@link #restore} later. */
    Level level();

    /**
     * Puts back a level taken before an outage, so that the saver resumes at the concurrency the API had
     * taken rather than at what the outage's timeouts and refusals cut it to.
     */
    void restore(Level level, long nowNanos);

    /** A limit and its phase, taken while the API answers and put back after an outage. */
    record Level(double limit, boolean slowStart) {
    }
}
