package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {

    private static final long MS = 1_000_000;

    @Test
    void adaptiveLimitStartsLowAndDoublesPerRoundTripWhileLatencyStaysFlat() {
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
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
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        for (int i = 0; i < 1_000; i++) {
            limit.onSuccess(i, 100 * MS, 1);
        }
        assertEquals(AdaptiveLimit.INITIAL, limit.current());
    }

    @Test
    void risingLatencyEndsTheSlowStartAndCutsTheLimit() {
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        long now = warmUp(limit);
        int before = limit.current();
        for (int i = 0; i < 200; i++, now += MS) {
            limit.onSuccess(now, 400 * MS, limit.current());
        }
        assertFalse(limit.inSlowStart());
        assertTrue(limit.current() < before, limit.current() + " should be below " + before);
    }

    @Test
    void latencyDuringTheWarmUpDoesNotEndTheSlowStart() {
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        long now = 0;
        for (int i = 0; i < AdaptiveLimit.LATENCY_WARMUP_SAMPLES; i++, now += MS) {
            limit.onSuccess(now, (i % 2 == 0 ? 10 : 900) * MS, limit.current());
        }
        assertTrue(limit.inSlowStart());
    }

    /**
     * After an outage the limit is put back to the level it had, and the API's cold start (slow answers for a
     * while) does not cut it for the grace period; a refusal still does, and latency counts again after it.
     */
    @Test
    void aRestoredLevelSurvivesTheApisColdStartButNotItsRefusals() {
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        long now = warmUp(limit);
        Limit.Level before = limit.level();
        for (int i = 0; i < 50; i++, now += 100 * MS) {
            limit.onOverload(now, now + MS); // the outage's timeouts
        }
        assertTrue(limit.current() < before.limit() / 10, "cut by the outage to " + limit.current());
        limit.restore(before, now);
        assertEquals((int) before.limit(), limit.current());
        long graceEnd = now + AdaptiveLimit.RESUME_GRACE_NANOS;
        int i = 0;
        for (; now < graceEnd - 500 * MS; now += 5 * MS) {
            limit.onSuccess(now, (i++ % 4 == 0 ? 100 : 700) * MS, limit.current()); // mostly slow while the API warms up
        }
        int afterGrace = limit.current();
        assertTrue(afterGrace >= (int) before.limit(), "kept through the cold start: " + afterGrace);
        for (int j = 0; j < 400; j++, now += 5 * MS) {
            limit.onSuccess(now, (i++ % 4 == 0 ? 100 : 700) * MS, limit.current());
        }
        assertTrue(limit.current() < afterGrace, "latency counts again after the grace: " + limit.current() + " vs " + afterGrace);
        AdaptiveLimit refused = AdaptiveLimit.withCeiling(5_000);
        refused.restore(before, 0);
        refused.onRefusal(MS, 2 * MS);
        assertTrue(refused.current() < (int) before.limit(), "a refusal cuts at once");
    }

    /** Answers the latency warm-up's samples at 100 ms, 1 ms apart; returns the time after them. */
    private static long warmUp(AdaptiveLimit limit) {
        long now = 0;
        for (int i = 0; i < AdaptiveLimit.LATENCY_WARMUP_SAMPLES; i++, now += MS) {
            limit.onSuccess(now, 100 * MS, limit.current());
        }
        return now;
    }

    /** How an API answers the requests beyond its capacity. */
    private enum Excess {
        REFUSED, TIMED_OUT
    }

    /**
     * One simulated round trip sent at {@code now}: the limit's worth of requests, the first
     * {@code capacity} answered after {@code rtt}, the rest refused or timed out at once.
     *
     * @return the requests open in that round trip
     */
    private static int roundTrip(AdaptiveLimit limit, long now, long rtt, int capacity, Excess excess) {
        int open = limit.current();
        for (int i = 0; i < open; i++) {
            if (i < capacity) {
                limit.onSuccess(now, rtt, open);
            } else if (excess == Excess.REFUSED) {
                limit.onRefusal(now, now + MS);
            } else {
                limit.onOverload(now, now + MS);
            }
        }
        return open;
    }

    /** Mean use of {@code capacity} over the second half of {@code rounds} round trips of 100 ms; the rtt of each from {@code rtt}. */
    private static double meanUse(AdaptiveLimit limit, int rounds, int capacity, Excess excess, IntToLongFunction rtt) {
        long sum = 0;
        long now = 0;
        for (int round = 0; round < rounds; round++, now += 100 * MS) {
            int open = roundTrip(limit, now, rtt.applyAsLong(round), capacity, excess);
            if (round >= rounds / 2) {
                sum += Math.min(capacity, open);
            }
        }
        return (double) sum / (rounds - rounds / 2) / capacity;
    }

    @Test
    void adaptiveLimitSettlesNearACapacityThatRefusesTheExcess() {
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        double used = meanUse(limit, 300, 500, Excess.TIMED_OUT, round -> 100 * MS);
        assertTrue(used >= 0.9, "mean use of the capacity " + used);
        assertTrue(limit.current() < 2 * 500, "limit " + limit.current());
    }

    @Test
    void whileTheApiRefusesTheExcessRisingLatencyDoesNotPullTheLimitBelowItsCapacity() {
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        // After the warm-up the answers queue for CPU: three times the floor, as on a saturated machine.
        double used = meanUse(limit, 300, 500, Excess.REFUSED, round -> (round < 20 ? 100 : 300) * MS);
        assertTrue(used >= 0.9, "mean use of the capacity " + used);
    }

    @Test
    void risingLatencyCountsAgainOnceTheRefusalsAreOld() {
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        long now = warmUp(limit);
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
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        assertTrue(meanUse(limit, 200, capacity, Excess.REFUSED, round -> 100 * MS) > 0, "settled first");
        long now = 200 * 100 * MS;
        long sum = 0;
        int roundsRefused = 0;
        int rounds = 200;
        for (int round = 0; round < rounds; round++, now += 100 * MS) {
            int open = roundTrip(limit, now, 100 * MS, capacity, Excess.REFUSED);
            sum += Math.min(capacity, open);
            roundsRefused += open > capacity ? 1 : 0;
        }
        double used = (double) sum / rounds / capacity;
        assertTrue(used >= 0.95, "mean use of the capacity " + used);
        assertTrue(roundsRefused <= rounds / 10, roundsRefused + " round trips with refusals");
    }

    @Test
    void whenTheCapacityGrowsTheLimitClimbsPastTheOldOneAndFindsTheNewOne() {
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        long now = 0;
        for (int round = 0; round < 300; round++, now += 100 * MS) {
            roundTrip(limit, now, 100 * MS, round < 100 ? 500 : 2_000, Excess.REFUSED);
            if (round == 99) {
                assertTrue(limit.current() < 560, "near the first capacity: " + limit.current());
            }
        }
        assertTrue(limit.current() > 1_700 && limit.current() < 2_300, "near the new capacity: " + limit.current());
    }

    @Test
    void afterACutForSlowAnswersAloneItClimbsBackFast() {
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(1_000);
        long now = 0;
        for (int round = 0; round < 33; round++, now += 100 * MS) {
            long rtt = (round >= 30 && round < 32 ? 400 : 100) * MS; // a passing moment of slow answers
            roundTrip(limit, now, rtt, Integer.MAX_VALUE, Excess.REFUSED);
        }
        assertFalse(limit.inSlowStart());
        int afterCut = limit.current();
        assertTrue(afterCut < 1_000, "cut: " + afterCut);
        for (int round = 0; round < 5; round++, now += 100 * MS) {
            roundTrip(limit, now, 100 * MS, Integer.MAX_VALUE, Excess.REFUSED);
        }
        assertTrue(limit.current() >= Math.min(1_000, afterCut + 50),
                "no capacity was stated: sqrt(limit) a round trip, not one; " + afterCut + " -> " + limit.current());
    }
    /**
     * A cold start: for its first 3 s the answers take 300 ms, three times the floor the first ones set, though
     * the API (2,000 at once, refusing beyond) queues nothing: cold code and connections opening. Each round
     * trip still brings twice the answers a second, so the slow start keeps doubling and finds the capacity
     * in about 2 s; ended by the latency at about 500, it was cut every round trip until the code was warm.
     */
    @Test
    void aColdStartsSlowAnswersDoNotEndTheSlowStartWhileEachRoundTripBringsMore() {
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        SimulatedApi api = new SimulatedApi(2_000, (sent, served) -> (sent == 0 || sent >= 3_000 * MS ? 100 : 300) * MS);
        api.runUntil(limit, 2_500 * MS);
        assertTrue(limit.current() >= 1_600, "near the capacity after 2.5 s: " + limit.current());
        assertTrue(api.refusals() > 0, "found by the API's refusals");
        api.runUntil(limit, 10_000 * MS);
        assertTrue(limit.current() >= 1_800 && limit.current() <= 2_200, "settled near the capacity: " + limit.current());
    }

    /**
     * An API that queues rather than refuses (200 at once in 100 ms; more, and each waits its share): past its
     * capacity the answers a second stop rising while the latency climbs, so the slow start holds and ends on
     * the latency, below five times the capacity (the latency rule alone peaked at four in this simulation).
     */
    @Test
    void againstAnApiThatQueuesInsteadOfRefusingTheSlowStartStillEndsOnTheLatency() {
        int capacity = 200;
        AdaptiveLimit limit = AdaptiveLimit.withCeiling(5_000);
        SimulatedApi api = new SimulatedApi(Integer.MAX_VALUE, (sent, served) -> (long) (100 * MS * Math.max(1.0, (double) served / capacity)));
        api.runUntil(limit, 3_000 * MS);
        assertFalse(limit.inSlowStart());
        assertTrue(api.peakLimit() <= 5 * capacity, "peak " + api.peakLimit());
        long before = api.successes();
        api.runUntil(limit, 10_000 * MS);
        double perSecond = (api.successes() - before) / 7.0;
        assertTrue(perSecond >= 0.9 * capacity * 10, "answers a second " + perSecond);
    }

    @Test
    void theBuildersTuningIsTheLimitsAndItsBadValuesAreNamed() {
        AdaptiveLimit limit = AdaptiveLimit.builder().initial(4).max(6).build();
        assertEquals(4, limit.current());
        for (int i = 0; i < 4; i++) {
            limit.onSuccess(i, 100 * MS, limit.current());
        }
        assertEquals(6, limit.current(), "doubled, up to the maximum");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdaptiveLimit.builder().max(0).build())
                .getMessage().contains("max must be at least 1, was 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdaptiveLimit.builder().initial(0).build())
                .getMessage().contains("initial must be at least 1, was 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdaptiveLimit.builder().decrease(1.0).build())
                .getMessage().contains("decrease must be between 0 and 1 (exclusive), was 1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdaptiveLimit.builder().latencyTolerance(1).build())
                .getMessage().contains("tolerance must be above 1, was 1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdaptiveLimit.builder().smoothing(0).build())
                .getMessage().contains("smoothing must be above 0 and at most 1, was 0.0"));
    }
}
