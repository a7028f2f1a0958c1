package io.hashpipe.saver.internals;

import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Events per second over a sliding window of whole seconds, for a gauge that registries without rate
 * functions (JMX, the simple registry, logs) show as it is.
 *
 * <p>A ring holds one bucket per second: the second it counts and its count, packed into one long. The rate
 * is the count of the last {@code window} complete seconds divided by their number (fewer while the rate is
 * younger than the window); the second under way is left out, so a reading is up to a second late but never
 * extrapolates a partial second.
 *
 * <p>Thread-safe without locks; {@link #increment} allocates nothing (one compare-and-set).
 */
public final class SlidingRate {

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int COUNT_BITS = 32;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private final Clock clock;
    private final long origin;
    private final int seconds;
    /** Bucket {@code s % length} counts second {@code s} since the origin as {@code s << 32 | count}. */
    private final AtomicLongArray buckets;

    /** A rate over the last {@code window} (whole seconds, at least one), timed by {@code clock}'s monotonic time. */
    public SlidingRate(Clock clock, Duration window) {
        if (window.toSeconds() < 1 || window.toNanos() % NANOS_PER_SECOND != 0) {
            throw new IllegalArgumentException("The window must be a positive number of whole seconds: " + window);
        }
        this.clock = clock;
        this.origin = clock.monotonicTime();
        this.seconds = Math.toIntExact(window.toSeconds());
        this.buckets = new AtomicLongArray(seconds + 1);
    }

    /** Counts one event now. */
    public void increment() {
        long second = second();
        int i = (int) (second % buckets.length());
        long bucket;
        long next;
        do {
            bucket = buckets.get(i);
            // A bucket already on a later second (this thread was slow) takes the event as it is.
            next = (bucket >>> COUNT_BITS) >= second ? bucket + 1 : second << COUNT_BITS | 1;
        } while (!buckets.compareAndSet(i, bucket, next));
    }

    /** Events per second over the complete seconds of the window; 0 during the first second. */
    public double perSecond() {
        long now = second();
        long span = Math.min(seconds, now);
        if (span == 0) {
            return 0;
        }
        long total = 0;
        for (int i = 0; i < buckets.length(); i++) {
            long bucket = buckets.get(i);
            long second = bucket >>> COUNT_BITS;
            if (second < now && second >= now - span) {
                total += bucket & COUNT_MASK;
            }
        }
        return (double) total / span;
    }

    private long second() {
        return (clock.monotonicTime() - origin) / NANOS_PER_SECOND;
    }
}
