package io.hashpipe.producer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each non-blank line is one task with its id first, or a bad line named by its number and the reason. */
class JsonLinesTest {

    private static List<JsonLines.Line> read(String text, String idField, int maxBytes) throws Exception {
        JsonLines lines = new JsonLines(new StringReader(text), idField, maxBytes);
        List<JsonLines.Line> all = new ArrayList<>();
        for (JsonLines.Line line = lines.next(); line != null; line = lines.next()) {
            all.add(line);
        }
        return all;
    }

    @Test
    void idsComeFromTheFieldOrAreGeneratedAndGoFirst() throws Exception {
        List<JsonLines.Line> named = read("{\"a\": 1, \"key\": 42}\n\n  \n{\"key\": \"k2\"}", "key", 65536);
        assertEquals(2, named.size());
        assertEquals("42", named.get(0).id());
        assertEquals("{\"id\":\"42\",\"a\":1,\"key\":42}", JsonLines.text(named.get(0).value()));
        assertEquals(4, named.get(1).number(), "blank lines count as lines");
        List<JsonLines.Line> generated = read("{\"a\": 1}\r\n", "", 65536);
        UUID.fromString(generated.get(0).id());
        assertEquals("{\"id\":\"" + generated.get(0).id() + "\",\"a\":1}", JsonLines.text(generated.get(0).value()));
        assertEquals("{\"id\":\"x\",\"b\":true}", JsonLines.text(read("{\"id\": \"x\", \"b\": true}", "id", 65536).get(0).value()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json                          | key | line 1: not valid JSON",
            "'[1, 2]'                          | key | line 1: a task must be a JSON object, got ARRAY",
            "'{\"a\": 1, \"a\": 2, \"key\": \"k\"}' | key | Duplicate field 'a'",
            "'{\"a\": 1}'                      | key | line 1: has no field key (--id-field)",
            "'{\"key\": [1]}'                  | key | must be a string or a whole number, got ARRAY",
            "'{\"key\": \"  \"}'               | key | its id (field key) is blank",
            "'{\"key\": \"k\", \"id\": \"other\"}' | key | differs from its key",
            "'{\"id\": \"x\"}'                 | ''  | has a field id, but ids are generated: pass --id-field id",
    })
    void aBadLineIsReportedWithItsNumberAndWhy(String line, String idField, String reason) throws Exception {
        JsonLines.Line bad = read(line, idField == null ? "" : idField, 65536).get(0);
        assertNull(bad.value());
        assertTrue(bad.problem().contains(reason), bad.problem());
    }

    /** A compact line whose task record is itself, byte for byte ({@code --id-field id}), of {@code bytes} bytes. */
    static String lineOf(int bytes, String id) {
        String open = "{\"id\":\"" + id + "\",\"pad\":\"";
        return open + "x".repeat(bytes - open.length() - 2) + "\"}";
    }

    @ParameterizedTest(name = "limit {0}")
    @CsvSource({"1024", "65536"})
    void aTaskOfExactlyTheRecordLimitIsReadAndOneByteMoreIsBadSayingBothSizes(int limit) throws Exception {
        String at = lineOf(limit, "at");
        String over = lineOf(limit + 1, "over");
        List<JsonLines.Line> lines = read(at + "\n" + over + "\n" + lineOf(100, "after") + "\n", "id", limit);

        assertEquals(limit, lines.get(0).value().length);
        assertEquals(at, JsonLines.text(lines.get(0).value()), "the line is the task, byte for byte");
        assertNull(lines.get(1).value());
        assertEquals("line 2: the task is " + (limit + 1) + " bytes: at most " + limit + " (record.max.bytes)", lines.get(1).problem());
        assertEquals("after", lines.get(2).id(), "the line after is read");
    }

    @Test
    void theLimitCountsBytesNotCharactersAndTheGeneratedIdCountsToo() throws Exception {
        // 'é' is two bytes: a line of exactly the limit in characters is one byte over it.
        String twoByte = lineOf(1024, "e").replaceFirst("x", "é");
        assertEquals(1024, twoByte.length());
        JsonLines.Line line = read(twoByte, "id", 1024).get(0);
        assertEquals("line 1: the task is 1025 bytes: at most 1024 (record.max.bytes)", line.problem());
        // A line at the limit without an id: the generated one makes the task larger than the line.
        String noId = "{\"pad\":\"" + "x".repeat(1024 - 10) + "\"}";
        assertEquals(1024, noId.length());
        assertTrue(read(noId, "", 1024).get(0).problem().startsWith("line 1: the task is 1068 bytes: at most 1024"),
                read(noId, "", 1024).get(0).problem());
    }

    @Test
    void aLineOverTheRecordLimitIsBadAndTheNextLineIsRead() throws Exception {
        List<JsonLines.Line> lines = read("{\"key\": \"a\", \"big\": \"" + "x".repeat(5000) + "\"}\n{\"key\": \"b\"}\n", "key", 1024);
        assertTrue(lines.get(0).problem().startsWith("line 1: longer than 1024 characters"), lines.get(0).problem());
        assertEquals("b", lines.get(1).id());
        assertEquals(2, lines.get(1).number());
    }
}
