package io.hashpipe.producer.internals;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Says how far sending has got about once a second: {@code sent 300/600 (50%), 1,234 tasks/s}, the rate
 * being that of the last interval. Used by one thread.
 */
public final class Progress {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long total;
    private final long startNanos;
    private long lastNanos;
    private long lastCount;

    public Progress(long total, long startNanos) {
        this.total = total;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /** A progress line when a second or more has passed since the last one, else null. */
    public String next(long count, long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed < INTERVAL_NANOS) {
            return null;
        }
        double perSecond = (count - lastCount) * (double) INTERVAL_NANOS / elapsed;
        lastNanos = nowNanos;
        lastCount = count;
        return line(count, total, perSecond);
    }

    /** The closing line: the count and the mean rate since the start. */
    public String last(long count, long nowNanos) {
        long elapsed = Math.max(1, nowNanos - startNanos);
        return line(count, total, count * (double) INTERVAL_NANOS / elapsed)
                + String.format(Locale.ROOT, " in %.1f s", elapsed / (double) INTERVAL_NANOS);
    }

    /** {@code sent 300/600 (50%), 1,234 tasks/s}. */
    public static String line(long count, long total, double perSecond) {
        if (total <= 0) { // a stream of unknown length
            return String.format(Locale.ROOT, "sent %,d, %,.0f tasks/s", count, perSecond);
        }
        long percent = total == 0 ? 100 : count * 100 / total;
        return String.format(Locale.ROOT, "sent %,d/%,d (%d%%), %,.0f tasks/s", count, total, percent, perSecond);
    }
}
