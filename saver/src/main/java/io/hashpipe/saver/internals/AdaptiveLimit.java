package io.hashpipe.saver.internals;

/**
 * The number of requests the saver lets be in flight: additive increase while the API keeps up,
 * multiplicative decrease when it says it is overloaded (429/503), never above the configured maximum.
 *
 * <p>One overload signal per round trip lowers the limit: answers to requests sent before the last decrease
 * are ignored, so a burst of 503s from one overloaded moment counts once. Not thread-safe: the dispatcher's
 * event loop owns it.
 */
public final class AdaptiveLimit {

    /** Factor applied on overload. */
    static final double DECREASE = 0.75;

    private final int max;
    private double limit;
    /** {@link System#nanoTime()} of the last decrease; overloads of requests sent before it are ignored. */
    private long lastDecreaseNanos = Long.MIN_VALUE;

    public AdaptiveLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        this.max = max;
        this.limit = max;
    }

    /** The current limit, between 1 and the maximum. */
    public int current() {
        return (int) limit;
    }

    public int max() {
        return max;
    }

    /** A request sent at {@code sentNanos} succeeded: grow by about one per limit's worth of successes. */
    public void onSuccess(long sentNanos) {
        limit = Math.min(max, limit + 1.0 / limit);
    }

    /** A request sent at {@code sentNanos} was refused for overload. */
    public void onOverload(long sentNanos, long nowNanos) {
        if (sentNanos - lastDecreaseNanos <= 0 && lastDecreaseNanos != Long.MIN_VALUE) {
            return;
        }
        limit = Math.max(1, limit * DECREASE);
        lastDecreaseNanos = nowNanos;
    }
}
