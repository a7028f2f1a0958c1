package io.hashpipe.dbapi.internals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.Limits;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The optional fields of a result object, each read with its type and range checked: null when absent,
 * a {@link BadRequestException} naming the field and the rule when wrong.
 */
final class ResultFields {

    /** Longest text field accepted. */
    static final int MAX_TEXT_CHARS = 200;
    /** The earliest instant accepted: 0001-01-01T00:00:00Z. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest instant accepted, the end of year 9999: every database stores these years. */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private ResultFields() {
    }

    /** A text field: non-blank, at most {@value #MAX_TEXT_CHARS} characters, no control characters. */
    static String text(JsonNode node, String field) throws BadRequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException("\"" + field + "\" must be a string, not " + value.getNodeType());
        }
        return checkText("\"" + field + "\"", value.textValue());
    }

    /** A bcrypt cost, 4 to 31. */
    static Integer difficulty(JsonNode node) throws BadRequestException {
        JsonNode value = node.get("difficulty");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || !Limits.bcryptCost(value.intValue())) {
            throw new BadRequestException("\"difficulty\" is " + value + ": must be a whole number from " + Limits.MIN_DIFFICULTY
                    + " to " + Limits.MAX_DIFFICULTY);
        }
        return value.intValue();
    }

    /** A duration in microseconds, at least 0. */
    static Long micros(JsonNode node) throws BadRequestException {
        JsonNode value = node.get("hashMicros");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new BadRequestException("\"hashMicros\" is " + value + ": must be a whole number of microseconds, at least 0");
        }
        return value.longValue();
    }

    /** An ISO-8601 instant in the years 0001 to 9999, to the microsecond. */
    static Instant instant(JsonNode node, String field) throws BadRequestException {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("\"" + field + "\" is '" + text + "': must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new BadRequestException("\"" + field + "\" is '" + text + "': must lie in the years 0001 to 9999");
        }
        return instant;
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
}
