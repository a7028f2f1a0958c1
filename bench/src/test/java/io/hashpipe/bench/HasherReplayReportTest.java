package io.hashpipe.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.hasher.HasherMeters;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay hasher's report: bcrypt calibrated on one thread; another processor said to be uncalibrated. */
class HasherReplayReportTest {

    private static Timer hashes(String cost, int count) {
        Timer timer = Timer.builder(HasherMeters.HASH_DURATION).tag(HasherMeters.TAG_DIFFICULTY, cost).register(new SimpleMeterRegistry());
        for (int i = 0; i < count; i++) {
            timer.record(Duration.ofMillis(2));
        }
        return timer;
    }

    @Test
    void aBcryptReplayIsComparedWithBcryptOnOneThread() throws Exception {
        String report = new HasherReplayReport(1, 1_000_000_000L, -1, 10, 10, List.of(hashes("4", 10)), "bcrypt", true).format();

        assertTrue(report.matches("(?s).*single thread +[0-9,.]+ /s  bcrypt on one thread.*"), report);
        assertTrue(report.contains("  ratio  "), report);
    }

    @Test
    void anotherProcessorsReplaySaysItsSingleThreadRateWasNotMeasured() throws Exception {
        String report = new HasherReplayReport(1, 1_000_000_000L, -1, 10, 10, List.of(hashes("4", 10)), "sha256", false).format();

        assertTrue(report.contains("not measured: the calibration runs bcrypt, this replay ran --processor sha256"), report);
        assertFalse(report.contains("  ratio  "), report);
        assertTrue(report.contains("hashes/s"), report);
    }
}
