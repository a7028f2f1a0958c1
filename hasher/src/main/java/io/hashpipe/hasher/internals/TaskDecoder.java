package io.hashpipe.hasher.internals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Turns a task record's value into a {@link Task} that bcrypt can hash, or says exactly why not: not JSON,
 * a missing or mistyped field, an id outside {@link Limits#idProblem}'s rules, a cost outside 4..31, or a
 * password over bcrypt's 72 bytes.
 *
 * <p>{@code createdAt} is informational: when absent or unreadable it decodes as null.
 */
public final class TaskDecoder {

    private static final int MAX_PASSWORD_BYTES = Limits.MAX_PASSWORD_BYTES;
    private static final int MIN_DIFFICULTY = Limits.MIN_DIFFICULTY;
    private static final int MAX_DIFFICULTY = Limits.MAX_DIFFICULTY;

    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private TaskDecoder() {
    }

    /**
     * Decodes and validates one task.
     *
     * @throws InvalidTaskException naming the field and the rule that failed
     */
    public static Task decode(byte[] value) throws InvalidTaskException {
        if (value == null) {
            throw invalid("the record has no value; a task is a JSON object with id, password and difficulty");
        }
        JsonNode node;
        try {
            node = READER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidTaskException(InvalidTaskException.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidTaskException(InvalidTaskException.MALFORMED_JSON, "not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw invalid("a task must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        String id = text(node, "id");
        String idProblem = Limits.idProblem("field id", id);
        if (idProblem != null) {
            throw invalid(idProblem);
        }
        String password = text(node, "password");
        int passwordBytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (passwordBytes > MAX_PASSWORD_BYTES) {
            throw invalid("field password is " + passwordBytes + " bytes in UTF-8; bcrypt takes at most " + MAX_PASSWORD_BYTES);
        }
        return new Task(id, password, difficulty(node), createdAt(node));
    }

    private static String text(JsonNode task, String field) throws InvalidTaskException {
        JsonNode node = task.get(field);
        if (node == null || node.isNull()) {
            throw invalid("missing field " + field);
        }
        if (!node.isTextual()) {
            throw invalid("field " + field + " must be a string, got " + node.getNodeType());
        }
        return node.textValue();
    }

    private static int difficulty(JsonNode task) throws InvalidTaskException {
        JsonNode node = task.get("difficulty");
        if (node == null || node.isNull()) {
            throw invalid("missing field difficulty");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid("field difficulty must be an integer from " + MIN_DIFFICULTY + " to " + MAX_DIFFICULTY + ", got " + node);
        }
        int difficulty = node.intValue();
        if (difficulty < MIN_DIFFICULTY || difficulty > MAX_DIFFICULTY) {
            throw invalid("field difficulty " + difficulty + " is outside " + MIN_DIFFICULTY + ".." + MAX_DIFFICULTY);
        }
        return difficulty;
    }

    private static Instant createdAt(JsonNode task) {
        JsonNode node = task.get("createdAt");
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.textValue());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static InvalidTaskException invalid(String message) {
        return new InvalidTaskException(InvalidTaskException.INVALID_TASK, message);
    }
}
