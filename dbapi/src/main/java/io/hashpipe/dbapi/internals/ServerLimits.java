package io.hashpipe.dbapi.internals;

/**
 * What one request and one connection may take of the server.
 *
 * @param maxBodyBytes      largest request body (a batch's bytes); larger gets 413
 * @param batchMaxItems     most results in one batch; more gets 413
 * @param readTimeoutMillis longest a request may take to arrive, first byte to last; slower gets 408 and a close
 * @param idleTimeoutMillis longest a connection may wait for its next request before it is closed
 */
public record ServerLimits(int maxBodyBytes, int batchMaxItems, long readTimeoutMillis, long idleTimeoutMillis) {

    /** The defaults of {@code DbApiConfig}. */
    public static final ServerLimits DEFAULTS = new ServerLimits(1 << 20, 1_000, 10_000, 60_000);
}
