package io.hashpipe.dbapi.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultParserTest {

    static ByteBuf body(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    @Test
    void bareHashGetsAGeneratedIdAndTrailingNewlineIsIgnored() throws Exception {
        NewResult row = ResultParser.parseAdd(body("$2b$08$abc\n"), null);
        assertEquals("$2b$08$abc", row.hash());
        UUID.fromString(row.id());
        assertNull(row.difficulty());
    }

    @Test
    void idempotencyKeyNamesTheRow() throws Exception {
        assertEquals("k", ResultParser.parseAdd(body("$2b$08$abc"), "k").id());
        assertEquals(" k\u00fc ", ResultParser.parseAdd(body("{\"id\": \" k\u00fc \", \"hash\": \"h\"}"), "%20k%C3%BC%20").id(),
                "the header is percent-decoded");
        assertEquals("k", ResultParser.parseAdd(body("{\"hash\": \"h\"}"), "k").id());
        assertEquals("k", ResultParser.parseAdd(body("{\"id\": \"k\", \"hash\": \"h\"}"), "k").id());
    }

    @Test
    void quotedJsonStringIsABareHash() throws Exception {
        assertEquals("$2b$08$abc", ResultParser.parseAdd(body("\"$2b$08$abc\""), "k").hash());
    }

    @Test
    void resultJsonKeepsEveryField() throws Exception {
        NewResult row = ResultParser.parseAdd(body("{\"id\": \"t\", \"hash\": \"h\", \"difficulty\": 10,"
                + " \"hashedAt\": \"2025-01-31T12:00:00.123456789Z\", \"hashMicros\": 61234, \"hasher\": \"a/1\", \"extra\": 1}"), null);
        assertEquals(new NewResult("t", "h", 10, Instant.parse("2025-01-31T12:00:00.123456Z"), 61_234L, "a/1"), row);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                          | empty body",
            "'{\"id\": \"a\"}'                           | hash",
            "'{\"hash\": null}'                          | hash",
            "'{\"hash\": \"\"}'                          | blank",
            "'{\"hash\": \"h\", \"id\": 5}'              | id",
            "'{\"hash\": \"h\", \"id\": \" \"}'          | blank",
            "'{\"hash\": \"h\", \"difficulty\": 32}'     | difficulty",
            "'{\"hash\": \"h\", \"difficulty\": 4.5}'    | difficulty",
            "'{\"hash\": \"h\", \"hashMicros\": -1}'     | hashMicros",
            "'{\"hash\": \"h\", \"hashedAt\": 12}'       | hashedAt",
            "'{\"hash\": \"h\", \"hasher\": [1]}'        | hasher",
            "'{\"hash\": \"h\",}'                        | malformed JSON",
            "'{\"hash\": \"h\"}{}'                       | malformed JSON",
            "'[]'                                        | /add/batch",
            "'tab\there'                                 | control characters",
            "'{\"hash\": \"h\", \"id\": \"a\\u0001\"}'   | control character",
            "'{\"hash\": \"h\", \"id\": \"\\ud800\"}'    | unpaired surrogate"})
    void badBodyIsRefusedSayingWhy(String text, String reason) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> ResultParser.parseAdd(body(text), null));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void hashOf200CharactersIsTheLongestAccepted() throws Exception {
        ResultParser.parseAdd(body("h".repeat(200)), null);
        BadRequestException e = assertThrows(BadRequestException.class, () -> ResultParser.parseAdd(body("h".repeat(201)), null));
        assertTrue(e.getMessage().contains("at most 200"), e.getMessage());
    }

    @Test
    void blankIdempotencyKeyIsRefused() {
        assertThrows(BadRequestException.class, () -> ResultParser.parseAdd(body("h"), "  "));
    }

    @Test
    void batchRefusesOnlyItsBadItems() throws Exception {
        List<ResultParser.BatchItem> items = ResultParser.parseBatch(body("[{\"id\": \"a\", \"hash\": \"h\"}, {\"id\": \"b\"}, \"h\", {\"hash\": \"h\"}]"));
        assertEquals(4, items.size());
        assertEquals("a", items.get(0).row().id());
        assertEquals("b", items.get(1).id());
        assertTrue(items.get(1).error().contains("hash"));
        assertNull(items.get(2).id());
        assertTrue(items.get(2).error().contains("JSON object"));
        UUID.fromString(items.get(3).id());
    }

    @Test
    void batchThatIsNotAnArrayIsRefusedWhole() {
        assertThrows(BadRequestException.class, () -> ResultParser.parseBatch(body("{\"hash\": \"h\"}")));
        assertThrows(BadRequestException.class, () -> ResultParser.parseBatch(body("")));
    }
}
