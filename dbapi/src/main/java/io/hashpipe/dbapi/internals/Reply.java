package io.hashpipe.dbapi.internals;

import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Json;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;

/**
 * An answer before it becomes bytes: a status, a JSON body and the few headers the API sets. Built on any
 * thread; turned into a {@link FullHttpResponse} on the event loop that writes it, so that no buffer is
 * allocated for an answer that is never sent.
 *
 * @param status  the HTTP status
 * @param body    a record or map serialized as the JSON body
 * @param headers more headers (Retry-After, Allow, WWW-Authenticate), by name
 */
public record Reply(HttpResponseStatus status, Object body, Map<CharSequence, String> headers) {

    /** The body of every error: what went wrong and the status again. */
    public record ErrorBody(String error, int status) {
    }

    /** The answer of one stored (or duplicate) result. */
    public record Added(String id, boolean stored) {
    }

    /**
     * The answer of a batch item that was not stored, with the status that applies to it alone:
     * {@link DbApiContract#ITEM_REJECTED} (the item is bad) or {@link DbApiContract#ITEM_UNAVAILABLE} (retry).
     */
    public record ItemError(String id, String error, int status) {
    }

    /** The answer of a batch: one outcome per item, in order. */
    public record Batch(List<Object> results) {
    }

    /** The answer of {@code GET /count}. */
    public record Count(long count) {
    }

    /** The answer of {@code GET /health}. */
    public record Health(String status) {
    }

    public static Reply ok(Object body) {
        return new Reply(HttpResponseStatus.OK, body, Map.of());
    }

    public static Reply error(HttpResponseStatus status, String message) {
        return new Reply(status, new ErrorBody(message, status.code()), Map.of());
    }

    /** A 429 or 503 that tells the client when to try again. */
    public static Reply retryLater(HttpResponseStatus status, String message, long retryAfterSeconds) {
        return new Reply(status, new ErrorBody(message, status.code()),
                retryAfterSeconds > 0 ? Map.of(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds)) : Map.of());
    }

    public static Reply methodNotAllowed(String message, String allow) {
        HttpResponseStatus status = HttpResponseStatus.METHOD_NOT_ALLOWED;
        return new Reply(status, new ErrorBody(message, status.code()), Map.of(HttpHeaderNames.ALLOW, allow));
    }

    /** A 401 that names the scheme the client must use. */
    public static Reply unauthorized(String message) {
        HttpResponseStatus status = HttpResponseStatus.UNAUTHORIZED;
        return new Reply(status, new ErrorBody(message, status.code()),
                Map.of(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"hashpipe-dbapi\""));
    }

    /** The value of header {@code name} this reply sets, or null. */
    public String header(CharSequence name) {
        return headers.get(name);
    }

    /** The HTTP/1.1 response with a JSON body and Content-Length. */
    public FullHttpResponse toResponse() {
        byte[] json = Json.toBytes(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        headers.forEach(response.headers()::set);
        return response;
    }
}
