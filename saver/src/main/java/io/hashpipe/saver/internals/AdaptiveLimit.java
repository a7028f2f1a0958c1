package io.hashpipe.saver.internals;

/**
 * A limit that finds the API's capacity by itself, by AIMD with a slow start: it grows while the API keeps
 * up and its latency stays near the floor, and shrinks when the API says it is overloaded (429/503), a
 * request times out, or the smoothed latency rises well above the floor ({@link LatencyMeasurement}).
 *
 * <p>It starts at {@link #INITIAL} and doubles per round trip until the first sign of overload, then grows
 * and is cut as {@link Aimd} says. It grows only while the requests in flight fill at least half of it, so
 * that a saver short of work does not inflate it.
 *
 * <p>During that slow start, rising latency ends it only once the successes per second have stopped rising
 * ({@link DeliveryRate}, TCP BBR's "full pipe" test): on a cold start the first seconds' answers are slow
 * because the saver's code and the API's are cold and the connections are opening, not because the API
 * queues, and each doubling still brings more answers a second; ending the slow start there left the limit
 * far below the capacity, to grow by {@code sqrt(limit)} a round trip. While the latency is up and the last
 * round trip brought no more, the limit holds, so that an API that queues instead of refusing is not sent
 * more than the latency rule alone sent it.
 *
 * <p>An API that refuses what it cannot take (429, 503: {@link #onRefusal}) says where its capacity is.
 * For {@link #REFUSALS_TRUSTED_NANOS} after its last refusal, rising latency is not taken as overload:
 * below the capacity the API declared, slower answers mean queueing for CPU (the saver's, the API's) and
 * cutting would only leave the API's capacity unused. An API that queues instead of refusing never
 * refuses, and latency stays the signal. The tuning values have defaults here and are set in a
 * {@link Builder}. Not thread-safe: the dispatcher's event loop owns it.
 */
public final class AdaptiveLimit implements Limit {

    /**
     * Where an adaptive limit starts: Netflix concurrency-limits' default. From 4 the slow start took 7
     * round trips to reach 500, and the first second stored a fifth of what a fixed 500 did.
     */
    static final int INITIAL = 20;
    /** Smoothed latency above this multiple of the floor counts as overload. */
    static final double LATENCY_TOLERANCE = 2.0;
    /** Weight of a new latency sample in the smoothed latency. */
    static final double SMOOTHING = 0.05;
    /** Samples before latency counts (connections opening, cold code). */
    static final int LATENCY_WARMUP_SAMPLES = 500;
    /** Samples after which the latency floor is forgotten, so that it can follow a slower API. */
    static final int FLOOR_WINDOW = 2_000;
    /** How long after the API's last refusal (429/503) rising latency does not count as overload. */
    static final long REFUSALS_TRUSTED_NANOS = 10_000_000_000L;
    /** How long after a {@link #restore} rising latency does not count as overload: the API is back, and cold. */
    static final long RESUME_GRACE_NANOS = 10_000_000_000L;
    /** The factor by which a round trip's successes per second must pass the last grown one to count as growth (BBR's). */
    static final double RATE_GROWTH = 1.25;
    /** Round trips without that growth after which the rate has stopped rising (BBR's). */
    static final int STALLED_ROUNDS = 3;

    private final Aimd aimd;
    private final LatencyMeasurement latency;
    private final DeliveryRate rate;
    private final long refusalsTrustedNanos;
    private final long resumeGraceNanos;
    private boolean slowStart = true;
    private boolean refused;
    private long lastRefusalNanos;
    /** {@link System#nanoTime()} before which rising latency is not taken as overload (after a restore); 0 for none. */
    private long latencyIgnoredUntilNanos;
    private boolean latencyIgnored;

    private AdaptiveLimit(Builder b) {
        this.aimd = new Aimd(b.initial, b.max, b.decrease, b.nearLastCut);
        this.latency = new LatencyMeasurement(b.smoothing, b.warmupSamples, b.floorWindow, b.latencyTolerance);
        this.rate = new DeliveryRate(b.rateGrowth, b.stalledRounds);
        this.refusalsTrustedNanos = b.refusalsTrustedNanos;
        this.resumeGraceNanos = b.resumeGraceNanos;
    }

    /** An adaptive limit with the default tuning, up to {@code ceiling}. */
    public static AdaptiveLimit withCeiling(int ceiling) {
        return builder().max(ceiling).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int current() {
        return (int) aimd.limit();
    }

    @Override
    public int max() {
        return aimd.max();
    }

    @Override
    public Level level() {
        return new Level(aimd.limit(), slowStart);
    }

    /**
     * {@inheritDoc} The latency is measured afresh (a warm-up again), and for the resume grace rising
     * latency does not cut: the API is often a restarted process, as cold as at the start, and slower for a
     * few seconds while its JIT and connection pool warm up; cutting then would leave it short of work once
     * it is warm. Refusals and timeouts still cut.
     */
    @Override
    public void restore(Level level, long nowNanos) {
        aimd.set(level.limit());
        slowStart = level.slowStart();
        latencyIgnored = true;
        latencyIgnoredUntilNanos = nowNanos + resumeGraceNanos;
        latency.reset();
        rate.reset();
    }

    /** Whether the limit is still doubling per round trip (no overload seen yet). */
    public boolean inSlowStart() {
        return slowStart;
    }

    @Override
    public void onSuccess(long sentNanos, long rttNanos, int inFlight) {
        long now = sentNanos + rttNanos;
        boolean graced = latencyIgnored && now - latencyIgnoredUntilNanos < 0;
        boolean slower = latency.add(rttNanos) && !refusedRecently(now) && !graced;
        if (slowStart) {
            rate.add(sentNanos, now);
        }
        if (slower && !(slowStart && rate.rising())) {
            onOverload(sentNanos, now);
            return;
        }
        if (aimd.used(inFlight) && !(slowStart && slower && rate.stalled())) {
            aimd.grow(slowStart);
        }
    }

    @Override
    public void onRefusal(long sentNanos, long nowNanos) {
        refused = true;
        lastRefusalNanos = nowNanos;
        cut(sentNanos, nowNanos, true);
    }

    @Override
    public void onOverload(long sentNanos, long nowNanos) {
        cut(sentNanos, nowNanos, false);
    }

    private void cut(long sentNanos, long nowNanos, boolean refusal) {
        if (aimd.cut(sentNanos, nowNanos, refusal)) {
            slowStart = false;
        }
    }

    private boolean refusedRecently(long nowNanos) {
        return refused && nowNanos - lastRefusalNanos < refusalsTrustedNanos;
    }

    /** The tuning of an adaptive limit; every value has the default above unless set. */
    public static final class Builder {
        private int initial = INITIAL;
        private int max = 5_000;
        private double decrease = Aimd.DECREASE;
        private double nearLastCut = Aimd.NEAR_LAST_CUT;
        private double latencyTolerance = LATENCY_TOLERANCE;
        private double smoothing = SMOOTHING;
        private int warmupSamples = LATENCY_WARMUP_SAMPLES;
        private int floorWindow = FLOOR_WINDOW;
        private long refusalsTrustedNanos = REFUSALS_TRUSTED_NANOS;
        private long resumeGraceNanos = RESUME_GRACE_NANOS;
        private double rateGrowth = RATE_GROWTH;
        private int stalledRounds = STALLED_ROUNDS;

        private Builder() {
        }

        /** Where the limit starts (capped at the maximum). */
        public Builder initial(int value) {
            initial = value;
            return this;
        }

        /** The ceiling ({@code --adaptive-max-in-flight}). */
        public Builder max(int value) {
            max = value;
            return this;
        }

        /** The factor applied on overload, between 0 and 1. */
        public Builder decrease(double value) {
            decrease = value;
            return this;
        }

        /** The fraction of the last refusal's limit within which the limit grows by one per round trip. */
        public Builder nearLastCut(double value) {
            nearLastCut = value;
            return this;
        }

        /** The multiple of the latency floor above which the smoothed latency counts as overload. */
        public Builder latencyTolerance(double value) {
            latencyTolerance = value;
            return this;
        }

        /** The weight of a new latency sample in the smoothed latency. */
        public Builder smoothing(double value) {
            smoothing = value;
            return this;
        }

        /** Samples before the latency counts. */
        public Builder warmupSamples(int value) {
            warmupSamples = value;
            return this;
        }

        /** Samples after which the latency floor is forgotten. */
        public Builder floorWindow(int value) {
            floorWindow = value;
            return this;
        }

        /** How long after the last refusal rising latency does not count as overload. */
        public Builder refusalsTrustedNanos(long value) {
            refusalsTrustedNanos = value;
            return this;
        }

        /** How long after a restore rising latency does not count as overload. */
        public Builder resumeGraceNanos(long value) {
            resumeGraceNanos = value;
            return this;
        }

        /** The factor by which a round trip's rate must pass the last grown one to count as still rising. */
        public Builder rateGrowth(double value) {
            rateGrowth = value;
            return this;
        }

        /** Round trips without growth after which the slow start's rate has stopped rising. */
        public Builder stalledRounds(int value) {
            stalledRounds = value;
            return this;
        }

        public AdaptiveLimit build() {
            if (initial < 1) {
                throw new IllegalArgumentException("initial must be at least 1, was " + initial);
            }
            if (refusalsTrustedNanos < 0 || resumeGraceNanos < 0) {
                throw new IllegalArgumentException("refusalsTrustedNanos and resumeGraceNanos must be at least 0, were "
                        + refusalsTrustedNanos + " and " + resumeGraceNanos);
            }
            return new AdaptiveLimit(this);
        }
    }
}
