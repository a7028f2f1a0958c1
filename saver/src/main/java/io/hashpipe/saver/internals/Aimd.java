package io.hashpipe.saver.internals;

/**
 * The additive-increase, multiplicative-decrease arithmetic both limits share: the number itself, its growth
 * per success, and cuts that count once per round trip.
 *
 * <p>A cut applies {@code decrease}; answers to requests sent before the last cut are ignored, so a burst of
 * 503s from one overloaded moment counts once. Near the limit last cut from for a refusal (within
 * {@code nearLastCut} of it, either side) the limit grows by one per round trip, as TCP CUBIC flattens near
 * its last maximum: it spends its time just under the capacity the API stated, probing it with a few
 * requests rather than a burst, and climbs fast again once past it (the capacity grew). Not thread-safe.
 */
final class Aimd {

    /** Factor applied on overload (as Vector's adaptive request concurrency: gentle, so the mean stays high). */
    static final double DECREASE = 0.9;
    /** Fraction of the limit last cut from within which the limit grows by one per round trip. */
    static final double NEAR_LAST_CUT = 0.05;

    private final int max;
    private final double decrease;
    private final double nearLastCut;
    private double limit;
    /** {@link System#nanoTime()} of the last decrease; overloads of requests sent before it are ignored. */
    private long lastDecreaseNanos;
    private boolean decreased;
    /** The limit before the last decrease if a refusal caused it (where the API said its capacity is); else 0. */
    private double lastCutFrom;

    Aimd(double initial, int max, double decrease, double nearLastCut) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        if (!(decrease > 0 && decrease < 1)) {
            throw new IllegalArgumentException("decrease must be between 0 and 1 (exclusive), was " + decrease);
        }
        if (!(nearLastCut >= 0 && nearLastCut < 1)) {
            throw new IllegalArgumentException("nearLastCut must be at least 0 and below 1, was " + nearLastCut);
        }
        this.max = max;
        this.decrease = decrease;
        this.nearLastCut = nearLastCut;
        this.limit = Math.min(initial, max);
    }

    double limit() {
        return limit;
    }

    int max() {
        return max;
    }

    /** Sets the limit, kept between 1 and the maximum (a restore after an outage). */
    void set(double value) {
        limit = Math.max(1, Math.min(max, value));
    }

    /** Whether {@code inFlight} requests fill at least half of the limit: evidence that more would be served. */
    boolean used(int inFlight) {
        return inFlight * 2 >= limit;
    }

    /**
     * One success's share of the round trip's growth: the limit itself while {@code doubling}, else one near
     * the last refusal's cut, else {@code sqrt(limit)}.
     */
    void grow(boolean doubling) {
        double perRoundTrip = doubling ? limit : nearLastCut() ? 1 : Math.sqrt(limit);
        limit = Math.min(max, limit + perRoundTrip / limit);
    }

    /**
     * Cuts the limit unless this overload was already answered by a cut; true when it cut. {@code refusal}:
     * the API refused (429/503), so the limit before the cut is where it said its capacity is; a timeout or
     * slow answers state no capacity, and are often a passing moment.
     */
    boolean cut(long sentNanos, long nowNanos, boolean refusal) {
        if (decreased && sentNanos - lastDecreaseNanos <= 0) {
            return false;
        }
        lastCutFrom = refusal ? limit : 0;
        limit = Math.max(1, limit * decrease);
        lastDecreaseNanos = nowNanos;
        decreased = true;
        return true;
    }

    private boolean nearLastCut() {
        return Math.abs(limit - lastCutFrom) <= nearLastCut * lastCutFrom;
    }
}
