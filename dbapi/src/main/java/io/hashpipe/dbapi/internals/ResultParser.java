package io.hashpipe.dbapi.internals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns request bodies into validated {@link NewResult}s: a bare hash string (the classic experiment's
 * clients), a quoted JSON string, a Result JSON object, or a JSON array of them for a batch.
 *
 * <p>Unknown JSON fields are ignored, as everywhere in hashpipe; ids follow {@link Limits#idProblem}, other
 * texts are limited to {@value #MAX_TEXT_CHARS} characters. The {@value DbApiContract#IDEMPOTENCY_KEY} header
 * is percent-decoded ({@link DbApiContract#decodeKey}).
 */
public final class ResultParser {

    /** Longest hash or hasher accepted. */
    public static final int MAX_TEXT_CHARS = 200;

    /** Strict: one JSON value per body, no key twice (two different "id"s would be ambiguous). */
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * One item of a batch: a row to store, or the reason it was refused.
     *
     * @param id    the item's id when it has one (generated for rows without one), else null
     * @param row   the row, or null when refused
     * @param error why the item was refused, or null
     */
    public record BatchItem(String id, NewResult row, String error) {
    }

    private ResultParser() {
    }

    /**
     * Parses the body of {@code POST /add}.
     *
     * @param idempotencyKey the Idempotency-Key header, or null
     */
    public static NewResult parseAdd(ByteBuf body, String idempotencyKey) throws BadRequestException {
        String key = idempotencyKey == null ? null : headerId(idempotencyKey);
        String text = utf8(body).strip();
        if (text.isEmpty()) {
            throw new BadRequestException("empty body: send the hash as text, or a result as JSON with a \"hash\"");
        }
        char first = text.charAt(0);
        if (first == '[') {
            throw new BadRequestException("a JSON array goes to POST /add/batch; POST /add takes one result");
        }
        if (first != '{' && first != '"') {
            return new NewResult(key != null ? key : newId(), checkText("hash", text), null, null, null, null);
        }
        JsonNode node = readJson(text);
        if (node.isTextual()) {
            return new NewResult(key != null ? key : newId(), checkText("hash", node.textValue()), null, null, null, null);
        }
        return parseObject(node, key);
    }

    /** Parses the body of {@code POST /add/batch}: only a body that is not a JSON array is refused as a whole. */
    public static List<BatchItem> parseBatch(ByteBuf body) throws BadRequestException {
        String text = utf8(body).strip();
        if (text.isEmpty()) {
            throw new BadRequestException("empty body: send a JSON array of results");
        }
        JsonNode node = readJson(text);
        if (!node.isArray()) {
            throw new BadRequestException("body must be a JSON array of results, e.g. [{\"id\": \"t1\", \"hash\": \"$2a$10$...\"}]");
        }
        List<BatchItem> items = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            try {
                NewResult row = parseObject(item, null);
                items.add(new BatchItem(row.id(), row, null));
            } catch (BadRequestException e) {
                String id = item.path("id").isTextual() ? item.get("id").textValue() : null;
                items.add(new BatchItem(id, null, e.getMessage()));
            }
        }
        return items;
    }

    /** Reads a whole JSON body. */
    public static JsonNode readJson(String text) throws BadRequestException {
        try {
            return READER.readTree(text);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new BadRequestException("malformed JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        }
    }

    /** Decodes a body as strict UTF-8. */
    public static String utf8(ByteBuf body) throws BadRequestException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(body.nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("body is not valid UTF-8 text");
        }
    }

    private static NewResult parseObject(JsonNode node, String key) throws BadRequestException {
        if (!node.isObject()) {
            throw new BadRequestException("a result must be a JSON object with a \"hash\", not " + node.getNodeType());
        }
        String jsonId = optionalId(node);
        if (key != null && jsonId != null && !key.equals(jsonId)) {
            throw new BadRequestException(DbApiContract.IDEMPOTENCY_KEY + " header '" + key + "' and JSON id '" + jsonId
                    + "' differ: send the id once, or the same value in both");
        }
        String hash = optionalText(node, "hash");
        if (hash == null) {
            throw new BadRequestException("missing \"hash\": a result must carry its hash");
        }
        return new NewResult(key != null ? key : jsonId != null ? jsonId : newId(), hash,
                optionalDifficulty(node), optionalInstant(node, "hashedAt"), optionalMicros(node), optionalText(node, "hasher"));
    }

    /** The id of the {@value DbApiContract#IDEMPOTENCY_KEY} header, decoded and checked. */
    private static String headerId(String header) throws BadRequestException {
        String id;
        try {
            id = DbApiContract.decodeKey(header);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        return checkId(DbApiContract.IDEMPOTENCY_KEY + " header", id);
    }

    private static String optionalId(JsonNode node) throws BadRequestException {
        JsonNode value = node.get(DbApiContract.FIELD_ID);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException("\"id\" must be a string, not " + value.getNodeType());
        }
        return checkId("\"id\"", value.textValue());
    }

    private static String checkId(String name, String id) throws BadRequestException {
        String problem = Limits.idProblem(name, id);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
        return id;
    }

    private static String optionalText(JsonNode node, String field) throws BadRequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException("\"" + field + "\" must be a string, not " + value.getNodeType());
        }
        return checkText("\"" + field + "\"", value.textValue());
    }

    private static Integer optionalDifficulty(JsonNode node) throws BadRequestException {
        JsonNode value = node.get("difficulty");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0 || value.intValue() > Limits.MAX_DIFFICULTY) {
            throw new BadRequestException("\"difficulty\" is " + value + ": must be a whole number from 0 to " + Limits.MAX_DIFFICULTY);
        }
        return value.intValue();
    }

    private static Long optionalMicros(JsonNode node) throws BadRequestException {
        JsonNode value = node.get("hashMicros");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new BadRequestException("\"hashMicros\" is " + value + ": must be a whole number of microseconds, at least 0");
        }
        return value.longValue();
    }

    private static Instant optionalInstant(JsonNode node, String field) throws BadRequestException {
        String text = optionalText(node, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("\"" + field + "\" is '" + text + "': must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
        }
    }

    private static String checkText(String name, String value) throws BadRequestException {
        if (value.isBlank()) {
            throw new BadRequestException(name + " is blank");
        }
        if (value.length() > MAX_TEXT_CHARS) {
            throw new BadRequestException(name + " is " + value.length() + " characters long: at most " + MAX_TEXT_CHARS);
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException(name + " contains control characters");
        }
        return value;
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
