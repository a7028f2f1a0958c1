package io.hashpipe.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run's summary in the words of its processor: a bcrypt run says its cost, another names its processor and settings. */
class RunSummaryTest {

    private static final HashVerifier.Report ALL_OF_20 = new HashVerifier.Report(20, 20, 0, 0, List.of());

    private static String summary(RunWorkload workload) {
        return new RunSummary(20, workload, 1, 2, 5, 2, new SimpleMeterRegistry(), ALL_OF_20, 2_000_000_000L, 40_000_000).format();
    }

    @Test
    void aBcryptRunSaysItsCost() {
        String text = summary(new RunWorkload("bcrypt", 6, List.of()));

        assertTrue(text.contains("hashpipe run: 20 tasks at cost 6, 1 hasher(s) x 2 thread(s) on 2 cores, database latency 5 ms\n"), text);
        assertTrue(text.contains("rows whose hash BCrypt.checkpw accepts for the task's password"), text);
        assertTrue(text.contains("= 20 x 40.0 ms (one hash, one core) / 2 cores; efficiency 0.20"), text);
        assertTrue(text.endsWith("OK: all 20 tasks stored once and verified\n"), text);
    }

    @Test
    void anotherProcessorsRunNamesItAndItsSettingsAndNoCost() {
        String text = summary(new RunWorkload("pbkdf2", 8, List.of("pbkdf2.iterations=2000")));

        assertTrue(text.contains("hashpipe run: 20 tasks of pbkdf2 (pbkdf2.iterations=2000), 1 hasher(s) x 2 thread(s) on 2 cores,"), text);
        assertTrue(text.contains("rows whose output pbkdf2's check accepts for the task's input"), text);
        assertTrue(text.contains("= 20 x 40.0 ms (one task, one core) / 2 cores"), text);
        assertFalse(text.contains("cost"), text);
        assertFalse(text.contains("hash,"), text);
    }

    @Test
    void theMeasuringLineSaysWhatOneTaskIs() {
        assertEquals("bcrypt at cost 8", new RunWorkload("bcrypt", 8, List.of()).oneTask());
        assertEquals("sha256 task", new RunWorkload("sha256", 8, List.of()).oneTask());
        assertEquals("pbkdf2 task (pbkdf2.iterations=2000, other=1)",
                new RunWorkload("pbkdf2", 8, List.of("pbkdf2.iterations=2000", "other=1")).oneTask());
    }

    @Test
    void aFilesRunNamesTheFileAndTheProcessorAndCountsItsSkippedLines() {
        RunWorkload file = new RunWorkload("sha256", 8, List.of(), "tasks.jsonl");
        String text = new RunSummary(20, file, 1, 2, 5, 2, new SimpleMeterRegistry(), ALL_OF_20, 2_000_000_000L, 40_000_000, 3)
                .format();

        assertTrue(text.contains("hashpipe run: 20 tasks from tasks.jsonl (sha256), 1 hasher(s) x 2 thread(s)"), text);
        assertTrue(text.contains("\n  skipped                3     bad lines of tasks.jsonl, not sent\n"), text);
        assertTrue(text.endsWith("SKIPPED: 3 bad line(s) of tasks.jsonl not sent (listed above); the 20 tasks sent were stored once"
                + " and verified\n"), text);
        assertEquals("sha256 task (the first of tasks.jsonl)", file.oneTask());
        assertEquals("pbkdf2 task (the first of stdin; pbkdf2.iterations=2000)",
                new RunWorkload("pbkdf2", 8, List.of("pbkdf2.iterations=2000"), "stdin").oneTask());
    }

    @Test
    void aProcessorWithoutACheckIsSaidNotVerifiedAndPasses() {
        HashVerifier.Report unchecked = new HashVerifier.Report(20, 0, 0, 0, List.of(), 20);
        String text = new RunSummary(20, new RunWorkload("text-length", 8, List.of(), "texts.jsonl"), 1, 2, 5, 2,
                new SimpleMeterRegistry(), unchecked, 2_000_000_000L, 40_000_000, 0).format();

        assertTrue(unchecked.allVerified(20));
        assertFalse(new HashVerifier.Report(19, 0, 1, 0, List.of(), 19).allVerified(20), "a missing task still fails");
        assertTrue(text.contains("\n  verified               -     not verified (the processor has no check)\n"), text);
        assertTrue(text.endsWith("OK: all 20 tasks stored once; not verified (the processor has no check)\n"), text);
    }
}
