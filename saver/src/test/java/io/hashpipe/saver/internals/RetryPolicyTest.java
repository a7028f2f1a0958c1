package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    @Test
    void backoffDoublesWithinJitterBoundsAndStopsAtTheCeiling() {
        RetryPolicy low = new RetryPolicy(10, 100, 1_000, () -> 0.0);
        RetryPolicy high = new RetryPolicy(10, 100, 1_000, () -> 0.999_999);
        long[] expected = {100, 200, 400, 800, 1_000, 1_000, 1_000};
        for (int attempts = 1; attempts <= expected.length; attempts++) {
            long exp = expected[attempts - 1];
            long min = low.delay(attempts, null).toMillis();
            long max = high.delay(attempts, null).toMillis();
            assertEquals(exp / 2, min, "lowest delay after attempt " + attempts);
            assertTrue(max <= exp && max >= exp - 1, "highest delay after attempt " + attempts + " was " + max);
        }
    }

    @Test
    void hugeAttemptCountsDoNotOverflow() {
        RetryPolicy policy = new RetryPolicy(Integer.MAX_VALUE, Long.MAX_VALUE / 4, Long.MAX_VALUE / 2, () -> 0.5);
        assertTrue(policy.delay(1_000, null).toMillis() > 0);
    }

    @Test
    void retryAfterLongerThanTheBackoffWins() {
        RetryPolicy policy = new RetryPolicy(10, 100, 1_000, () -> 0.5);
        assertEquals(Duration.ofSeconds(3), policy.delay(1, "3"));
        assertEquals(75, policy.delay(1, "0").toMillis(), "a shorter Retry-After leaves the backoff");
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        Duration parsed = RetryPolicy.parseRetryAfter(inTenSeconds);
        assertTrue(parsed.toSeconds() >= 8 && parsed.toSeconds() <= 10, parsed.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "soon", "-5", "Wed, 21 Oct 2015 07:28:00 GMT"})
    void unreadableOrPastRetryAfterIsIgnored(String value) {
        assertEquals(Duration.ZERO, RetryPolicy.parseRetryAfter(value));
    }

    @Test
    void absurdRetryAfterIsCapped() {
        assertEquals(RetryPolicy.MAX_RETRY_AFTER, RetryPolicy.parseRetryAfter("99999999"));
    }

    @Test
    void attemptsStopAtTheMaximum() {
        RetryPolicy policy = new RetryPolicy(3, 10, 100);
        assertTrue(policy.mayRetry(1));
        assertTrue(policy.mayRetry(2));
        assertFalse(policy.mayRetry(3));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, 100, 10));
    }
}
