package io.hashpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTest {

    @Test
    void strictParsingReadsWhatTheCodecWrites() throws Exception {
        Task task = new Task("t\u00e2che \ud83d\ude00", "abc/def", 10, java.time.Instant.parse("2026-01-02T03:04:05Z"));
        JsonNode node = Json.parseStrict(Json.toBytes(task));
        assertEquals(task, Json.mapper().treeToValue(node, Task.class));
    }

    @Test
    void emptyInputIsAMissingNode() throws Exception {
        assertTrue(Json.parseStrict(new byte[0]).isMissingNode());
        assertTrue(Json.parseStrict("  ").isMissingNode());
    }

    /** Bytes Jackson alone reads as other text: an overlong '/' becomes '/', an encoded surrogate a lone half. */
    static Stream<Arguments> notUtf8() {
        return Stream.of(
                Arguments.of("overlong two bytes", new int[] {0xC0, 0xAF}),
                Arguments.of("overlong three bytes", new int[] {0xE0, 0x80, 0xAF}),
                Arguments.of("overlong four bytes", new int[] {0xF0, 0x80, 0x80, 0xAF}),
                Arguments.of("encoded high surrogate", new int[] {0xED, 0xA0, 0x80}),
                Arguments.of("encoded low surrogate", new int[] {0xED, 0xBF, 0xBF}),
                Arguments.of("above U+10FFFF", new int[] {0xF4, 0x90, 0x80, 0x80}),
                Arguments.of("a lone continuation byte", new int[] {0x80}),
                Arguments.of("a byte that is never UTF-8", new int[] {0xFE}),
                Arguments.of("a character cut short", new int[] {0xE2, 0x82}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8")
    void bytesThatAreNotUtf8AreRefusedWithTheirOffset(String name, int[] bad) {
        byte[] prefix = "{\"password\":\"ab".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "cd\"}".getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, value, 0, prefix.length);
        for (int i = 0; i < bad.length; i++) {
            value[prefix.length + i] = (byte) bad[i];
        }
        System.arraycopy(suffix, 0, value, prefix.length + bad.length, suffix.length);
        Json.MalformedJsonException e = assertThrows(Json.MalformedJsonException.class, () -> Json.parseStrict(value));
        assertTrue(e.getMessage().startsWith("not UTF-8") && e.getMessage().contains("offset " + prefix.length), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notStrict")
    void jsonThatIsNotStrictIsRefusedSayingWhy(String name, String text, String reason) {
        Json.MalformedJsonException e = assertThrows(Json.MalformedJsonException.class, () -> Json.parseStrict(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    static Stream<Arguments> notStrict() {
        return Stream.of(
                Arguments.of("a key twice", "{\"id\":\"a\",\"id\":\"b\"}", "Duplicate field 'id'"),
                Arguments.of("a key twice, nested", "[{\"k\":{\"x\":1,\"x\":1}}]", "Duplicate field 'x'"),
                Arguments.of("a second value", "{} {}", "Trailing token"),
                Arguments.of("a trailing word", "{\"id\":\"a\"} x", "Unrecognized token"),
                Arguments.of("a lone high surrogate", "{\"password\":\"a\\ud800\"}", "/password holds an unpaired surrogate U+D800 at 1"),
                Arguments.of("a lone low surrogate in an array", "[\"ok\",\"\\udc00\"]", "/1 holds an unpaired surrogate U+DC00"),
                Arguments.of("reversed halves", "\"\\udc00\\ud800\"", "unpaired surrogate U+DC00"),
                // Jackson (2.23) refuses it in a name itself ("Broken surrogate pair"); in a value, only the walk does.
                Arguments.of("a lone surrogate in a key", "{\"\\ud800\":1}", "surrogate"),
                Arguments.of("cut short", "{\"id\":", "Unexpected end-of-input"));
    }

    @Test
    void pairedSurrogatesAndEscapesOfThemPass() throws Exception {
        assertEquals("\ud83d\ude00", Json.parseStrict("\"\\ud83d\\ude00\"").textValue());
        assertEquals("\ud83d\ude00", Json.parseStrict("\"\ud83d\ude00\"".getBytes(StandardCharsets.UTF_8)).textValue());
    }
}
