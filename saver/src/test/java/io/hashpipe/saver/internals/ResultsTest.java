package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.Json;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultsTest {

    static final String HASH = "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS";

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("hashes", 0, 1, null, value);
    }

    private static ConsumerRecord<byte[], byte[]> record(String json) {
        return record(json.replace("$H", HASH).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aResultIsReadAndPostedAsItsCanonicalJson() throws Exception {
        PendingRecord read = Results.read(record("{\"id\":\"t\",\"hash\":\"$H\",\"difficulty\":4,\"hasher\":\"h\",\"extra\":1}"));
        assertEquals("t", read.id());
        JsonNode body = Json.parseStrict(read.body());
        assertEquals(HASH, body.get("hash").asText());
        assertTrue(body.get("extra") == null, "unknown fields are not passed on");
    }

    @Test
    void anotherProcessorsResultIsPostedAsItCameWithNoHashForTheBareHashBody() throws Exception {
        String json = "{\"id\":\"t\",\"processor\":\"thumbnail\",\"png\":\"iVBOR\",\"hash\":\"not bcrypt\",\"size\":[64,48]}";
        PendingRecord read = Results.read(record(json));
        assertEquals("t", read.id());
        assertEquals(json, new String(read.body(), StandardCharsets.UTF_8));
        assertEquals(null, read.hash());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "'{\"processor\":\"wc\",\"words\":3}'                | no \"id\" string",
            "'{\"id\":\" \",\"processor\":\"wc\"}'              | is blank",
            "'{\"id\":\"t\",\"processor\":\"wc\",\"id\":\"u\"}' | Duplicate field 'id'"})
    void anotherProcessorsResultStillNeedsAValidId(String json, String reason) {
        InvalidResultException e = assertThrows(InvalidResultException.class, () -> Results.read(record(json)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aResultWithoutADifficultyTakesTheCostOfItsHash() throws Exception {
        assertEquals(4, Json.parseStrict(Results.read(record("{\"id\":\"t\",\"hash\":\"$H\"}")).body()).get("difficulty").asInt());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "'not json'                                                 | not a result's JSON",
            "'{\"id\":\"t\",\"id\":\"u\",\"hash\":\"$H\"}'              | Duplicate field 'id'",
            "'{\"id\":\"t\",\"hash\":\"$H\"} {}'                        | not a result's JSON",
            "'{\"id\":\"t\\ud800\",\"hash\":\"$H\"}'                    | unpaired surrogate",
            "'{\"id\":\"a\\u0007\",\"hash\":\"$H\"}'                    | control character U+0007",
            "'{\"hash\":\"$H\"}'                                        | no \"id\"",
            "'{\"id\":\"t\"}'                                           | has no \"hash\"",
            "'{\"id\":\"t\",\"hash\":\"x\"}'                            | not a bcrypt hash",
            "'{\"id\":\"t\",\"hash\":\"$H\",\"difficulty\":12}'         | has cost 4 but the result's difficulty is 12",
            "'[1]'                                                      | no \"id\""})
    void whatIsNotAStorableResultIsRefusedSayingWhy(String json, String reason) {
        InvalidResultException e = assertThrows(InvalidResultException.class, () -> Results.read(record(json)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotReplaced() {
        byte[] value = ("{\"id\":\"t\",\"hash\":\"" + HASH + "\",\"hasher\":\"a\u00e9\"}").getBytes(StandardCharsets.UTF_8);
        value[value.length - 4] = (byte) 0xC0; // an overlong form where the é began
        InvalidResultException e = assertThrows(InvalidResultException.class, () -> Results.read(record(value)));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void aValueOverTheRecordLimitIsRefusedUnread() {
        InvalidResultException e = assertThrows(InvalidResultException.class, () -> Results.read(record(new byte[70_000])));
        assertTrue(e.getMessage().contains("70000 bytes: at most 65536 (record.max.bytes)"), e.getMessage());
    }
}
