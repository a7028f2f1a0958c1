package io.hashpipe.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The run's progress written right: redrawn in place only on a terminal, plain lines into files and pipes. */
class RunProgressTest {

    @Test
    void linesModeWritesNoCarriageReturnAndAtMostALineEveryFiveSeconds() {
        StringWriter text = new StringWriter();
        RunProgress progress = new RunProgress(new SimpleMeterRegistry(), 10, new PrintWriter(text), false);
        for (long tenths = 0; tenths <= 120; tenths++) {
            progress.show(tenths / 12, tenths * 100_000_000L);
        }
        progress.finish();
        assertFalse(text.toString().contains("\r"), text::toString);
        assertEquals(4, text.toString().lines().count(), text::toString); // at 0, 5 and 10 s, and the last state
        assertTrue(text.toString().lines().reduce((a, b) -> b).orElseThrow().contains("stored 10"), text::toString);
    }

    @Test
    void terminalModeRedrawsInPlace() {
        StringWriter text = new StringWriter();
        RunProgress progress = new RunProgress(new SimpleMeterRegistry(), 10, new PrintWriter(text), true);
        progress.show(1, 0);
        progress.show(2, 100_000_000L);
        progress.finish();
        assertEquals(2, text.toString().chars().filter(c -> c == '\r').count(), text::toString);
    }

    @Test
    void theCountsReachedNameEveryStage() {
        RunProgress progress = new RunProgress(new SimpleMeterRegistry(), 10, new PrintWriter(new StringWriter()), false);
        String reached = progress.reached(7, 3_000_000_000L);
        assertTrue(reached.startsWith("3.0 s: produced 0/10, hashed 0, stored 7, dead letters 0"), reached);
    }
}
