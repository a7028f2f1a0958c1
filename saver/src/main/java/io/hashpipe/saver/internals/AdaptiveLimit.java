package io.hashpipe.saver.internals;

/**
 * The number of requests the saver lets be in flight, found by AIMD with a slow start: it grows while the
 * API keeps up and its latency stays near the floor, and shrinks when the API says it is overloaded
 * (429/503), a request times out, or the smoothed latency rises well above the floor.
 *
 * <p>A fixed limit ({@link #fixed}) starts at its maximum; an adaptive one ({@link #adaptive}) starts at
 * {@link #INITIAL} and doubles per round trip until the first sign of overload, then grows by about
 * {@code sqrt(limit)} per round trip and is cut by {@link #DECREASE}. Near the limit it was last cut from
 * for a refusal (within {@link #NEAR_LAST_CUT} of it, either side) it grows by one per round trip instead,
 * as TCP CUBIC flattens near its last maximum: the limit spends its time just under the capacity it found,
 * probing it with a few requests rather than a burst, and climbs fast again once past it (the capacity
 * grew). It grows only while the requests in flight fill at least half of it, so that a saver short of
 * work does not inflate it. One overload per round trip lowers the limit: answers to requests sent before
 * the last decrease are ignored, so a burst of 503s from one overloaded moment counts once.
 *
 * <p>An API that refuses what it cannot take (429, 503: {@link #onRefusal}) says where its capacity is.
 * For {@link #REFUSALS_TRUSTED_NANOS} after its last refusal, rising latency is not taken as overload:
 * below the capacity the API declared, slower answers mean queueing for CPU (the saver's, the API's) and
 * cutting would only leave the API's capacity unused. An API that queues instead of refusing never
 * refuses, and latency stays the signal. Not thread-safe: the dispatcher's event loop owns it.
 */
public final class AdaptiveLimit {

    /** Factor applied on overload (as Vector's adaptive request concurrency: gentle, so the mean stays high). */
    static final double DECREASE = 0.9;
    /** Fraction of the limit last cut from within which the limit grows by one per round trip. */
    static final double NEAR_LAST_CUT = 0.05;
    /**
     * Where an adaptive limit starts: Netflix concurrency-limits' default. From 4 the slow start took 7
     * round trips to reach 500, and the first second stored a fifth of what a fixed 500 did.
     */
    static final int INITIAL = 20;
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
    /** How long after the API's last refusal (429/503) rising latency does not count as overload. */
    static final long REFUSALS_TRUSTED_NANOS = 10_000_000_000L;
    /** How long after a {@link #restore} rising latency does not count as overload: the API is back, and cold. */
    static final long RESUME_GRACE_NANOS = 10_000_000_000L;

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
    private boolean refused;
    private long lastRefusalNanos;
    /** The limit before the last decrease if a refusal caused it (where the API said its capacity is); else 0. */
    private double lastCutFrom;
    /** {@link System#nanoTime()} before which rising latency is not taken as overload (after a restore); 0 for none. */
    private long latencyIgnoredUntilNanos;
    private boolean latencyIgnored;

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

    /** A limit and its phase, taken while the API answers and put back after an outage. */
    public record Level(double limit, boolean slowStart) {
    }

    /** The limit now, to {@link #restore} later. */
    public Level level() {
        return new Level(limit, slowStart);
    }

    /**
     * Puts back a level taken before an outage, so that the saver resumes at the concurrency the API had
     * taken rather than at what the outage's timeouts and refusals cut it to. The latency is measured afresh
     * (a warm-up again), and for {@link #RESUME_GRACE_NANOS} rising latency does not cut: the API is often a
     * restarted process, as cold as at the start, and slower for a few seconds while its JIT and connection pool
     * warm up; cutting then would leave it short of work once it is warm. Refusals and timeouts still cut.
     */
    public void restore(Level level, long nowNanos) {
        limit = Math.max(1, Math.min(max, level.limit()));
        slowStart = level.slowStart();
        latencyIgnored = true;
        latencyIgnoredUntilNanos = nowNanos + RESUME_GRACE_NANOS;
        smoothedNanos = 0;
        samples = 0;
        floorNanos = Long.MAX_VALUE;
        nextFloorNanos = Long.MAX_VALUE;
    }

    /** Whether the limit is still doubling per round trip (no overload seen yet). */
    public boolean inSlowStart() {
        return slowStart;
    }

    /**
     * Takes one answer of a request sent at {@code sentNanos} with {@code inFlight} requests open: a refusal
     * (429/503), an overload (a timeout), or a success and its latency. Other failures say nothing about load.
     */
    public void onAnswer(Answer answer, long sentNanos, long nowNanos, int inFlight) {
        if (answer.refused()) {
            onRefusal(sentNanos, nowNanos);
        } else if (answer.overloaded()) {
            onOverload(sentNanos, nowNanos);
        } else if (answer.success()) {
            onSuccess(sentNanos, nowNanos - sentNanos, inFlight);
        }
    }

    /**
     * A request sent at {@code sentNanos} succeeded after {@code rttNanos}, with {@code inFlight} requests
     * open when it was sent.
     */
    public void onSuccess(long sentNanos, long rttNanos, int inFlight) {
        long now = sentNanos + rttNanos;
        boolean graced = latencyIgnored && now - latencyIgnoredUntilNanos < 0;
        if (latencyRising(rttNanos) && watchLatency && !refusedRecently(now) && !graced) {
            onOverload(sentNanos, sentNanos + rttNanos);
            return;
        }
        if (inFlight * 2 < limit) {
            return; // not using the limit: no evidence that more would be served
        }
        // Each success adds its share of the round trip's growth: the limit, sqrt(limit) or one.
        double perRoundTrip = slowStart ? limit : nearLastCut() ? 1 : Math.sqrt(limit);
        limit = Math.min(max, limit + perRoundTrip / limit);
    }

    /** A request sent at {@code sentNanos} was refused by the API for overload (429, 503). */
    public void onRefusal(long sentNanos, long nowNanos) {
        refused = true;
        lastRefusalNanos = nowNanos;
        double before = limit;
        if (decrease(sentNanos, nowNanos)) {
            lastCutFrom = before; // the API said where its capacity is
        }
    }

    private boolean nearLastCut() {
        return Math.abs(limit - lastCutFrom) <= NEAR_LAST_CUT * lastCutFrom;
    }

    private boolean refusedRecently(long nowNanos) {
        return refused && nowNanos - lastRefusalNanos < REFUSALS_TRUSTED_NANOS;
    }

    /** A request sent at {@code sentNanos} timed out (a refusal goes to {@link #onRefusal}). */
    public void onOverload(long sentNanos, long nowNanos) {
        if (decrease(sentNanos, nowNanos)) {
            lastCutFrom = 0; // a timeout or slow answers: no capacity stated, and often a passing moment
        }
    }

    /** Cuts the limit unless this overload was already answered by a cut; true when it cut. */
    private boolean decrease(long sentNanos, long nowNanos) {
        if (decreased && sentNanos - lastDecreaseNanos <= 0) {
            return false;
        }
        slowStart = false;
        limit = Math.max(1, limit * DECREASE);
        lastDecreaseNanos = nowNanos;
        decreased = true;
        return true;
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
