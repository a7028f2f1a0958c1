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

    /** A bcrypt string of cost 8, and one of cost 10. */
    static final String H = "$2b$08$mMHdd5Axr9b1RBbTCGdWxuIJpMiq0zMUGNuOHtVoTqyrT9uF.o7Oi";
    static final String H10 = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    static ByteBuf body(String text) {
        return Unpooled.copiedBuffer(text.replace("$H", H), StandardCharsets.UTF_8);
    }

    @Test
    void bareHashGetsAGeneratedIdAndTrailingNewlineIsIgnored() throws Exception {
        NewResult row = ResultParser.parseAdd(body("$H\n"), null);
        assertEquals(H, row.hash());
        UUID.fromString(row.id());
        assertNull(row.difficulty());
    }

    @Test
    void idempotencyKeyNamesTheRow() throws Exception {
        assertEquals("k", ResultParser.parseAdd(body("$H"), "k").id());
        assertEquals(" k\u00fc ", ResultParser.parseAdd(body("{\"id\": \" k\u00fc \", \"hash\": \"$H\"}"), "%20k%C3%BC%20").id(),
                "the header is percent-decoded");
        assertEquals("k", ResultParser.parseAdd(body("{\"hash\": \"$H\"}"), "k").id());
        assertEquals("k", ResultParser.parseAdd(body("{\"id\": \"k\", \"hash\": \"$H\"}"), "k").id());
    }

    @Test
    void quotedJsonStringIsABareHash() throws Exception {
        assertEquals(H, ResultParser.parseAdd(body("\"$H\""), "k").hash());
    }

    @Test
    void resultJsonKeepsEveryField() throws Exception {
        NewResult row = ResultParser.parseAdd(body("{\"id\": \"t\", \"hash\": \"" + H10 + "\", \"difficulty\": 10,"
                + " \"hashedAt\": \"2025-01-31T12:00:00.123456789Z\", \"hashMicros\": 61234, \"hasher\": \"a/1\", \"extra\": 1}"), null);
        assertEquals(new NewResult("t", H10, 10, Instant.parse("2025-01-31T12:00:00.123456Z"), 61_234L, "a/1"), row);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                                  | empty body",
            "'{\"id\": \"a\"}'                                   | hash",
            "'{\"hash\": null}'                                  | hash",
            "'{\"hash\": \"\"}'                                  | blank",
            "'{\"hash\": \"$H\", \"id\": 5}'                     | id",
            "'{\"hash\": \"$H\", \"id\": \" \"}'                 | blank",
            "'{\"hash\": \"$H\", \"difficulty\": 32}'            | difficulty",
            "'{\"hash\": \"$H\", \"difficulty\": 3}'             | from 4 to 31",
            "'{\"hash\": \"$H\", \"difficulty\": 4.5}'           | difficulty",
            "'{\"hash\": \"$H\", \"difficulty\": 10}'            | has cost 8 but the result's difficulty is 10",
            "'{\"hash\": \"$H\", \"hashMicros\": -1}'            | hashMicros",
            "'{\"hash\": \"$H\", \"hashedAt\": 12}'              | hashedAt",
            "'{\"hash\": \"$H\", \"hashedAt\": \"+10000-01-01T00:00:00Z\"}'   | years 0001 to 9999",
            "'{\"hash\": \"$H\", \"hashedAt\": \"-0001-12-31T00:00:00Z\"}'    | years 0001 to 9999",
            "'{\"hash\": \"$H\", \"hasher\": [1]}'               | hasher",
            "'{\"hash\": \"$H\",}'                               | malformed JSON",
            "'{\"hash\": \"$H\"}{}'                              | malformed JSON",
            "'{\"hash\": \"$H\", \"hash\": \"$H\"}'              | Duplicate field 'hash'",
            "'{\"hash\": \"$H\", \"hasher\": \"\\udc00\"}'       | unpaired surrogate",
            "'{\"hash\": \"x\"}'                                 | not a bcrypt hash",
            "'{\"hash\": \"$2a$08$short\"}'                      | not a bcrypt hash",
            "'{\"hash\": \" $H\"}'                               | not a bcrypt hash",
            "'hello'                                             | the body is not a bcrypt hash",
            "'\"hello\"'                                         | the body is not a bcrypt hash",
            "'$2a$99$mMHdd5Axr9b1RBbTCGdWxuIJpMiq0zMUGNuOHtVoTqyrT9uF.o7Oi' | has cost 99",
            "'[]'                                                | /add/batch",
            "'tab\there'                                         | not a bcrypt hash",
            "'{\"hash\": \"$H\", \"id\": \"a\\u0001\"}'          | control character",
            "'{\"hash\": \"$H\", \"id\": \"\\ud800\"}'           | unpaired surrogate"})
    void badBodyIsRefusedSayingWhy(String text, String reason) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> ResultParser.parseAdd(body(text), null));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void bodyThatIsNotUtf8IsRefusedWithTheOffset() {
        ByteBuf overlong = Unpooled.wrappedBuffer(new byte[] {'$', '2', (byte) 0xC0, (byte) 0xAF});
        BadRequestException e = assertThrows(BadRequestException.class, () -> ResultParser.parseAdd(overlong, null));
        assertTrue(e.getMessage().startsWith("the body is not UTF-8") && e.getMessage().contains("offset 2"), e.getMessage());
    }

    @Test
    void hashedAtAtTheEndsOfTheRangeIsAccepted() throws Exception {
        for (String at : List.of("0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z")) {
            assertEquals(Instant.parse(at), ResultParser.parseAdd(body("{\"hash\": \"$H\", \"hashedAt\": \"" + at + "\"}"), null).hashedAt());
        }
    }

    @Test
    void blankIdempotencyKeyIsRefused() {
        assertThrows(BadRequestException.class, () -> ResultParser.parseAdd(body("$H"), "  "));
    }

    @Test
    void batchRefusesOnlyItsBadItems() throws Exception {
        List<ResultParser.BatchItem> items = ResultParser.parseBatch(
                body("[{\"id\": \"a\", \"hash\": \"$H\"}, {\"id\": \"b\"}, \"$H\", {\"hash\": \"$H\"}, {\"id\": \"j\", \"hash\": \"junk\"}]"), 10);
        assertEquals(5, items.size());
        assertEquals("a", items.get(0).row().id());
        assertEquals("b", items.get(1).id());
        assertTrue(items.get(1).error().contains("hash"));
        assertNull(items.get(2).id());
        assertTrue(items.get(2).error().contains("JSON object"));
        UUID.fromString(items.get(3).id());
        assertEquals("j", items.get(4).id());
        assertTrue(items.get(4).error().contains("not a bcrypt hash"), items.get(4).error());
    }

    @Test
    void batchThatIsNotAnArrayIsRefusedWhole() {
        assertThrows(BadRequestException.class, () -> ResultParser.parseBatch(body("{\"hash\": \"$H\"}"), 10));
        assertThrows(BadRequestException.class, () -> ResultParser.parseBatch(body(""), 10));
    }

    @Test
    void batchOfMoreItemsThanTheLimitIsRefusedWhole() throws Exception {
        assertEquals(3, ResultParser.parseBatch(body("[\"$H\", \"$H\", \"$H\"]"), 3).size());
        TooManyItemsException e = assertThrows(TooManyItemsException.class, () -> ResultParser.parseBatch(body("[1, 2, 3, 4]"), 3));
        assertTrue(e.getMessage().contains("4 results: at most 3 (dbapi.batch.max.items)"), e.getMessage());
    }
}
