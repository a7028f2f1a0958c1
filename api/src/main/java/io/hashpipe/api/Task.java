package io.hashpipe.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;

/**
 * One task as its processor sees it: the id and the input of a task record. A task record is a JSON object
 * with a string {@code id} (the result's id, and the key the saver stores it under) and whatever fields the
 * processor reads; binary data travels as a base64 string field.
 *
 * <p>The input holds JDK values: {@code String}, {@code Boolean}, {@code Integer}/{@code Long}/{@code BigInteger}
 * (whole numbers, by size), {@code Double} (numbers with a fraction or an exponent), {@code List},
 * {@code Map<String, Object>} and {@code null}. The accessors below read a field and throw a
 * {@link BadInputException} naming it and the rule, so a processor needs no JSON library.
 */
public interface Task {

    /** The task's id (non-blank, at most 200 characters). */
    String id();

    /** The task record's JSON object, {@code id} included; unmodifiable. */
    Map<String, Object> input();

    /** The task record's headers, the last value of each name; unmodifiable. */
    Map<String, byte[]> headers();

    /** When the stage's time limit for this task runs out: check it (or {@link Thread#interrupted()}) in long loops. */
    Instant deadline();

    /**
     * A task made by hand, for a processor's own tests: no headers, no time limit.
     *
     * @param input the task's fields; {@code id} is added
     */
    static Task of(String id, Map<String, Object> input) {
        return SimpleTask.of(id, input);
    }

    /** Whether the input has {@code field}, even as {@code null}. */
    default boolean has(String field) {
        return input().containsKey(field);
    }

    /** The string {@code field}. */
    default String text(String field) throws BadInputException {
        Object value = required(field);
        if (value instanceof String s) {
            return s;
        }
        throw new BadInputException("field " + field + " must be a string, got " + kind(value));
    }

    /** The whole number {@code field}, from {@code min} to {@code max}. */
    default long integer(String field, long min, long max) throws BadInputException {
        Object value = required(field);
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            BigInteger whole = value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue());
            if (whole.compareTo(BigInteger.valueOf(min)) >= 0 && whole.compareTo(BigInteger.valueOf(max)) <= 0) {
                return whole.longValue();
            }
            throw new BadInputException("field " + field + " is " + whole + ": must be from " + min + " to " + max);
        }
        throw new BadInputException("field " + field + " must be a whole number from " + min + " to " + max + ", got " + kind(value));
    }

    /** The number {@code field}, whole or not. */
    default double number(String field) throws BadInputException {
        Object value = required(field);
        if (value instanceof Number n && !(n instanceof BigDecimal)) {
            return n.doubleValue();
        }
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        throw new BadInputException("field " + field + " must be a number, got " + kind(value));
    }

    /** The boolean {@code field}. */
    default boolean bool(String field) throws BadInputException {
        Object value = required(field);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new BadInputException("field " + field + " must be true or false, got " + kind(value));
    }

    private Object required(String field) throws BadInputException {
        Object value = input().get(field);
        if (value == null) {
            throw new BadInputException("missing field " + field);
        }
        return value;
    }

    private static String kind(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "the number " + value;
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof Iterable) {
            return "an array";
        }
        return value.getClass().getSimpleName();
    }
}
