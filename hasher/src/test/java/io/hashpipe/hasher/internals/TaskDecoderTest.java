package io.hashpipe.hasher.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import io.hashpipe.common.Task;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskDecoderTest {

    @Test
    void aTaskFromTheProducerDecodesToItself() throws Exception {
        Task task = new Task("id-1", "abcdefghij", 10, Instant.parse("2026-01-02T03:04:05Z"));
        assertEquals(task, TaskDecoder.decode(Json.toBytes(task)));
    }

    @Test
    void createdAtIsOptionalAndUnknownFieldsAreIgnored() throws Exception {
        Task task = TaskDecoder.decode(utf8("{\"id\":\"x\",\"password\":\"pw\",\"difficulty\":4,\"extra\":[1,2]}"));
        assertEquals(new Task("x", "pw", 4, null), task);
        assertNull(TaskDecoder.decode(utf8("{\"id\":\"x\",\"password\":\"pw\",\"difficulty\":4,\"createdAt\":\"yesterday\"}"))
                .createdAt());
    }

    @Test
    void aPasswordOfExactlySeventyTwoBytesIsAccepted() throws Exception {
        String password = "é".repeat(36); // 72 bytes in UTF-8
        assertEquals(password, TaskDecoder.decode(utf8(task("\"" + password + "\"", "31"))).password());
    }

    static Stream<Arguments> badTasks() {
        return Stream.of(
                Arguments.of("no value", null, "InvalidTask", "no value"),
                Arguments.of("empty", "", "InvalidTask", "JSON object"),
                Arguments.of("not JSON", "hello", "MalformedJson", "not valid JSON"),
                Arguments.of("truncated JSON", "{\"id\":\"a\",", "MalformedJson", "not valid JSON"),
                Arguments.of("trailing garbage", "{\"id\":\"a\",\"password\":\"p\",\"difficulty\":4} x", "MalformedJson", "not valid JSON"),
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
                Arguments.of("difficulty as text", task("\"p\"", "\"10\""), "InvalidTask", "difficulty must be an integer"),
                Arguments.of("fractional difficulty", task("\"p\"", "10.5"), "InvalidTask", "difficulty must be an integer"),
                Arguments.of("huge difficulty", task("\"p\"", "99999999999"), "InvalidTask", "difficulty must be an integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTasks")
    void badTasksAreRejectedWithTheReason(String name, String value, String errorClass, String reason) {
        InvalidTaskException e = assertThrows(InvalidTaskException.class,
                () -> TaskDecoder.decode(value == null ? null : utf8(value)));
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
