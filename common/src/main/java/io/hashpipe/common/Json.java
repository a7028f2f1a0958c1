package io.hashpipe.common;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one JSON codec of hashpipe's records: ISO-8601 instants, unknown fields ignored so that newer
 * producers do not break older consumers.
 *
 * <p>{@link #parseStrict} is the one decoder of what comes from outside (task and result records, request
 * bodies), alike in every stage: the bytes must be UTF-8 as the standard defines it (Jackson alone reads an
 * overlong {@code C0 AF} as '/' and an encoded surrogate as a lone UTF-16 half), one JSON value with no key
 * twice and nothing after it, and no string may hold an unpaired surrogate ({@code "\ud800"} is valid JSON
 * but no Unicode text: Java would write it as '?', so two different inputs would become one).
 */
public final class Json {

    /** Thread-safe once configured; shared by every service. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** One value per input, no key twice (two different "id"s would be ambiguous). */
    private static final ObjectReader STRICT = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Input that {@link #parseStrict} refuses; the message says where and why, without the input itself. */
    public static final class MalformedJsonException extends IOException {
        public MalformedJsonException(String message) {
            super(message);
        }
    }

    private Json() {
    }

    /** The shared mapper, for tree-model parsing and streaming. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serializes a record or map to UTF-8 JSON bytes. */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot serialize " + value.getClass().getSimpleName() + " to JSON", e);
        }
    }

    /** Serializes a record or map to a JSON string. */
    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot serialize " + value.getClass().getSimpleName() + " to JSON", e);
        }
    }

    /**
     * Parses UTF-8 JSON bytes into {@code type}.
     *
     * @throws IOException when the bytes are not JSON of that shape; the message says where and why
     */
    public static <T> T fromBytes(byte[] bytes, Class<T> type) throws IOException {
        return MAPPER.readValue(bytes, type);
    }

    /**
     * Parses bytes from outside strictly (see the class comment); empty input gives a missing node.
     *
     * @throws MalformedJsonException naming the byte that is not UTF-8, or the JSON rule broken and where
     */
    public static JsonNode parseStrict(byte[] utf8) throws MalformedJsonException {
        return parseStrict(decodeUtf8(utf8));
    }

    /** Parses text from outside strictly, as {@link #parseStrict(byte[])} after its UTF-8 check. */
    public static JsonNode parseStrict(String text) throws MalformedJsonException {
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new MalformedJsonException(e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        }
        if (node == null) {
            return MAPPER.missingNode();
        }
        String problem = unpairedSurrogate(node, "");
        if (problem != null) {
            throw new MalformedJsonException(problem);
        }
        return node;
    }

    /**
     * {@code bytes} as text, or why they are not UTF-8: invalid and overlong sequences, encoded surrogates
     * and truncated characters are refused, never replaced.
     */
    public static String decodeUtf8(byte[] bytes) throws MalformedJsonException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never has more characters than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            throw new MalformedJsonException("not UTF-8: the " + result.length() + " byte(s) at offset " + at + " ("
                    + hex(bytes, at, result.length()) + ") are not a UTF-8 character (invalid, overlong, a surrogate or cut short)");
        }
        return out.flip().toString();
    }

    private static String unpairedSurrogate(JsonNode node, String path) {
        if (node.isTextual()) {
            int at = Limits.unpairedSurrogateAt(node.textValue());
            return at < 0 ? null : "the string at " + (path.isEmpty() ? "/" : path) + " holds an unpaired surrogate U+"
                    + String.format("%04X", (int) node.textValue().charAt(at)) + " at " + at + ": not Unicode text";
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (Limits.unpairedSurrogateAt(field.getKey()) >= 0) {
                    return "a field name in " + (path.isEmpty() ? "/" : path) + " holds an unpaired surrogate: not Unicode text";
                }
                String problem = unpairedSurrogate(field.getValue(), path + "/" + field.getKey());
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String problem = unpairedSurrogate(node.get(i), path + "/" + i);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static String hex(byte[] bytes, int from, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < Math.min(bytes.length, from + length); i++) {
            out.append(out.isEmpty() ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xff));
        }
        return out.toString();
    }
}
