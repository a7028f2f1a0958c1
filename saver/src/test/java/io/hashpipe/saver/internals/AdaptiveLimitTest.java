package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {

    @Test
    void startsAtTheMaximumAndNeverExceedsIt() {
        AdaptiveLimit limit = new AdaptiveLimit(10);
        assertEquals(10, limit.current());
        for (int i = 0; i < 100; i++) {
            limit.onSuccess(i);
        }
        assertEquals(10, limit.current());
    }

    @Test
    void overloadLowersTheLimitOncePerRoundTrip() {
        AdaptiveLimit limit = new AdaptiveLimit(100);
        limit.onOverload(10, 20);
        assertEquals(75, limit.current());
        limit.onOverload(15, 25); // sent before the decrease: the same overload
        assertEquals(75, limit.current());
        limit.onOverload(30, 40); // sent after it: a new signal
        assertEquals(56, limit.current());
    }

    @Test
    void neverFallsBelowOneAndRecoversOnSuccess() {
        AdaptiveLimit limit = new AdaptiveLimit(4);
        for (long t = 1; t < 50; t += 2) {
            limit.onOverload(t, t + 1);
        }
        assertEquals(1, limit.current());
        for (int i = 0; i < 20; i++) {
            limit.onSuccess(1000 + i);
        }
        assertTrue(limit.current() > 1);
    }
}
