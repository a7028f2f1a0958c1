package io.hashpipe.hasher.internals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Json;
import io.hashpipe.common.Limits;
import io.hashpipe.common.Task;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Turns a task record's value into a {@link Task} that bcrypt can hash, or says exactly why not: larger than
 * {@code record.max.bytes}, not strict JSON ({@link Json#parseStrict}: UTF-8, no duplicate keys, nothing
 * after the value, no unpaired surrogates), a missing or mistyped field, an id outside
 * {@link Limits#idProblem}'s rules, a cost outside 4..{@code max.difficulty}, or a password over bcrypt's
 * 72 bytes or holding U+0000.
 *
 * <p>{@code createdAt} is informational: when absent or unreadable it decodes as null. Thread-safe.
 */
public final class TaskDecoder {

    private static final int MAX_PASSWORD_BYTES = Limits.MAX_PASSWORD_BYTES;
    private static final int MIN_DIFFICULTY = Limits.MIN_DIFFICULTY;

    private final int maxRecordBytes;
    private final int maxDifficulty;

    /** A decoder with the default limits. */
    public TaskDecoder() {
        this(Limits.DEFAULT_RECORD_MAX_BYTES, Limits.DEFAULT_MAX_DIFFICULTY);
    }

    /**
     * @param maxRecordBytes the largest value it reads ({@code record.max.bytes})
     * @param maxDifficulty  the highest cost it accepts ({@code max.difficulty}), at most bcrypt's 31
     */
    public TaskDecoder(int maxRecordBytes, int maxDifficulty) {
        this.maxRecordBytes = maxRecordBytes;
        this.maxDifficulty = Math.min(maxDifficulty, Limits.MAX_DIFFICULTY);
    }

    /**
     * Decodes and validates one task.
     *
     * @throws InvalidTaskException naming the field and the rule that failed
     */
    public Task decode(byte[] value) throws InvalidTaskException {
        if (value == null) {
            throw invalid("the record has no value; a task is a JSON object with id, password and difficulty");
        }
        if (value.length > maxRecordBytes) {
            throw new InvalidTaskException(InvalidTaskException.RECORD_TOO_LARGE, "the value is " + value.length
                    + " bytes: at most " + maxRecordBytes + " (" + CommonConfigs.RECORD_MAX_BYTES + "); a task is a few hundred");
        }
        JsonNode node;
        try {
            node = Json.parseStrict(value);
        } catch (Json.MalformedJsonException e) {
            throw new InvalidTaskException(InvalidTaskException.MALFORMED_JSON, "not valid JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw invalid("a task must be a JSON object, got " + (node.isMissingNode() ? "nothing" : node.getNodeType()));
        }
        String id = text(node, "id");
        String idProblem = Limits.idProblem("field id", id);
        if (idProblem != null) {
            throw invalid(idProblem);
        }
        return new Task(id, password(node), difficulty(node), createdAt(node));
    }

    private static String password(JsonNode task) throws InvalidTaskException {
        String password = text(task, "password");
        int passwordBytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (passwordBytes > MAX_PASSWORD_BYTES) {
            throw invalid("field password is " + passwordBytes + " bytes in UTF-8; bcrypt takes at most " + MAX_PASSWORD_BYTES);
        }
        if (password.indexOf('\0') >= 0) {
            // C bcrypt reads the password up to its first NUL: "a\0b" and "a\0c" would get the same hash there.
            throw invalid("field password contains U+0000 at " + password.indexOf('\0') + ": bcrypt implementations that read C strings stop there");
        }
        return password;
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

    private int difficulty(JsonNode task) throws InvalidTaskException {
        JsonNode node = task.get("difficulty");
        if (node == null || node.isNull()) {
            throw invalid("missing field difficulty");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid("field difficulty must be an integer from " + MIN_DIFFICULTY + " to " + maxDifficulty + ", got " + node);
        }
        int difficulty = node.intValue();
        if (difficulty < MIN_DIFFICULTY || difficulty > Limits.MAX_DIFFICULTY) {
            throw invalid("field difficulty " + difficulty + " is outside " + MIN_DIFFICULTY + ".." + Limits.MAX_DIFFICULTY);
        }
        if (difficulty > maxDifficulty) {
            throw invalid("field difficulty " + difficulty + " is above this hasher's " + CommonConfigs.MAX_DIFFICULTY + " "
                    + maxDifficulty + " (--max-difficulty, up to " + Limits.MAX_DIFFICULTY + "): each step doubles the work");
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
