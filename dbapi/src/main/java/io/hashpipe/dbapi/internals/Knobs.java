package io.hashpipe.dbapi.internals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The experiment's knobs: latency, capacity limits and injected faults, as one immutable value that
 * {@code PUT /admin/settings} replaces as a whole.
 *
 * @param latencyMs       minimum milliseconds before a write is answered
 * @param latencyJitterMs random extra milliseconds, uniform in 0..jitter
 * @param maxConcurrency  writes in progress beyond which a write gets 503; 0 = unbounded
 * @param maxRps          writes per second beyond which a write gets 429; 0 = unbounded
 * @param errorRate       fraction of writes answered 503 without storing
 * @param timeoutRate     fraction of writes never answered
 */
public record Knobs(int latencyMs, int latencyJitterMs, int maxConcurrency, int maxRps, double errorRate,
                    double timeoutRate) {

    /** Upper bound of latency and jitter: ten minutes. */
    public static final int MAX_LATENCY_MS = 600_000;
    /** Upper bound of the concurrency and rate limits. */
    public static final int MAX_LIMIT = 1_000_000;

    /** @throws IllegalArgumentException naming the field, the value and the rule */
    public Knobs {
        requireBetween("latencyMs", latencyMs, 0, MAX_LATENCY_MS);
        requireBetween("latencyJitterMs", latencyJitterMs, 0, MAX_LATENCY_MS);
        requireBetween("maxConcurrency", maxConcurrency, 0, MAX_LIMIT);
        requireBetween("maxRps", maxRps, 0, MAX_LIMIT);
        requireFraction("errorRate", errorRate);
        requireFraction("timeoutRate", timeoutRate);
        if (errorRate + timeoutRate > 1.0) {
            throw new IllegalArgumentException("errorRate + timeoutRate is " + (errorRate + timeoutRate)
                    + ": must be at most 1, they are fractions of the same writes");
        }
    }

    /**
     * These knobs with the fields present in {@code changes} replaced; fields left out keep their value.
     *
     * @throws IllegalArgumentException for a field that is unknown, of the wrong type or out of range
     */
    public Knobs with(JsonNode changes) {
        if (changes == null || !changes.isObject()) {
            throw new IllegalArgumentException("settings must be a JSON object, e.g. {\"latencyMs\": 50}");
        }
        int latency = latencyMs;
        int jitter = latencyJitterMs;
        int concurrency = maxConcurrency;
        int rps = maxRps;
        double errors = errorRate;
        double timeouts = timeoutRate;
        for (Map.Entry<String, JsonNode> field : changes.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "latencyMs" -> latency = intValue("latencyMs", value);
                case "latencyJitterMs" -> jitter = intValue("latencyJitterMs", value);
                case "maxConcurrency" -> concurrency = intValue("maxConcurrency", value);
                case "maxRps" -> rps = intValue("maxRps", value);
                case "errorRate" -> errors = fraction("errorRate", value);
                case "timeoutRate" -> timeouts = fraction("timeoutRate", value);
                default -> throw new IllegalArgumentException("unknown setting '" + field.getKey() + "': known are"
                        + " latencyMs, latencyJitterMs, maxConcurrency, maxRps, errorRate, timeoutRate");
            }
        }
        return new Knobs(latency, jitter, concurrency, rps, errors, timeouts);
    }

    private static int intValue(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(name + " is " + value + ": must be a whole number");
        }
        return value.intValue();
    }

    private static double fraction(String name, JsonNode value) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException(name + " is " + value + ": must be a number between 0 and 1");
        }
        return value.doubleValue();
    }

    private static void requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " is " + value + ": must be between " + min + " and " + max);
        }
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " is " + value + ": must be between 0 and 1");
        }
    }
}
