package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.saver.internals.ApiCircuit.State;
import io.hashpipe.saver.internals.Outcome.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The circuit's rules on a synthetic clock: when it opens, how it probes, when it closes, what counts against a record. */
class ApiCircuitTest {

    private static final long MS = 1_000_000L;
    private static final long START = 1_000_000 * MS;

    private final Limit limit = new FixedLimit(100);
    private final ApiCircuit circuit = new ApiCircuit("http://api/add", Duration.ZERO, limit, START);

    @Test
    void opensAfterARunOfFailuresWithNoSuccessForASecond() {
        for (int i = 0; i < 10; i++) {
            circuit.onAnswer(failure(Kind.UNAVAILABLE, 0, null), START, START + 500 * MS);
        }
        assertTrue(circuit.up(), "failures within the first second: still up");
        assertEquals(State.UP, circuit.onAnswer(failure(Kind.UNAVAILABLE, 0, null), START, START + 1_000 * MS));
        assertEquals(State.DOWN, circuit.state());
    }

    @Test
    void successesAmongFailuresKeepItUp() {
        long t = START;
        for (int i = 0; i < 1_000; i++) {
            t += 10 * MS;
            circuit.onAnswer(i % 3 == 0 ? stored() : failure(Kind.UNAVAILABLE, 503, "1"), t - MS, t);
        }
        assertTrue(circuit.up(), "an overloaded API that still takes a third: up (the limit handles it)");
    }

    @Test
    void probesAtAnIntervalGrowingWithTheOutageFromAQuarterSecondToThirtySeconds() {
        long opened = open();
        assertEquals(250 * MS, circuit.nanosUntilProbe(opened));
        assertFalse(circuit.probeDue(opened + 249 * MS));
        assertTrue(circuit.probeDue(opened + 250 * MS));
        circuit.probeSent();
        assertFalse(circuit.probeDue(opened + 300 * MS), "one probe at a time");
        long sixty = opened + 60_000 * MS;
        circuit.onAnswer(failure(Kind.UNAVAILABLE, 0, null), opened + 300 * MS, sixty);
        assertEquals(500 * MS, circuit.nanosUntilProbe(sixty), "a 120th of the outage's age");
        circuit.probeSent();
        long hour = opened + 3_600_000 * MS;
        circuit.onAnswer(failure(Kind.UNAVAILABLE, 0, null), sixty + MS, hour);
        assertEquals(30_000 * MS, circuit.nanosUntilProbe(hour), "capped at 30 s");
    }

    @Test
    void aRetryAfterLongerThanTheIntervalIsHonoured() {
        long opened = open();
        circuit.probeSent();
        circuit.onAnswer(failure(Kind.UNAVAILABLE, 503, "20"), opened + MS, opened + 2 * MS);
        assertEquals(20_000 * MS, circuit.nanosUntilProbe(opened + 2 * MS));
    }

    @Test
    void theFirstSuccessClosesItAndPutsTheLimitBack() {
        assertEquals(100, limit.current());
        circuit.onAnswer(stored(), START, START + MS);
        for (int i = 0; i < 20; i++) {
            limit.onRefusal(START + i * 10 * MS, START + i * 10 * MS + MS); // the outage's refusals cut the limit
        }
        long opened = open();
        assertTrue(limit.current() < 20, "cut to " + limit.current());
        assertEquals(State.DOWN, circuit.onAnswer(stored(), opened + MS, opened + 5_000 * MS));
        assertTrue(circuit.up());
        assertEquals(100, limit.current(), "back at the limit of the last success before the outage");
    }

    @Test
    void aWrongPathOpensItAsAMisconfiguration() {
        for (int i = 0; i < 5; i++) {
            circuit.onAnswer(failure(Kind.MISCONFIGURED, 404, null), START, START + 1_000 * MS + i);
        }
        assertEquals(State.MISCONFIGURED, circuit.state());
    }

    @Test
    void rejectionsBeforeTheApiTookAnyRequestAreAMisconfigurationAfterTen() {
        for (int i = 0; i < 9; i++) {
            assertNull(circuit.onAnswer(failure(Kind.REJECTED, 400, null), START, START + MS));
        }
        assertTrue(circuit.up());
        circuit.onAnswer(failure(Kind.REJECTED, 400, null), START, START + MS);
        assertEquals(State.MISCONFIGURED, circuit.state());
        assertFalse(circuit.proven());
        circuit.onAnswer(stored(), START + 2 * MS, START + 3 * MS);
        assertTrue(circuit.up() && circuit.proven());
        circuit.onAnswer(failure(Kind.REJECTED, 400, null), START, START + 4 * MS);
        assertTrue(circuit.up(), "once proven, a 400 is about its record");
    }

    @Test
    void aFailureCountsAgainstItsRecordOnlyWhenTheApiTookOthersSinceAndTakesMost() {
        circuit.onAnswer(stored(), START, START + 10 * MS);
        assertTrue(circuit.countsAgainstRecord(START + 5 * MS), "another record was stored after this one was sent");
        assertFalse(circuit.countsAgainstRecord(START + 20 * MS), "nothing stored since it was sent");
        for (int i = 0; i < 30; i++) {
            circuit.onAnswer(failure(Kind.UNAVAILABLE, 500, null), START, START + 20 * MS);
        }
        circuit.onAnswer(stored(), START + 21 * MS, START + 30 * MS);
        assertFalse(circuit.countsAgainstRecord(START + 25 * MS), "most answers fail: the API's failure, not the record's");
    }

    @Test
    void maxOutageBoundsTheWait() {
        ApiCircuit bounded = new ApiCircuit("http://api/add", Duration.ofSeconds(30), limit, START);
        for (int i = 0; i < 5; i++) {
            bounded.onAnswer(failure(Kind.UNAVAILABLE, 0, null), START, START + 1_000 * MS);
        }
        assertFalse(bounded.outageExceeded(START + 30_999 * MS));
        assertTrue(bounded.outageExceeded(START + 31_000 * MS));
        assertFalse(circuit.outageExceeded(START + 3_600_000 * MS), "unbounded by default");
    }

    /** Opens the circuit with a second of failures; returns when it opened. */
    private long open() {
        long at = START + 5_000 * MS;
        for (int i = 0; i < 5; i++) {
            circuit.onAnswer(failure(Kind.UNAVAILABLE, 0, null), START, at);
        }
        assertEquals(State.DOWN, circuit.state());
        return at;
    }

    private static Answer stored() {
        return Answer.taken(200, List.of(Outcome.stored(true, 200)));
    }

    private static Answer failure(Kind kind, int status, String retryAfter) {
        return Answer.failedWhole(1, Outcome.failed(kind, status, "HTTP " + status, retryAfter));
    }
}
