package io.hashpipe.saver.internals;

/**
 * The number of requests the saver lets be in flight, found by AIMD with a slow start: it grows while the
 * API keeps up and its latency stays near the floor, and shrinks when the API says it is overloaded
 * (429/503), a request times out, or the smoothed latency rises well above the floor.
 *
 * <p>A fixed limit ({@link #fixed}) starts at its maximum; an adaptive one ({@link #adaptive}) starts at
 * {@link #INITIAL} and doubles per round trip until the first sign of overload, then grows by about
 * {@code sqrt(limit)} per round trip and is cut by {@link #DECREASE}. It grows only while the requests in
 * flight fill at least half of it, so that a saver short of work does not inflate it. One overload per
 * round trip lowers the limit: answers to requests sent before the last decrease are ignored, so a burst of
 * 503s from one overloaded moment counts once. Not thread-safe: the dispatcher's event loop owns it.
 */
public final class AdaptiveLimit {

    /** Factor applied on overload (as Vector's adaptive request concurrency: gentle, so the mean stays high). */
    static final double DECREASE = 0.9;
    /** Where an adaptive limit starts. */
    static final int INITIAL = 4;
    /** Smoothed latency above this multiple of the floor counts as overload. */
    static final double LATENCY_TOLERANCE = 2.0;
    /** Weight of a new latency sample in the smoothed latency. */
    private static final double SMOOTHING = 0.05;
    /**
     * Samples before latency counts: the first requests open connections and run on cold code (JIT), and
     * their spread would otherwise end the slow start at a handful of requests.
     */
    static final int LATENCY_WARMUP_SAMPLES = 500;
    /** Samples after which the latency floor is forgotten, so that it can follow a slower API. */
    private static final int FLOOR_WINDOW = 2_000;

    private final int max;
    /** Whether rising latency counts as overload (adaptive limits only; a fixed one reacts to refusals alone). */
    private final boolean watchLatency;
    private double limit;
    private boolean slowStart;
    /** {@link System#nanoTime()} of the last decrease; overloads of requests sent before it are ignored. */
    private long lastDecreaseNanos;
    private boolean decreased;
    private double smoothedNanos;
    private long floorNanos = Long.MAX_VALUE;
    private long nextFloorNanos = Long.MAX_VALUE;
    private int samples;

    private AdaptiveLimit(int initial, int max, boolean slowStart) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        this.max = max;
        this.limit = Math.min(initial, max);
        this.slowStart = slowStart;
        this.watchLatency = slowStart;
    }

    /** A limit that starts at {@code max} and only goes below it while the API is overloaded. */
    public static AdaptiveLimit fixed(int max) {
        return new AdaptiveLimit(max, max, false);
    }

    /** A limit that starts low and finds the API's capacity by itself, up to {@code ceiling}. */
    public static AdaptiveLimit adaptive(int ceiling) {
        return new AdaptiveLimit(INITIAL, ceiling, true);
    }

    /** The current limit, between 1 and the maximum. */
    public int current() {
        return (int) limit;
    }

    public int max() {
        return max;
    }

    /** Whether the limit is still doubling per round trip (no overload seen yet). */
    public boolean inSlowStart() {
        return slowStart;
    }

    /**
     * A request sent at {@code sentNanos} succeeded after {@code rttNanos}, with {@code inFlight} requests
     * open when it was sent.
     */
    public void onSuccess(long sentNanos, long rttNanos, int inFlight) {
        if (latencyRising(rttNanos) && watchLatency) {
            onOverload(sentNanos, sentNanos + rttNanos);
            return;
        }
        if (inFlight * 2 < limit) {
            return; // not using the limit: no evidence that more would be served
        }
        double step = slowStart ? 1.0 : Math.sqrt(limit) / limit;
        limit = Math.min(max, limit + step);
    }

    /** A request sent at {@code sentNanos} was refused for overload (429, 503) or timed out. */
    public void onOverload(long sentNanos, long nowNanos) {
        if (decreased && sentNanos - lastDecreaseNanos <= 0) {
            return;
        }
        slowStart = false;
        limit = Math.max(1, limit * DECREASE);
        lastDecreaseNanos = nowNanos;
        decreased = true;
    }

    /** Tracks the latency floor (windowed minimum) and smoothed latency; true when the latter is far above the former. */
    private boolean latencyRising(long rttNanos) {
        floorNanos = Math.min(floorNanos, rttNanos);
        nextFloorNanos = Math.min(nextFloorNanos, rttNanos);
        if (++samples % FLOOR_WINDOW == 0) {
            floorNanos = nextFloorNanos;
            nextFloorNanos = Long.MAX_VALUE;
        }
        smoothedNanos = smoothedNanos == 0 ? rttNanos : smoothedNanos + SMOOTHING * (rttNanos - smoothedNanos);
        // Below a millisecond, scheduling noise dwarfs the API's own latency: no signal there.
        return samples > LATENCY_WARMUP_SAMPLES && smoothedNanos > 1_000_000 && smoothedNanos > LATENCY_TOLERANCE * Math.max(floorNanos, 1_000_000);
    }
}
