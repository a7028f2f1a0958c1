package io.hashpipe.dbapi;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts database API servers for tests: ephemeral port on 127.0.0.1, no latency unless told. */
final class TestServers {

    /** The admin token every test server starts with; {@link Http#asAdmin} sends it. */
    static final String ADMIN_TOKEN = "test-admin-token";

    private TestServers() {
    }

    /** The JDBC URL of an H2 file database in {@code dir}. */
    static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    /**
     * The settings of a test server: ephemeral port, loopback, {@code jdbcUrl}, no latency, the admin token
     * {@value #ADMIN_TOKEN}, then {@code overrides}.
     */
    static Map<String, Object> settings(String jdbcUrl, Map<String, ?> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(DbApiConfig.PORT, 0);
        props.put(DbApiConfig.BIND_ADDRESS, "127.0.0.1");
        props.put(DbApiConfig.JDBC_URL, jdbcUrl);
        props.put(DbApiConfig.LATENCY_MS, 0);
        props.put(DbApiConfig.ADMIN_TOKEN, ADMIN_TOKEN);
        props.putAll(overrides);
        return props;
    }

    static DbApiServer start(String jdbcUrl, MeterRegistry registry, Map<String, ?> overrides) {
        DbApiServer server = new DbApiServer(new DbApiConfig(settings(jdbcUrl, overrides)), registry);
        server.start();
        return server;
    }
}
