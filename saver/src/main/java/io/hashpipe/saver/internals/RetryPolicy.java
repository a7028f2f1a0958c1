package io.hashpipe.saver.internals;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Decides whether a failed request is tried again and after how long: exponential backoff with jitter,
 * stretched to the server's {@code Retry-After} when it asks for longer.
 *
 * <p>Which answers are transient is {@link ResponseReader}'s word (an {@link Outcome}); this policy only
 * counts attempts and spaces them. Thread-safe.
 */
public final class RetryPolicy {

    /** Longest Retry-After honoured, so that a confused server cannot stall a partition for hours. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final int maxAttempts;
    private final long backoffMs;
    private final long backoffMaxMs;
    /** Uniform in [0, 1); a seam for tests. */
    private final DoubleSupplier random;

    public RetryPolicy(int maxAttempts, long backoffMs, long backoffMaxMs) {
        this(maxAttempts, backoffMs, backoffMaxMs, () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryPolicy(int maxAttempts, long backoffMs, long backoffMaxMs, DoubleSupplier random) {
        if (maxAttempts < 1 || backoffMs < 1 || backoffMaxMs < backoffMs) {
            throw new IllegalArgumentException("Invalid retry policy: maxAttempts=" + maxAttempts + " backoffMs=" + backoffMs
                    + " backoffMaxMs=" + backoffMaxMs + " (need maxAttempts >= 1, 1 <= backoffMs <= backoffMaxMs)");
        }
        this.maxAttempts = maxAttempts;
        this.backoffMs = backoffMs;
        this.backoffMaxMs = backoffMaxMs;
        this.random = random;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Whether a record that has made {@code attempts} attempts, the last failing transiently, may try again. */
    public boolean mayRetry(int attempts) {
        return attempts < maxAttempts;
    }

    /**
     * The delay before the attempt after {@code attempts} failed ones: half of {@code backoff * 2^(attempts-1)}
     * (capped) plus a random part up to the other half, or the server's Retry-After when that is longer.
     *
     * @param retryAfter the response's Retry-After header, or null
     */
    public Duration delay(int attempts, String retryAfter) {
        long exp = backoffMs;
        for (int i = 1; i < attempts && exp < backoffMaxMs; i++) {
            exp = exp > backoffMaxMs / 2 ? backoffMaxMs : exp * 2;
        }
        exp = Math.min(exp, backoffMaxMs);
        long jittered = exp / 2 + (long) (random.getAsDouble() * (exp - exp / 2));
        Duration backoff = Duration.ofMillis(Math.max(1, jittered));
        Duration asked = parseRetryAfter(retryAfter);
        return asked.compareTo(backoff) > 0 ? asked : backoff;
    }

    /** Retry-After as delta-seconds or an HTTP date; zero when absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return clamp(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                return clamp(Duration.between(ZonedDateTime.now(at.getZone()), at));
            } catch (DateTimeParseException notADate) {
                return Duration.ZERO;
            }
        }
    }

    private static Duration clamp(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }
}
