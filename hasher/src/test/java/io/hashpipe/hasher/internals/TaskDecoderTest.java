package io.hashpipe.hasher.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Task;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskDecoderTest {

    private static final TaskDecoder DECODER = new TaskDecoder();

    @Test
    void aTaskFromTheProducerDecodesToItsFieldsWithItsCostAsBatchKey() throws Exception {
        Task task = new Task("id-1", "abcdefghij", 10, Instant.parse("2026-01-02T03:04:05Z"));
        TaskDecoder.Decoded decoded = DECODER.decode(Json.toBytes(task));
        assertEquals("id-1", decoded.task().id());
        assertEquals(Map.of("id", "id-1", "password", "abcdefghij", "difficulty", 10, "createdAt", "2026-01-02T03:04:05Z"),
                decoded.task().input());
        assertEquals(10, decoded.batchKey());
    }

    @Test
    void unknownFieldsReachTheProcessorAsJdkValuesWithTheHeaders() throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("h", new byte[] {1});
        headers.add("h", new byte[] {2});
        TaskDecoder.Decoded decoded = DECODER.decode(utf8("{\"id\":\"x\",\"password\":\"pw\",\"difficulty\":4,"
                + "\"extra\":[1,2.5,12345678901,{\"k\":null}],\"createdAt\":\"yesterday\"}"), headers);
        assertEquals(java.util.Arrays.asList(1, 2.5, 12345678901L, java.util.Collections.singletonMap("k", null)),
                decoded.task().input().get("extra"));
        assertEquals("yesterday", decoded.task().input().get("createdAt"));
        assertEquals(2, decoded.task().headers().get("h")[0], "the last value of a header");
    }

    @Test
    void aProcessorThatDoesNotBatchDecodesAnyObjectWithAnIdAndNoKey() throws Exception {
        TaskDecoder decoder = new TaskDecoder(Limits.DEFAULT_RECORD_MAX_BYTES, new io.hashpipe.hasher.processors.Pbkdf2Processor());
        TaskDecoder.Decoded decoded = decoder.decode(utf8("{\"id\":\"x\",\"anything\":true}"));
        assertEquals(Map.of("id", "x", "anything", true), decoded.task().input());
        assertNull(decoded.batchKey());
    }

    @Test
    void aPasswordOfExactlySeventyTwoBytesIsAccepted() throws Exception {
        String password = "é".repeat(36); // 72 bytes in UTF-8
        assertEquals(password, DECODER.decode(utf8(task("\"" + password + "\"", "20"))).task().input().get("password"));
    }

    @Test
    void costsUpToMaxDifficultyPassAndBcryptsCeilingNeedsItRaised() throws Exception {
        assertEquals(20, DECODER.decode(utf8(task("\"p\"", "20"))).batchKey());
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> DECODER.decode(utf8(task("\"p\"", "21"))));
        assertTrue(e.getMessage().contains("above this hasher's max.difficulty 20 (--max-difficulty, up to 31)"), e.getMessage());
        assertEquals(31, new TaskDecoder(Limits.DEFAULT_RECORD_MAX_BYTES, 31).decode(utf8(task("\"p\"", "31"))).batchKey());
    }

    @Test
    void aValueOverTheRecordLimitIsRefusedUnread() throws Exception {
        TaskDecoder decoder = new TaskDecoder(1024, 20);
        byte[] atTheLimit = utf8(task("\"p\"", "4" + " ".repeat(1024 - task("\"p\"", "4").length())));
        assertEquals(1024, atTheLimit.length);
        assertEquals(4, decoder.decode(atTheLimit).batchKey());
        byte[] over = new byte[1025];
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> decoder.decode(over));
        assertEquals(InvalidTaskException.RECORD_TOO_LARGE, e.errorClass());
        assertTrue(e.getMessage().contains("1025 bytes: at most 1024 (record.max.bytes)"), e.getMessage());
    }

    /** Bytes that are not UTF-8 (Jackson alone decodes some of them as other characters) and JSON that is not strict. */
    static Stream<Arguments> malformedTasks() {
        byte[] valid = utf8(task("\"pass/word\"", "4"));
        int slash = new String(valid, StandardCharsets.UTF_8).indexOf('/');
        return Stream.of(
                Arguments.of("an overlong '/' (C0 AF)", splice(valid, slash, 0xC0, 0xAF), "not UTF-8"),
                Arguments.of("an overlong '/' in three bytes (E0 80 AF)", splice(valid, slash, 0xE0, 0x80, 0xAF), "not UTF-8"),
                Arguments.of("a surrogate encoded as bytes (ED A0 80)", splice(valid, slash, 0xED, 0xA0, 0x80), "not UTF-8"),
                Arguments.of("a byte that starts nothing (FF)", splice(valid, slash, 0xFF), "not UTF-8"),
                Arguments.of("a character cut short (E2 82)", splice(valid, slash, 0xE2, 0x82), "not UTF-8"),
                Arguments.of("a code point above U+10FFFF (F4 90 80 80)", splice(valid, slash, 0xF4, 0x90, 0x80, 0x80), "not UTF-8"),
                Arguments.of("a lone high surrogate escape", utf8(task("\"pass\\ud800word\"", "4")), "unpaired surrogate U+D800"),
                Arguments.of("a lone low surrogate escape", utf8(task("\"\\udc00\"", "4")), "unpaired surrogate U+DC00"),
                Arguments.of("surrogates in the wrong order", utf8(task("\"\\udc00\\ud800\"", "4")), "unpaired surrogate"),
                Arguments.of("a duplicate key", utf8("{\"id\":\"a\",\"id\":\"b\",\"password\":\"p\",\"difficulty\":4}"), "Duplicate field 'id'"),
                Arguments.of("a duplicate nested key", utf8("{\"id\":\"a\",\"password\":\"p\",\"difficulty\":4,\"x\":{\"k\":1,\"k\":2}}"), "Duplicate field 'k'"),
                Arguments.of("a second value after the task", utf8(task("\"p\"", "4") + " {}"), "not valid JSON"),
                Arguments.of("a byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid), "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTasks")
    void malformedTasksAreBadRecordsNeverHashedAsOtherBytes(String name, byte[] value, String reason) {
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> DECODER.decode(value));
        assertEquals(InvalidTaskException.MALFORMED_JSON, e.errorClass());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aPasswordWithANulIsRefusedAndOtherCharactersPass() throws Exception {
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> DECODER.decode(utf8(task("\"a\\u0000b\"", "4"))));
        assertTrue(e.getMessage().contains("U+0000"), e.getMessage());
        assertEquals("t\u00e2che \ud83d\ude00\t", DECODER.decode(utf8(task("\"t\u00e2che \ud83d\ude00\\t\"", "4"))).task().input().get("password"));
    }

    private static byte[] splice(byte[] bytes, int at, int... replacement) {
        byte[] out = new byte[bytes.length - 1 + replacement.length];
        System.arraycopy(bytes, 0, out, 0, at);
        for (int i = 0; i < replacement.length; i++) {
            out[at + i] = (byte) replacement[i];
        }
        System.arraycopy(bytes, at + 1, out, at + replacement.length, bytes.length - at - 1);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static Stream<Arguments> badTasks() {
        return Stream.of(
                Arguments.of("no value", null, "InvalidTask", "no value"),
                Arguments.of("empty", "", "InvalidTask", "JSON object"),
                Arguments.of("not JSON", "hello", "MalformedJson", "not valid JSON"),
                Arguments.of("truncated JSON", "{\"id\":\"a\",", "MalformedJson", "not valid JSON"),
                Arguments.of("trailing garbage", "{\"id\":\"a\",\"password\":\"p\",\"difficulty\":4} x", "MalformedJson", "not valid JSON"),
                Arguments.of("id with a lone surrogate", "{\"id\":\"a\\ud800\",\"password\":\"p\",\"difficulty\":4}", "MalformedJson", "unpaired surrogate"),
                Arguments.of("an array", "[1,2]", "InvalidTask", "JSON object"),
                Arguments.of("missing id", "{\"password\":\"p\",\"difficulty\":4}", "InvalidTask", "missing field id"),
                Arguments.of("null id", "{\"id\":null,\"password\":\"p\",\"difficulty\":4}", "InvalidTask", "missing field id"),
                Arguments.of("blank id", "{\"id\":\"  \",\"password\":\"p\",\"difficulty\":4}", "InvalidTask", "id is blank"),
                Arguments.of("id with a control character", "{\"id\":\"a\\u0007\",\"password\":\"p\",\"difficulty\":4}", "InvalidTask",
                        "control character U+0007"),
                Arguments.of("id over the limit", "{\"id\":\"" + "i".repeat(201) + "\",\"password\":\"p\",\"difficulty\":4}", "InvalidTask",
                        "at most 200"),
                Arguments.of("numeric id", "{\"id\":7,\"password\":\"p\",\"difficulty\":4}", "InvalidTask", "id must be a string"),
                Arguments.of("missing password", "{\"id\":\"a\",\"difficulty\":4}", "InvalidTask", "missing field password"),
                Arguments.of("password too long", task("\"" + "é".repeat(37) + "\"", "4"), "InvalidTask", "74 bytes"),
                Arguments.of("missing difficulty", "{\"id\":\"a\",\"password\":\"p\"}", "InvalidTask", "missing field difficulty"),
                Arguments.of("difficulty 3", task("\"p\"", "3"), "InvalidTask", "difficulty 3 is outside 4..31"),
                Arguments.of("difficulty 32", task("\"p\"", "32"), "InvalidTask", "difficulty 32 is outside 4..31"),
                Arguments.of("difficulty 31 over the default limit", task("\"p\"", "31"), "InvalidTask", "above this hasher's max.difficulty 20"),
                Arguments.of("difficulty as text", task("\"p\"", "\"10\""), "InvalidTask", "difficulty must be an integer"),
                Arguments.of("fractional difficulty", task("\"p\"", "10.5"), "InvalidTask", "difficulty must be an integer"),
                Arguments.of("huge difficulty", task("\"p\"", "99999999999"), "InvalidTask", "difficulty must be an integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTasks")
    void badTasksAreRejectedWithTheReason(String name, String value, String errorClass, String reason) {
        InvalidTaskException e = assertThrows(InvalidTaskException.class,
                () -> DECODER.decode(value == null ? null : utf8(value)));
        assertEquals(errorClass, e.errorClass());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static String task(String password, String difficulty) {
        return "{\"id\":\"a\",\"password\":" + password + ",\"difficulty\":" + difficulty + "}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
