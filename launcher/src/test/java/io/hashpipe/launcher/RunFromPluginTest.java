package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hashpipe run} with a user's own processor, the example's jar (examples/sha256, built by the reactor, not on
 * this test's class path) in a plugin directory: without {@code --from} it stops at once with exit code 2 and the
 * fix; with the processor's own tasks ({@code --from FILE --id-field key}) the whole pipeline runs on an embedded
 * broker and every output is checked against its own line.
 */
class RunFromPluginTest {

    @TempDir
    Path dir;
    private Path plugins;

    @BeforeEach
    void plugin() throws Exception {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = Path.of(System.getProperty("hashpipe.example.jar", "examples/sha256/target/missing.jar"));
        assertTrue(Files.isRegularFile(jar), "the example's jar is built by the reactor before this test: " + jar);
        Files.copy(jar, plugins.resolve(jar.getFileName()));
    }

    private Path tasks(int count, String... extraLines) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("key", "doc-" + i);
            line.put("text", "text number " + i + " \u00e9");
            line.put("rounds", 1 + i * 100);
            lines.append(Json.toString(line)).append('\n');
        }
        for (String extra : extraLines) {
            lines.append(extra).append('\n');
        }
        return Files.writeString(dir.resolve("tasks.jsonl"), lines, StandardCharsets.UTF_8);
    }

    @Test
    void withoutFromAProcessorThatRefusesTheGeneratedTasksStopsWithTheFix() {
        CliRun outcome = CliRun.execute("run", "--plugin-path", plugins.toString(), "--processor", "sha256");

        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome::err);
        assertEquals("Measuring one sha256 task on one core...\nhashpipe run: processor sha256 refused the tasks run generates"
                + " (fields password and difficulty, e.g. {\"password\":\"abcdefghij\",\"difficulty\":8}): missing field rounds."
                + " Give it its own tasks: --from FILE, one JSON line of its input per task (--id-field NAME to take their ids from"
                + " a field)\nSee 'hashpipe run --help'.\n", outcome.err());
        assertEquals("", outcome.out(), "no summary: nothing started");
    }

    @Test
    void fromTheProcessorsOwnTasksEveryLineIsStoredOnceAndVerified() throws Exception {
        Path file = tasks(40);

        CliRun outcome = CliRun.execute("run", "--plugin-path", plugins.toString(), "--processor", "sha256", "--from",
                file.toString(), "--id-field", "key", "--db-latency-ms", "5", "--progress", "lines");

        assertEquals(0, outcome.exitCode(), () -> outcome.err() + outcome.out());
        assertTrue(outcome.err().startsWith("Measuring one sha256 task (the first of " + file + ") on one core...\n"), outcome::err);
        assertTrue(outcome.out().contains("hashpipe run: 40 tasks from " + file + " (sha256), "), outcome::out);
        assertTrue(Pattern.compile("\n  verified +40 +rows whose output sha256's check accepts").matcher(outcome.out()).find(),
                outcome::out);
        assertTrue(outcome.out().endsWith("OK: all 40 tasks stored once and verified\n"), outcome::out);
    }

    @Test
    void aLineTheProcessorRefusesIsADeadLetterAndTheRunEndsFailedInsteadOfWaiting() throws Exception {
        Path file = tasks(10, "{\"key\": \"zero\", \"text\": \"x\", \"rounds\": 0}");

        CliRun outcome = CliRun.execute("run", "--plugin-path", plugins.toString(), "--processor", "sha256", "--from",
                file.toString(), "--id-field", "key", "--db-latency-ms", "5", "--progress", "lines", "--timeout-s", "120");

        assertEquals(1, outcome.exitCode(), () -> outcome.err() + outcome.out());
        assertTrue(Pattern.compile("\n  stored +10 ").matcher(outcome.out()).find(), outcome::out);
        assertTrue(Pattern.compile("\n  verified +10 ").matcher(outcome.out()).find(), outcome::out);
        assertTrue(Pattern.compile("\n  missing +1 ").matcher(outcome.out()).find(), outcome::out);
        assertTrue(Pattern.compile("\n  dead letters +1 ").matcher(outcome.out()).find(), outcome::out);
        assertTrue(outcome.out().endsWith("FAILED: 10 of 11 tasks stored and verified\n"), outcome::out);
        assertTrue(!outcome.err().contains("not every task was stored within --timeout-s"), outcome::err);
    }
}
