package io.hashpipe.saver.internals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the database API's answers into per-record {@link Outcome}s: {@code {"id","stored"}} for
 * {@code /add}, {@code {"results":[...]}} for {@code /add/batch}, {@code {"error","status"}} for failures.
 *
 * <p>A 2xx answer that cannot be read is a transient failure: the write is idempotent, so asking again is
 * safe and tells for sure.
 */
public final class ResponseReader {

    /** How much of an unreadable body goes into an error message. */
    private static final int SNIPPET = 200;

    private ResponseReader() {
    }

    /** The outcome of {@code POST /add} for one record. */
    public static Answer single(DbApiResponse response) {
        if (!success(response.status())) {
            return failure(response, 1);
        }
        try {
            JsonNode stored = Json.mapper().readTree(response.body()).get("stored");
            if (stored == null || !stored.isBoolean()) {
                return unreadable(response, 1, "no boolean \"stored\" field");
            }
            return new Answer(response.status(), false, List.of(Outcome.stored(stored.asBoolean(), response.status())));
        } catch (IOException | RuntimeException e) {
            return unreadable(response, 1, e.toString());
        }
    }

    /** The outcomes of {@code POST /add/batch} for records with {@code ids}, in order. */
    public static Answer batch(DbApiResponse response, List<String> ids) {
        if (!success(response.status())) {
            return failure(response, ids.size());
        }
        JsonNode results;
        try {
            results = Json.mapper().readTree(response.body()).get("results");
        } catch (IOException | RuntimeException e) {
            return unreadable(response, ids.size(), e.toString());
        }
        if (results == null || !results.isArray() || results.size() != ids.size()) {
            return unreadable(response, ids.size(), "expected \"results\" with " + ids.size() + " items");
        }
        List<Outcome> outcomes = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode item = results.get(i);
            if (!ids.get(i).equals(item.path("id").asText(null))) {
                return unreadable(response, ids.size(), "item " + i + " has id " + item.path("id") + ", expected " + ids.get(i));
            }
            outcomes.add(item(item, response));
        }
        return new Answer(response.status(), false, outcomes);
    }

    private static Outcome item(JsonNode item, DbApiResponse response) {
        JsonNode error = item.get("error");
        if (error != null && !error.isNull()) {
            // An item's own status, when the API gives one, says whether retrying can help; else assume it can.
            int status = item.path("status").asInt(0);
            boolean retryable = status == 0 || RetryPolicy.retryable(status);
            return Outcome.failed(retryable, status == 0 ? response.status() : status, error.asText(), response.retryAfter());
        }
        JsonNode stored = item.get("stored");
        if (stored == null || !stored.isBoolean()) {
            return Outcome.failed(true, response.status(), "item without \"stored\" or \"error\": " + item, null);
        }
        return Outcome.stored(stored.asBoolean(), response.status());
    }

    /** A non-2xx answer: the same outcome for every record of the request. */
    private static Answer failure(DbApiResponse response, int count) {
        int status = response.status();
        String error = "HTTP " + status + ": " + errorText(response.body());
        return Answer.failedWhole(count, Outcome.failed(RetryPolicy.retryable(status), status, error, response.retryAfter()));
    }

    private static Answer unreadable(DbApiResponse response, int count, String why) {
        return Answer.failedWhole(count, Outcome.failed(true, response.status(),
                "Unreadable answer (HTTP " + response.status() + "): " + why + ": " + snippet(response.body()), null));
    }

    /** The API's {@code error} field, or the start of the body when it is not the API's JSON. */
    static String errorText(String body) {
        try {
            JsonNode error = Json.mapper().readTree(body).get("error");
            if (error != null && !error.isNull()) {
                return error.asText();
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON (a proxy's page, say): the body itself is the best description.
        }
        return snippet(body);
    }

    private static String snippet(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= SNIPPET ? text : text.substring(0, SNIPPET) + "...";
    }

    private static boolean success(int status) {
        return status >= 200 && status < 300;
    }
}
