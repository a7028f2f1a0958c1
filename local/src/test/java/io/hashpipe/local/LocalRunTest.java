package io.hashpipe.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on a real embedded broker and database API ending early: on a stop request, and at its timeout. Either
 * way the counts reached are said, the pipeline closes, and no summary is printed. And runs of a file's tasks
 * ({@code run.from}): every line stored once and checked against its own input, bad lines counted and skipped, a
 * file without a task and a processor that refuses the generated tasks stopped before anything starts. (A whole
 * run of generated tasks is {@code MainTest}'s, through the command line.)
 */
class LocalRunTest {

    /** A run too slow to finish during the test: 5 tasks a second. */
    private static final Map<String, String> SLOW = Map.of(RunConfig.TASKS, "1000", RunConfig.DIFFICULTY, "4",
            RunConfig.RATE, "5", RunConfig.DB_LATENCY_MS, "5", RunConfig.THREADS, "1");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private LocalRun.Outcome run(Map<String, String> values, AtomicInteger polls, int stopAfter) throws Exception {
        return run(values, polls, stopAfter, InputStream.nullInputStream());
    }

    private LocalRun.Outcome run(Map<String, String> values, AtomicInteger polls, int stopAfter, InputStream stdin) throws Exception {
        LocalRun run = new LocalRun(new RunConfig(values), 2, false, new PrintWriter(out, true), new PrintWriter(err, true), stdin);
        return run.run(() -> polls.incrementAndGet() > stopAfter ? Optional.of("the test") : Optional.empty());
    }

    /** A run of {@code lines} with {@code processor}, to its end; a timeout fails a run that hangs. */
    private LocalRun.Outcome runFrom(String from, InputStream stdin, String idField, String processor, String... settings) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of(RunConfig.FROM, from, RunConfig.ID_FIELD, idField,
                RunConfig.PROCESSOR, processor, RunConfig.DB_LATENCY_MS, "5", RunConfig.THREADS, "2", RunConfig.TIMEOUT_S, "120",
                RunConfig.PROGRESS, "lines"));
        values.put(RunConfig.PROCESSOR_SETTING, String.join("\n", settings));
        return run(values, new AtomicInteger(), Integer.MAX_VALUE, stdin);
    }

    private static String pbkdf2Line(int i, String idField) {
        Map<String, Object> line = new LinkedHashMap<>();
        if (!idField.isEmpty()) {
            line.put(idField, "doc-" + i);
        }
        line.put("password", "secret number " + i);
        line.put("iterations", 1_000 + i);
        return Json.toString(line) + "\n";
    }

    @Test
    void aRunFromAFileStoresEveryLineOnceAndChecksItAgainstItsOwnInput() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            lines.append(pbkdf2Line(i, "key"));
        }
        Path file = Files.writeString(dir.resolve("tasks.jsonl"), lines);

        LocalRun.Outcome outcome = runFrom(file.toString(), InputStream.nullInputStream(), "key", "pbkdf2");

        String summary = out.toString();
        assertEquals(LocalRun.Outcome.VERIFIED, outcome, () -> err + summary);
        assertTrue(err.toString().startsWith("Measuring one pbkdf2 task (the first of " + file + ") on one core...\n"), err::toString);
        assertTrue(err.toString().contains("produced 20/20 tasks from " + file + " (pbkdf2) | hashed "), err::toString);
        assertTrue(summary.contains("hashpipe run: 20 tasks from " + file + " (pbkdf2), 1 hasher(s) x 2 thread(s)"), summary);
        for (String line : List.of("produced +20 ", "skipped +0 ", "stored +20 ", "verified +20 +rows whose output pbkdf2's check",
                "missing +0 ", "duplicates +0 ")) {
            assertTrue(Pattern.compile("\n  " + line).matcher(summary).find(), () -> line + " in\n" + summary);
        }
        assertTrue(summary.endsWith("OK: all 20 tasks stored once and verified\n"), summary);
    }

    @Test
    void badLinesAreCountedAndSkippedAndTheRestRunFromStdinWithGeneratedIds() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append(pbkdf2Line(i, ""));
            if (i == 4) {
                lines.append("not json\n").append("{\"id\": \"own\", \"password\": \"p\"}\n");
            }
        }

        LocalRun.Outcome outcome = runFrom("-", new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)), "", "pbkdf2");

        String summary = out.toString();
        assertEquals(LocalRun.Outcome.FAILED, outcome, "a skipped line fails the run at its end, as it fails the producer");
        assertTrue(err.toString().contains("hashpipe run: skipped 2 bad line(s) of stdin, not sent:\n  line 6: not valid JSON"), err::toString);
        assertTrue(err.toString().contains("\n  line 7: has a field id, but ids are generated"), err::toString);
        assertTrue(summary.contains("hashpipe run: 10 tasks from stdin (pbkdf2),"), summary);
        assertTrue(Pattern.compile("\n  skipped +2 +bad lines of stdin, not sent\n").matcher(summary).find(), summary);
        assertTrue(Pattern.compile("\n  verified +10 ").matcher(summary).find(), summary);
        assertTrue(summary.endsWith("SKIPPED: 2 bad line(s) of stdin not sent (listed above); the 10 tasks sent were stored once and"
                + " verified\n"), summary);
    }

    @Test
    void aFileWithoutAGoodLineStopsTheRunBeforeAnythingStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("tasks.jsonl"), "{\"password\": \"p\"}\n[\"not an object\"]\n");

        assertEquals(LocalRun.Outcome.FAILED, runFrom(file.toString(), InputStream.nullInputStream(), "key", "pbkdf2"));
        assertEquals("hashpipe run: no task in " + file + ": line 1: has no field key (--id-field) for its id. A task is one JSON"
                + " object per line, the processor's input with its id in field key (--id-field).\n", err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void aFirstTaskTheProcessorRefusesStopsTheRunBeforeAnythingStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("texts.jsonl"), "{\"other\": 1}\n{\"text\": \"a\"}\n");

        assertEquals(LocalRun.Outcome.FAILED, runFrom(file.toString(), InputStream.nullInputStream(), "", "text-length"));
        assertTrue(err.toString().endsWith("hashpipe run: processor text-length refused the first task of " + file
                + " (line 1): missing field text\n"), err::toString);
        assertFalse(err.toString().contains("Starting broker"), err::toString);
        assertEquals("", out.toString());
    }

    @Test
    void aProcessorWithoutACheckIsSaidNotVerifiedAndDoesNotFail() throws Exception {
        Path file = Files.writeString(dir.resolve("texts.jsonl"), "{\"text\": \"a\"}\n{\"text\": \"bb\"}\n{\"text\": \"ccc\"}\n");

        LocalRun.Outcome outcome = runFrom(file.toString(), InputStream.nullInputStream(), "", "text-length");

        String summary = out.toString();
        assertEquals(LocalRun.Outcome.VERIFIED, outcome, () -> err + summary);
        assertTrue(Pattern.compile("\n  stored +3 ").matcher(summary).find(), summary);
        assertTrue(Pattern.compile("\n  verified +- +not verified \\(the processor has no check\\)\n").matcher(summary).find(), summary);
        assertTrue(summary.endsWith("OK: all 3 tasks stored once; not verified (the processor has no check)\n"), summary);
    }

    @Test
    void aProcessorThatRefusesTheGeneratedTasksIsABadOptionNamingTheFix() {
        Map<String, String> values = Map.of(RunConfig.PROCESSOR, "text-length", RunConfig.TASKS, "5");

        ConfigException e = assertThrows(ConfigException.class, () -> run(values, new AtomicInteger(), Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("processor text-length refused the tasks run generates (fields password and"
                + " difficulty, e.g. {\"password\":\"abcdefghij\",\"difficulty\":8}): missing field text."), e.getMessage());
        assertTrue(e.getMessage().contains("): missing field text. Give it its own tasks: --from FILE, one JSON line of its input"
                + " per task"), e.getMessage());
        assertEquals("", out.toString());
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
