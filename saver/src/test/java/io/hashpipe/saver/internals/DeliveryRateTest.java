package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeliveryRateTest {

    private static final long MS = 1_000_000;

    /**
     * One round trip of {@code inFlight} requests kept open, each answered {@code rtt} after it was sent and
     * replaced at once, so that the answers come evenly; returns the time after it.
     */
    private static long roundTrip(DeliveryRate rate, long now, int inFlight, long rtt) {
        long gap = rtt / inFlight;
        for (int i = 1; i <= inFlight; i++) {
            long answered = now + i * gap;
            rate.add(answered - rtt, answered);
        }
        return now + inFlight * gap;
    }

    @Test
    void theRateRisesWhileEachRoundTripBringsMoreAnswersEvenAsTheLatencyGrows() {
        DeliveryRate rate = new DeliveryRate(1.25, 3);
        long now = 0;
        long rtt = 100 * MS;
        for (int inFlight = 20; inFlight <= 2_560; inFlight *= 2, rtt += 50 * MS) {
            now = roundTrip(rate, now, inFlight, rtt);
            assertTrue(rate.rising(), inFlight + " in flight, " + rtt / MS + " ms");
            assertFalse(rate.stalled(), inFlight + " in flight, " + rtt / MS + " ms");
        }
    }

    @Test
    void theRateHasStoppedRisingAfterThreeRoundTripsWithoutAQuarterMore() {
        DeliveryRate rate = new DeliveryRate(1.25, 3);
        long now = 0;
        for (int inFlight = 20; inFlight <= 320; inFlight *= 2) {
            now = roundTrip(rate, now, inFlight, 100 * MS);
        }
        assertFalse(rate.stalled());
        // Past the API's capacity of 320 at 100 ms: twice the requests take twice as long, the same rate. A
        // round ends with the first answer to a request sent after it began: in the next round trip.
        now = roundTrip(rate, now, 640, 200 * MS);
        now = roundTrip(rate, now, 1_280, 400 * MS);
        assertTrue(rate.stalled(), "no more answers a second");
        now = roundTrip(rate, now, 2_560, 800 * MS);
        assertTrue(rate.rising(), "two flat round trips are not yet a plateau");
        now = roundTrip(rate, now, 2_560, 800 * MS);
        assertFalse(rate.rising());
        roundTrip(rate, now, 2_560, 100 * MS);
        assertTrue(rate.rising(), "eight times the answers a second: rising again");
    }

    @Test
    void aResetForgetsThePlateau() {
        DeliveryRate rate = new DeliveryRate(1.25, 1);
        long now = 0;
        for (int i = 0; i < 4; i++) {
            now = roundTrip(rate, now, 100, 100 * MS);
        }
        assertFalse(rate.rising());
        rate.reset();
        assertTrue(rate.rising());
        assertFalse(rate.stalled());
    }

    @Test
    void badTuningIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DeliveryRate(1.0, 3)).getMessage()
                .contains("growth must be above 1, was 1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DeliveryRate(1.25, 0)).getMessage()
                .contains("stalledRounds must be at least 1, was 0"));
    }
}
