package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FixedLimitTest {

    private static final long MS = 1_000_000;

    @Test
    void fixedLimitStartsAtTheMaximumAndNeverExceedsIt() {
        FixedLimit limit = new FixedLimit(10);
        assertEquals(10, limit.current());
        for (int i = 0; i < 100; i++) {
            limit.onSuccess(i, 100 * MS, 10);
        }
        assertEquals(10, limit.current());
    }

    @Test
    void overloadLowersTheLimitOncePerRoundTrip() {
        FixedLimit limit = new FixedLimit(100);
        limit.onOverload(10, 20);
        assertEquals(90, limit.current());
        limit.onOverload(15, 25); // sent before the decrease: the same overload
        assertEquals(90, limit.current());
        limit.onOverload(30, 40); // sent after it: a new signal
        assertEquals(81, limit.current());
    }

    @Test
    void neverFallsBelowOneAndRecoversOnSuccess() {
        FixedLimit limit = new FixedLimit(4);
        for (long t = 1; t < 100; t += 2) {
            limit.onOverload(t, t + 1);
        }
        assertEquals(1, limit.current());
        for (int i = 0; i < 20; i++) {
            limit.onSuccess(1000 + i, 100 * MS, 1);
        }
        assertTrue(limit.current() > 1);
    }

    @Test
    void fixedLimitIgnoresLatency() {
        FixedLimit limit = new FixedLimit(50);
        long now = 0;
        for (int i = 0; i < 60; i++, now += MS) {
            limit.onSuccess(now, 10 * MS, 50);
        }
        for (int i = 0; i < 200; i++, now += MS) {
            limit.onSuccess(now, 400 * MS, 50);
        }
        assertEquals(50, limit.current());
    }
}
