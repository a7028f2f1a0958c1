package io.hashpipe.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lines of {@code run --from} read before the run: the first good line's task, the good lines counted, why none is good. */
class FileTasksTest {

    @Test
    void theFirstGoodLineIsTheCalibrationTaskWithItsIdAndInput() {
        FileTasks tasks = FileTasks.of("tasks.jsonl", "not json\n\n{\"name\": \"b\"}\n{\"key\": 7, \"text\": \"x\", \"rounds\": 3}\n"
                + "[1]\n{\"key\": \"d\", \"text\": \"y\"}", "key");

        assertEquals(2, tasks.goodLines(), "the two lines with a key");
        assertEquals(4, tasks.firstLine(), "blank lines are counted as lines, as the producer counts them");
        assertEquals("7", tasks.first().id(), "a whole number id as its digits");
        assertEquals(Map.of("id", "7", "key", 7, "text", "x", "rounds", 3), tasks.first().input());
        assertNull(tasks.problem());
    }

    @Test
    void withGeneratedIdsALineMayNotHaveItsOwnId() {
        FileTasks tasks = FileTasks.of("stdin", "{\"id\": \"mine\", \"text\": \"x\"}\n{\"text\": \"y\"}\n", "");

        assertEquals(1, tasks.goodLines());
        assertEquals("y", tasks.first().input().get("text"));
        assertEquals(36, tasks.first().id().length(), "a UUID");
    }

    @Test
    void whenNoLineIsGoodTheFirstProblemIsSaid() {
        FileTasks tasks = FileTasks.of("tasks.jsonl", "\n{\"text\": \"x\"}\nnot json\n", "key");

        assertNull(tasks.first());
        assertEquals(0, tasks.goodLines());
        assertEquals("line 2: has no field key (--id-field) for its id", tasks.problem());
        assertEquals("it has no line", FileTasks.of("empty.jsonl", "", "").problem());
    }

    @Test
    void stdinIsReadForDashAndMustBeUtf8() {
        FileTasks tasks = FileTasks.read("-", "", new ByteArrayInputStream("{\"text\": \"\u00e9\"}\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("stdin", tasks.source());
        assertEquals("\u00e9", tasks.first().input().get("text"));

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> FileTasks.read("-", "", new ByteArrayInputStream(new byte[] {'{', (byte) 0xff, '}'})));
        assertTrue(e.getMessage().startsWith("Cannot read --from stdin: not UTF-8"), e.getMessage());
    }
}
