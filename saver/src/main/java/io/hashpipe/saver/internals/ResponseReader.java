package io.hashpipe.saver.internals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Json;
import io.hashpipe.saver.internals.Outcome.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the API's answers into per-record {@link Outcome}s. Success is the API's word: a success status
 * means stored, whatever the body; a JSON body with a boolean {@code stored} (hashpipe's dbapi) tells a
 * duplicate from a new row. A bulk answer is read per item when it is hashpipe's {@code {"results": [...]}}
 * for exactly the records sent.
 *
 * <p>A failure is classified by whom it is about: the record ({@link Kind#REJECTED}), the API's health
 * ({@link Kind#UNAVAILABLE}) or the saver's configuration ({@link Kind#MISCONFIGURED}). Thread-safe.
 */
public final class ResponseReader {

    private static final Logger log = LoggerFactory.getLogger(ResponseReader.class);
    /** How much of an unreadable body goes into an error message. */
    private static final int SNIPPET = 200;

    private final SuccessStatuses success;
    private volatile boolean warnedUnreadBatch;

    public ResponseReader(SuccessStatuses success) {
        this.success = success;
    }

    /** The outcome of a request for one record. */
    public Answer single(DbApiResponse response) {
        if (!success.success(response.status())) {
            return failure(response, 1);
        }
        JsonNode stored = field(response.body(), DbApiContract.FIELD_STORED);
        boolean duplicate = stored != null && stored.isBoolean() && !stored.asBoolean();
        return Answer.taken(response.status(), List.of(Outcome.stored(!duplicate, response.status())));
    }

    /** The outcomes of a bulk request for records with {@code ids}, in order. */
    public Answer batch(DbApiResponse response, List<String> ids) {
        if (!success.success(response.status())) {
            return failure(response, ids.size());
        }
        JsonNode items = field(response.body(), DbApiContract.FIELD_RESULTS);
        List<Outcome> outcomes = new ArrayList<>(ids.size());
        for (int i = 0; items != null && items.isArray() && items.size() == ids.size() && i < ids.size(); i++) {
            JsonNode item = items.get(i);
            if (!ids.get(i).equals(item.path(DbApiContract.FIELD_ID).asText(null))) {
                break;
            }
            outcomes.add(item(item, response));
        }
        if (outcomes.size() == ids.size()) {
            return Answer.taken(response.status(), outcomes);
        }
        if (!warnedUnreadBatch) {
            warnedUnreadBatch = true;
            log.warn("The bulk endpoint answered HTTP {} without a per-item \"results\" list matching the request ({}); "
                    + "counting every record of such answers as stored", response.status(), snippet(response.body()));
        }
        return Answer.taken(response.status(), Collections.nCopies(ids.size(), Outcome.stored(true, response.status())));
    }

    private static Outcome item(JsonNode item, DbApiResponse response) {
        JsonNode error = item.get(DbApiContract.FIELD_ERROR);
        if (error != null && !error.isNull()) {
            // The item's own status says whether sending it again can help; without one, assume it can.
            int status = item.path(DbApiContract.FIELD_STATUS).asInt(0);
            Kind kind = status == 0 || unavailable(status) ? Kind.UNAVAILABLE : Kind.REJECTED;
            return Outcome.failed(kind, status == 0 ? response.status() : status, error.asText(), response.retryAfter());
        }
        JsonNode stored = item.get(DbApiContract.FIELD_STORED);
        return Outcome.stored(stored == null || !stored.isBoolean() || stored.asBoolean(), response.status());
    }

    /** A non-success answer: the same outcome for every record of the request. */
    private Answer failure(DbApiResponse response, int count) {
        int status = response.status();
        String error = "HTTP " + status + ": " + errorText(response.body());
        return Answer.failedWhole(count, Outcome.failed(kindOf(status), status, error, response.retryAfter()));
    }

    /** Who a non-success status is about. */
    Kind kindOf(int status) {
        if (unavailable(status)) {
            return Kind.UNAVAILABLE;
        }
        boolean wrongEndpoint = status == 404 || status == 405 || status == 501;
        boolean refusedCredentials = status == 401 || status == 403 || status == 407;
        // Below 400: a redirect (not followed: the URL is not the endpoint's), or a 2xx outside --success-status.
        return wrongEndpoint || refusedCredentials || status < 400 ? Kind.MISCONFIGURED : Kind.REJECTED;
    }

    /** 408, 429 and 5xx other than 501: the API cannot answer now, whatever the record. */
    static boolean unavailable(int status) {
        return status == 408 || status == 429 || (status >= 500 && status != 501);
    }

    /** The API's {@code error} field, or the start of the body when it is not the API's JSON. */
    static String errorText(String body) {
        JsonNode error = field(body, DbApiContract.FIELD_ERROR);
        return error != null && !error.isNull() ? error.asText() : snippet(body);
    }

    /** A top-level field of a JSON object body, or null when the body is not one. */
    private static JsonNode field(String body, String name) {
        if (body == null || body.isBlank() || body.strip().charAt(0) != '{') {
            return null;
        }
        try {
            return Json.mapper().readTree(body).get(name);
        } catch (IOException | RuntimeException e) {
            return null; // not JSON after all (a proxy's page, say): the body tells nothing more
        }
    }

    static String snippet(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= SNIPPET ? text : text.substring(0, SNIPPET) + "...";
    }
}
