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

    @Test
    void aLineOverTheRecordLimitIsBadAndTheNextLineIsRead() throws Exception {
        List<JsonLines.Line> lines = read("{\"key\": \"a\", \"big\": \"" + "x".repeat(5000) + "\"}\n{\"key\": \"b\"}\n", "key", 1024);
        assertTrue(lines.get(0).problem().startsWith("line 1: longer than 1024 characters"), lines.get(0).problem());
        assertEquals("b", lines.get(1).id());
        assertEquals(2, lines.get(1).number());
    }
}
