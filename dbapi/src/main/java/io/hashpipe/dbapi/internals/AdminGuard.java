package io.hashpipe.dbapi.internals;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The credential of the admin endpoints: {@code Authorization: Bearer <dbapi.admin.token>}, compared in
 * constant time. Without a configured token the admin endpoints are off, so that a database API on a
 * network cannot be slowed down or made to fail by whoever reaches its port.
 */
public final class AdminGuard {

    private static final String BEARER = "Bearer ";

    /** The token's bytes, or null when admin is off. */
    private final byte[] token;

    /** @param token the admin token, or null (or blank) for admin off */
    public AdminGuard(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** A guard that lets nobody in. */
    public static AdminGuard off() {
        return new AdminGuard(null);
    }

    /** The answer that refuses a request with {@code headers}, or null when it may go on. */
    public Reply refusal(HttpHeaders headers) {
        if (token == null) {
            return Reply.error(HttpResponseStatus.FORBIDDEN, "the admin endpoints are off: start dbapi with"
                    + " --admin-token (env HASHPIPE_ADMIN_TOKEN) to read and change its settings at runtime");
        }
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Reply.unauthorized("the admin endpoints need the header Authorization: Bearer <the dbapi's --admin-token>");
        }
        byte[] given = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            return Reply.unauthorized("wrong admin token");
        }
        return null;
    }
}
