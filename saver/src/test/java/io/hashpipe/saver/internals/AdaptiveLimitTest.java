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

    @Test
    void whileTheApiRefusesTheExcessRisingLatencyDoesNotPullTheLimitBelowItsCapacity() {
        int capacity = 500;
        AdaptiveLimit limit = AdaptiveLimit.adaptive(5_000);
        long now = 0;
        long sum = 0;
        int rounds = 300;
        for (int round = 0; round < rounds; round++, now += 100 * MS) {
            int open = limit.current();
            // After the warm-up the answers queue for CPU: three times the floor, as on a saturated machine.
            long rtt = (round < 20 ? 100 : 300) * MS;
            for (int i = 0; i < open; i++) {
                if (i < capacity) {
                    limit.onSuccess(now, rtt, open);
                } else {
                    limit.onRefusal(now, now + MS);
                }
            }
            if (round >= rounds / 2) {
                sum += Math.min(capacity, open);
            }
        }
        double used = (double) sum / (rounds - rounds / 2) / capacity;
        assertTrue(used >= 0.9, "mean use of the capacity " + used);
    }

    @Test
    void risingLatencyCountsAgainOnceTheRefusalsAreOld() {
        AdaptiveLimit limit = AdaptiveLimit.adaptive(5_000);
        long now = 0;
        for (int i = 0; i < AdaptiveLimit.LATENCY_WARMUP_SAMPLES; i++, now += MS) {
            limit.onSuccess(now, 100 * MS, limit.current());
        }
        limit.onRefusal(now, now + MS);
        int afterRefusal = limit.current();
        for (int i = 0; i < 200; i++, now += MS) {
            limit.onSuccess(now, 400 * MS, limit.current());
        }
        assertTrue(limit.current() >= afterRefusal, "a recent refusal: latency is not overload, " + limit.current());
        now += AdaptiveLimit.REFUSALS_TRUSTED_NANOS;
        int before = limit.current();
        for (int i = 0; i < 200; i++, now += MS) {
            limit.onSuccess(now, 400 * MS, limit.current());
        }
        assertTrue(limit.current() < before, "refusals long past: latency cuts again, " + limit.current() + " < " + before);
    }

    @Test
    void nearTheCapacityWhereItWasLastCutItProbesGentlySoItStaysCloseAndDrawsFewRefusals() {
        int capacity = 500;
        AdaptiveLimit limit = AdaptiveLimit.adaptive(5_000);
        long now = 0;
        long sum = 0;
        int roundsRefused = 0;
        int rounds = 400;
        for (int round = 0; round < rounds; round++, now += 100 * MS) {
            int open = limit.current();
            boolean refused = false;
            for (int i = 0; i < open; i++) {
                if (i < capacity) {
                    limit.onSuccess(now, 100 * MS, open);
                } else {
                    limit.onRefusal(now, now + MS);
                    refused = true;
                }
            }
            if (round >= rounds / 2) {
                sum += Math.min(capacity, open);
                roundsRefused += refused ? 1 : 0;
            }
        }
        double used = (double) sum / (rounds - rounds / 2) / capacity;
        assertTrue(used >= 0.95, "mean use of the capacity " + used);
        assertTrue(roundsRefused <= (rounds - rounds / 2) / 10, roundsRefused + " round trips with refusals");
    }

    @Test
    void whenTheCapacityGrowsTheLimitClimbsPastTheOldOneAndFindsTheNewOne() {
        AdaptiveLimit limit = AdaptiveLimit.adaptive(5_000);
        long now = 0;
        int capacity = 500;
        for (int round = 0; round < 300; round++, now += 100 * MS) {
            if (round == 100) {
                capacity = 2_000;
            }
            int open = limit.current();
            for (int i = 0; i < open; i++) {
                if (i < capacity) {
                    limit.onSuccess(now, 100 * MS, open);
                } else {
                    limit.onRefusal(now, now + MS);
                }
            }
            if (round == 99) {
                assertTrue(limit.current() < 560, "near the first capacity: " + limit.current());
            }
        }
        assertTrue(limit.current() > 1_700 && limit.current() < 2_300, "near the new capacity: " + limit.current());
    }

    @Test
    void afterACutForSlowAnswersAloneItClimbsBackFast() {
        AdaptiveLimit limit = AdaptiveLimit.adaptive(1_000);
        long now = 0;
        for (int round = 0; round < 33; round++, now += 100 * MS) {
            long rtt = (round >= 30 && round < 32 ? 400 : 100) * MS; // a passing moment of slow answers
            int open = limit.current();
            for (int i = 0; i < open; i++) {
                limit.onSuccess(now, rtt, open);
            }
        }
        assertFalse(limit.inSlowStart());
        int afterCut = limit.current();
        assertTrue(afterCut < 1_000, "cut: " + afterCut);
        for (int round = 0; round < 5; round++, now += 100 * MS) {
            int open = limit.current();
            for (int i = 0; i < open; i++) {
                limit.onSuccess(now, 100 * MS, open);
            }
        }
        assertTrue(limit.current() >= Math.min(1_000, afterCut + 50),
                "no capacity was stated: sqrt(limit) a round trip, not one; " + afterCut + " -> " + limit.current());
    }
}
