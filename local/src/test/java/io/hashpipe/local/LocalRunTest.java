package io.hashpipe.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A run on a real embedded broker and database API ending early: on a stop request, and at its timeout. Either
 * way the counts reached are said, the pipeline closes, and no summary is printed. (A whole run is
 * {@code MainTest}'s, through the command line.)
 */
class LocalRunTest {

    /** A run too slow to finish during the test: 5 tasks a second. */
    private static final Map<String, String> SLOW = Map.of(RunConfig.TASKS, "1000", RunConfig.DIFFICULTY, "4",
            RunConfig.RATE, "5", RunConfig.DB_LATENCY_MS, "5", RunConfig.THREADS, "1");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private LocalRun.Outcome run(Map<String, String> values, AtomicInteger polls, int stopAfter) throws Exception {
        LocalRun run = new LocalRun(new RunConfig(values), 2, false, new PrintWriter(out, true), new PrintWriter(err, true));
        return run.run(() -> polls.incrementAndGet() > stopAfter ? Optional.of("the test") : Optional.empty());
    }

    @Test
    void aStopRequestEndsTheRunWithTheCountsReached() throws Exception {
        AtomicInteger polls = new AtomicInteger();

        assertEquals(LocalRun.Outcome.STOPPED, run(SLOW, polls, 10));
        assertEquals(11, polls.get(), "asked once a poll, until it said stop");
        assertTrue(err.toString().matches("(?s).*Stopped by the test after [\\d.]+ s: produced \\d+/1,000, hashed \\d+, stored \\d+,"
                + " dead letters 0; shutting down the pipeline cleanly\\.\n"), err::toString);
        assertEquals("", out.toString(), "no summary");
    }

    @Test
    void theTimeoutFailsTheRunWithTheCountsReached() throws Exception {
        Map<String, String> values = new HashMap<>(SLOW);
        values.put(RunConfig.TIMEOUT_S, "1");

        assertEquals(LocalRun.Outcome.FAILED, run(values, new AtomicInteger(), Integer.MAX_VALUE));
        assertTrue(err.toString().contains("hashpipe run: failed: not every task was stored within --timeout-s 1; reached "),
                err::toString);
        assertTrue(err.toString().startsWith("Measuring one bcrypt at cost 4 on one core...\n"), err::toString);
        assertEquals("", out.toString(), "no summary");
    }
}
