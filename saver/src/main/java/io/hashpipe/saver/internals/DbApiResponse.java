package io.hashpipe.saver.internals;

/**
 * One answer of the database API, copied out of Netty's buffers so that it can cross threads.
 *
 * @param status     the HTTP status code
 * @param body       the body as UTF-8 text (JSON from the API; may be anything from a proxy)
 * @param retryAfter the {@code Retry-After} header, or null
 * @param keepAlive  whether the connection may carry the next request
 */
public record DbApiResponse(int status, String body, String retryAfter, boolean keepAlive) {
}
