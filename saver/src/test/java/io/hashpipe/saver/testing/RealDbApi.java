package io.hashpipe.saver.testing;

import io.hashpipe.dbapi.DbApiConfig;
import io.hashpipe.dbapi.DbApiServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The real database API (Netty, H2 in a temporary directory) on an ephemeral loopback port, for tests. */
public final class RealDbApi implements AutoCloseable {

    private final DbApiServer server;
    private final String jdbcUrl;

    private RealDbApi(DbApiServer server, String jdbcUrl) {
        this.server = server;
        this.jdbcUrl = jdbcUrl;
    }

    /** Starts it with {@code knobs} (dbapi keys, e.g. {@link DbApiConfig#MAX_CONCURRENCY}) over no latency. */
    public static RealDbApi start(Path dir, Map<String, ?> knobs) {
        Map<String, Object> props = new HashMap<>();
        props.put(DbApiConfig.PORT, 0);
        props.put(DbApiConfig.BIND_ADDRESS, "127.0.0.1");
        String jdbcUrl = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        props.put(DbApiConfig.JDBC_URL, jdbcUrl);
        props.put(DbApiConfig.LATENCY_MS, 0);
        props.putAll(knobs);
        DbApiServer server = new DbApiServer(new DbApiConfig(props), new SimpleMeterRegistry());
        server.start();
        return new RealDbApi(server, jdbcUrl);
    }

    /**
     * Makes every write fail as a database failure does: the table is renamed away through a connection of
     * this JVM (H2 shares the open database). {@link #mendDatabase} puts it back.
     */
    public void breakDatabase() {
        sql("ALTER TABLE results RENAME TO results_away");
    }

    public void mendDatabase() {
        sql("ALTER TABLE results_away RENAME TO results");
    }

    private void sql(String statement) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + " failed", e);
        }
    }

    public URI url() {
        return server.uri();
    }

    public long count() {
        return server.store().count();
    }

    /** The hash stored for {@code id}, or null. */
    public String storedHash(String id) {
        return server.store().find(id).map(row -> row.hash()).orElse(null);
    }

    /** Every stored row's id, duplicates included (there must be none). */
    public List<String> storedIds() {
        List<String> ids = new ArrayList<>();
        server.store().forEach(row -> ids.add(row.id()));
        return ids;
    }

    @Override
    public void close() {
        server.close();
    }
}
