package io.hashpipe.dbapi.internals;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket that admits at most {@code ratePerSecond} requests a second on average, with bursts of up
 * to one second's worth.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Tokens added per second, also the bucket's capacity. */
    private final double ratePerSecond;
    /** Monotonic clock in nanoseconds; {@code System::nanoTime} outside tests. */
    private final LongSupplier nanoClock;
    /** Tokens available now, at most {@link #ratePerSecond}. */
    private double tokens;
    /** When {@link #tokens} was last brought up to date. */
    private long refilledAtNanos;

    public TokenBucket(int ratePerSecond, LongSupplier nanoClock) {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("ratePerSecond is " + ratePerSecond + ": must be at least 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.nanoClock = nanoClock;
        this.tokens = ratePerSecond;
        this.refilledAtNanos = nanoClock.getAsLong();
    }

    /** Takes a token if one is available. */
    public synchronized boolean tryAcquire() {
        refill();
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** Whole seconds until a token will be available, at least 1 (the value of a Retry-After header). */
    public synchronized long secondsUntilAvailable() {
        refill();
        double missing = Math.max(0.0, 1.0 - tokens);
        return Math.max(1L, (long) Math.ceil(missing / ratePerSecond));
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - refilledAtNanos;
        if (elapsed > 0) {
            tokens = Math.min(ratePerSecond, tokens + elapsed * ratePerSecond / NANOS_PER_SECOND);
            refilledAtNanos = now;
        }
    }
}
