package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {

    private static final long MS = 1_000_000;

    @Test
    void fixedLimitStartsAtTheMaximumAndNeverExceedsIt() {
        AdaptiveLimit limit = AdaptiveLimit.fixed(10);
        assertEquals(10, limit.current());
        for (int i = 0; i < 100; i++) {
            limit.onSuccess(i, 100 * MS, 10);
        }
        assertEquals(10, limit.current());
    }

    @Test
    void overloadLowersTheLimitOncePerRoundTrip() {
        AdaptiveLimit limit = AdaptiveLimit.fixed(100);
        limit.onOverload(10, 20);
        assertEquals(90, limit.current());
        limit.onOverload(15, 25); // sent before the decrease: the same overload
        assertEquals(90, limit.current());
        limit.onOverload(30, 40); // sent after it: a new signal
        assertEquals(81, limit.current());
    }

    @Test
    void neverFallsBelowOneAndRecoversOnSuccess() {
        AdaptiveLimit limit = AdaptiveLimit.fixed(4);
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
    void adaptiveLimitStartsLowAndDoublesPerRoundTripWhileLatencyStaysFlat() {
        AdaptiveLimit limit = AdaptiveLimit.adaptive(5_000);
        assertEquals(AdaptiveLimit.INITIAL, limit.current());
        long now = 0;
        for (int round = 0; round < 8; round++) {
            int atStart = limit.current();
            for (int i = 0; i < atStart; i++) {
                limit.onSuccess(now, 100 * MS, limit.current());
            }
            assertEquals(Math.min(5_000, atStart * 2), limit.current(), "round " + round);
            now += 100 * MS;
        }
        assertTrue(limit.inSlowStart());
    }

    @Test
    void adaptiveLimitDoesNotGrowWhileMostOfItIsUnused() {
        AdaptiveLimit limit = AdaptiveLimit.adaptive(5_000);
        for (int i = 0; i < 1_000; i++) {
            limit.onSuccess(i, 100 * MS, 1);
        }
        assertEquals(AdaptiveLimit.INITIAL, limit.current());
    }

    @Test
    void risingLatencyEndsTheSlowStartAndCutsTheLimit() {
        AdaptiveLimit limit = AdaptiveLimit.adaptive(5_000);
        long now = 0;
        for (int i = 0; i < AdaptiveLimit.LATENCY_WARMUP_SAMPLES; i++, now += MS) {
            limit.onSuccess(now, 100 * MS, limit.current());
        }
        int before = limit.current();
        for (int i = 0; i < 200; i++, now += MS) {
            limit.onSuccess(now, 400 * MS, limit.current());
        }
        assertFalse(limit.inSlowStart());
        assertTrue(limit.current() < before, limit.current() + " should be below " + before);
    }

    @Test
    void latencyDuringTheWarmUpDoesNotEndTheSlowStart() {
        AdaptiveLimit limit = AdaptiveLimit.adaptive(5_000);
        long now = 0;
        for (int i = 0; i < AdaptiveLimit.LATENCY_WARMUP_SAMPLES; i++, now += MS) {
            limit.onSuccess(now, (i % 2 == 0 ? 10 : 900) * MS, limit.current());
        }
        assertTrue(limit.inSlowStart());
    }

    @Test
    void fixedLimitIgnoresLatency() {
        AdaptiveLimit limit = AdaptiveLimit.fixed(50);
        long now = 0;
        for (int i = 0; i < 60; i++, now += MS) {
            limit.onSuccess(now, 10 * MS, 50);
        }
        for (int i = 0; i < 200; i++, now += MS) {
            limit.onSuccess(now, 400 * MS, 50);
        }
        assertEquals(50, limit.current());
    }

    @Test
    void adaptiveLimitSettlesNearACapacityThatRefusesTheExcess() {
        int capacity = 500;
        AdaptiveLimit limit = AdaptiveLimit.adaptive(5_000);
        long now = 0;
        long sum = 0;
        int rounds = 300;
        for (int round = 0; round < rounds; round++, now += 100 * MS) {
            int open = limit.current();
            for (int i = 0; i < open; i++) {
                if (i < capacity) {
                    limit.onSuccess(now, 100 * MS, open);
                } else {
                    limit.onOverload(now, now + MS);
                }
            }
            if (round >= rounds / 2) {
                sum += Math.min(capacity, open);
            }
        }
        double used = (double) sum / (rounds - rounds / 2) / capacity;
        assertTrue(used >= 0.9, "mean use of the capacity " + used);
        assertTrue(limit.current() < 2 * capacity, "limit " + limit.current());
    }
}
