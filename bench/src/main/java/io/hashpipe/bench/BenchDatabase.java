package io.hashpipe.bench;

import io.hashpipe.dbapi.DbApiConfig;
import io.hashpipe.dbapi.DbApiServer;
import io.hashpipe.dbapi.ResultStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The database one strategy run writes to: a fresh database API on an in-memory H2 database started by the
 * bench, or an existing API ({@code --db-url}), where the run's ids carry their own namespace instead.
 */
public final class BenchDatabase implements AutoCloseable {

    /** Null for an existing API. */
    private final DbApiServer server;
    private final URI uri;

    private BenchDatabase(DbApiServer server, URI uri) {
        this.server = server;
        this.uri = uri;
    }

    /**
     * The settings of a bench-started database API: the latency, the classic database's concurrency limit
     * and, when above 0, a requests-per-second limit. Also given to the pipeline's own API.
     */
    public static Map<String, String> settings(long latencyMs, int maxConcurrency, int maxRps) {
        Map<String, String> props = new HashMap<>();
        props.put(DbApiConfig.LATENCY_MS, Long.toString(latencyMs));
        props.put(DbApiConfig.MAX_CONCURRENCY, Integer.toString(maxConcurrency));
        props.put(DbApiConfig.MAX_RPS, Integer.toString(maxRps));
        return props;
    }

    /** Starts a fresh database API on 127.0.0.1 (any free port) over a new in-memory H2 database. */
    public static BenchDatabase startLocal(Map<String, String> settings) {
        Map<String, String> props = new HashMap<>(settings);
        props.put(DbApiConfig.PORT, "0");
        props.put(DbApiConfig.BIND_ADDRESS, "127.0.0.1");
        props.put(DbApiConfig.JDBC_URL, "jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        DbApiServer server = new DbApiServer(new DbApiConfig(props), new SimpleMeterRegistry());
        server.start();
        return new BenchDatabase(server, server.uri());
    }

    /** An existing database API at {@code uri}; closing it does nothing. */
    public static BenchDatabase existing(URI uri) {
        return new BenchDatabase(null, uri);
    }

    /** The API's base URI. */
    public URI uri() {
        return uri;
    }

    /** Whether the bench started this API (and so can read its database directly). */
    public boolean local() {
        return server != null;
    }

    /**
     * The stored rows of {@code ids}: read from the database itself for a local API, else with one
     * {@code GET /results/{id}} per id.
     */
    public ResultStore results(Collection<String> ids) {
        return server != null ? server.store() : new RemoteResults(uri, ids);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
