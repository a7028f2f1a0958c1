package io.hashpipe.dbapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DbApiConfigTest {

    static DbApiConfig config(String key, Object value) {
        Map<String, Object> props = new HashMap<>();
        props.put(key, value);
        return new DbApiConfig(props);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        DbApiConfig config = new DbApiConfig(Map.of());
        assertEquals(8080, config.getInt(DbApiConfig.PORT));
        assertEquals("127.0.0.1", config.getString(DbApiConfig.BIND_ADDRESS), "this machine only unless told");
        assertTrue(config.getString(DbApiConfig.JDBC_URL).startsWith("jdbc:h2:file:./data/"));
        assertEquals(100, config.getInt(DbApiConfig.LATENCY_MS));
        assertEquals(0, config.getInt(DbApiConfig.LATENCY_JITTER_MS));
        assertEquals(0, config.getInt(DbApiConfig.MAX_CONCURRENCY));
        assertEquals(0, config.getInt(DbApiConfig.MAX_RPS));
        assertEquals(0.0, config.getDouble(DbApiConfig.ERROR_RATE));
        assertEquals(0.0, config.getDouble(DbApiConfig.TIMEOUT_RATE));
        assertEquals(1 << 20, config.getInt(DbApiConfig.MAX_BODY_BYTES));
        assertEquals(1_000, config.getInt(DbApiConfig.BATCH_MAX_ITEMS));
        assertEquals(60_000, config.getInt(DbApiConfig.IDLE_TIMEOUT_MS));
        assertEquals(10_000, config.getInt(DbApiConfig.READ_TIMEOUT_MS));
        assertEquals(null, config.adminToken(), "admin off");
    }

    @Test
    void aBlankAdminTokenIsAdminOffAndTheTokenIsNeverPrinted() {
        assertEquals(null, config(DbApiConfig.ADMIN_TOKEN, "  ").adminToken());
        DbApiConfig config = config(DbApiConfig.ADMIN_TOKEN, "s3cret");
        assertEquals("s3cret", config.adminToken());
        assertTrue(!config.values().toString().contains("s3cret"), config.values().toString());
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(DbApiConfig.PORT, -1),
                Arguments.of(DbApiConfig.PORT, 65_536),
                Arguments.of(DbApiConfig.PORT, "http"),
                Arguments.of(DbApiConfig.BIND_ADDRESS, ""),
                Arguments.of(DbApiConfig.BIND_ADDRESS, "no-such-host.invalid"),
                Arguments.of(DbApiConfig.JDBC_URL, ""),
                Arguments.of(DbApiConfig.JDBC_URL, "jdbc:mysql://localhost/db"),
                Arguments.of(DbApiConfig.JDBC_URL, "postgresql://localhost/db"),
                Arguments.of(DbApiConfig.JDBC_URL, "jdbc:h2:mem:plain"),
                Arguments.of(DbApiConfig.JDBC_URL, "jdbc:postgresql://localhost/db?reWriteBatchedInserts=true"),
                Arguments.of(DbApiConfig.JDBC_URL, "jdbc:h2:mem:x\u0007;MODE=PostgreSQL"),
                Arguments.of(DbApiConfig.BATCH_MAX_ITEMS, 0),
                Arguments.of(DbApiConfig.BATCH_MAX_ITEMS, 100_001),
                Arguments.of(DbApiConfig.IDLE_TIMEOUT_MS, 0),
                Arguments.of(DbApiConfig.READ_TIMEOUT_MS, 99),
                Arguments.of(DbApiConfig.LATENCY_MS, -1),
                Arguments.of(DbApiConfig.LATENCY_MS, 600_001),
                Arguments.of(DbApiConfig.LATENCY_JITTER_MS, -5),
                Arguments.of(DbApiConfig.MAX_CONCURRENCY, -1),
                Arguments.of(DbApiConfig.MAX_RPS, -1),
                Arguments.of(DbApiConfig.ERROR_RATE, -0.1),
                Arguments.of(DbApiConfig.ERROR_RATE, 1.01),
                Arguments.of(DbApiConfig.ERROR_RATE, "often"),
                Arguments.of(DbApiConfig.TIMEOUT_RATE, 2),
                Arguments.of(DbApiConfig.TIMEOUT_RATE, "NaN"),
                Arguments.of(DbApiConfig.TIMEOUT_HOLD_MS, 0),
                Arguments.of(DbApiConfig.MAX_BODY_BYTES, 0),
                Arguments.of(DbApiConfig.MAX_BODY_BYTES, -1),
                Arguments.of(DbApiConfig.DB_POOL_SIZE, 0),
                Arguments.of(DbApiConfig.COMMIT_MAX_ROWS, 0),
                Arguments.of(DbApiConfig.COMMIT_WRITERS, 0));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidValues")
    void invalidValueIsRefusedNamingTheKey(String key, Object value) {
        ConfigException e = assertThrows(ConfigException.class, () -> config(key, value));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    static Stream<Arguments> validValues() {
        return Stream.of(
                Arguments.of(DbApiConfig.PORT, 0),
                Arguments.of(DbApiConfig.PORT, 65_535),
                Arguments.of(DbApiConfig.BIND_ADDRESS, "127.0.0.1"),
                Arguments.of(DbApiConfig.BIND_ADDRESS, "localhost"),
                Arguments.of(DbApiConfig.JDBC_URL, "jdbc:h2:mem:x;MODE=PostgreSQL"),
                Arguments.of(DbApiConfig.JDBC_URL, "jdbc:h2:file:/tmp/db;mode=postgresql;DATABASE_TO_LOWER=TRUE"),
                Arguments.of(DbApiConfig.JDBC_URL, "jdbc:postgresql://db:5432/hashpipe?user=app&password=x"),
                Arguments.of(DbApiConfig.LATENCY_MS, 0),
                Arguments.of(DbApiConfig.LATENCY_JITTER_MS, 600_000),
                Arguments.of(DbApiConfig.MAX_RPS, 5_000),
                Arguments.of(DbApiConfig.ERROR_RATE, 1.0),
                Arguments.of(DbApiConfig.ERROR_RATE, "0.5"),
                Arguments.of(DbApiConfig.TIMEOUT_RATE, 0.0));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("validValues")
    void validValueIsAccepted(String key, Object value) {
        config(key, value);
    }

    @Test
    void errorAndTimeoutRatesMustNotAddUpToMoreThanOne() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new DbApiConfig(Map.of(DbApiConfig.ERROR_RATE, 0.6, DbApiConfig.TIMEOUT_RATE, 0.5)));
        assertTrue(e.getMessage().contains(DbApiConfig.ERROR_RATE), e.getMessage());
        assertTrue(e.getMessage().contains(DbApiConfig.TIMEOUT_RATE), e.getMessage());
    }

    @Test
    void writersMustFitInThePool() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new DbApiConfig(Map.of(DbApiConfig.COMMIT_WRITERS, 5, DbApiConfig.DB_POOL_SIZE, 4)));
        assertTrue(e.getMessage().contains(DbApiConfig.COMMIT_WRITERS), e.getMessage());
        assertTrue(e.getMessage().contains(DbApiConfig.DB_POOL_SIZE), e.getMessage());
    }

    @Test
    void everyKeyHasADocForHelp() {
        DbApiConfig.CONFIG_DEF.configKeys().values().forEach(key ->
                assertTrue(key.documentation != null && !key.documentation.isBlank(), key.name));
        DbApiConfig.CONFIG_DEF.names().forEach(name -> assertTrue(name.startsWith("dbapi."), name));
    }
}
