package io.hashpipe.saver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SaverConfigTest {

    @Test
    void defaultsMatchTheDesign() {
        SaverConfig config = new SaverConfig(Map.of());
        assertEquals("http://127.0.0.1:8080", config.getString(SaverConfig.DB_URL));
        assertEquals("adaptive", config.getString(SaverConfig.MAX_IN_FLIGHT));
        assertTrue(config.adaptiveInFlight());
        assertEquals(5_000, config.maxInFlight());
        assertEquals(1, config.getInt(SaverConfig.BATCH_SIZE));
        assertEquals(10, config.getInt(SaverConfig.MAX_ATTEMPTS));
        assertEquals("hashpipe-saver", config.getString(CommonConfigs.GROUP));
        assertEquals("hashpipe.hashes", config.getString(CommonConfigs.RESULTS_TOPIC));
        assertEquals("127.0.0.1:9092", config.getString(CommonConfigs.BOOTSTRAP_SERVERS));
    }

    @Test
    void keysDeriveTheFlagsTheDesignNames() {
        for (String key : new String[] {SaverConfig.DB_URL, SaverConfig.MAX_IN_FLIGHT, SaverConfig.BATCH_SIZE, SaverConfig.MAX_ATTEMPTS}) {
            assertTrue(SaverConfig.CONFIG_DEF.names().contains(key), key);
        }
        assertEquals("--db-url", flag(SaverConfig.DB_URL));
        assertEquals("--max-in-flight", flag(SaverConfig.MAX_IN_FLIGHT));
        assertEquals("--batch-size", flag(SaverConfig.BATCH_SIZE));
        assertEquals("--max-attempts", flag(SaverConfig.MAX_ATTEMPTS));
    }

    @ParameterizedTest
    @CsvSource({
        "saver.db.url, http://127.0.0.1:8080",
        "saver.db.url, http://localhost",
        "saver.db.url, http://db.example:9000/api/",
        "saver.max.in.flight, 1",
        "saver.max.in.flight, 5000",
        "saver.max.in.flight, adaptive",
        "saver.adaptive.max.in.flight, 1",
        "saver.batch.max.bytes, 1024",
        "saver.batch.linger.ms, 0",
        "saver.batch.size, 1",
        "saver.batch.size, 500",
        "saver.max.attempts, 1",
        "saver.request.timeout.ms, 1",
        "saver.retry.backoff.ms, 1",
        "saver.max.buffered.records, 1",
        "saver.max.buffered.bytes, 1024",
        "saver.commit.interval.ms, 1",
        "saver.drain.timeout.ms, 0",
    })
    void acceptsValidValues(String key, String value) {
        Map<String, String> props = key.equals(SaverConfig.BATCH_SIZE) ? Map.of(key, value) : Map.of(key, value, SaverConfig.BATCH_SIZE, "1");
        SaverConfig config = new SaverConfig(props);
        assertEquals(value, String.valueOf(config.values().get(key)));
    }

    @ParameterizedTest
    @CsvSource({
        "saver.db.url, https://127.0.0.1:8080",
        "saver.db.url, ftp://127.0.0.1",
        "saver.db.url, 127.0.0.1:8080",
        "saver.db.url, http://",
        "saver.db.url, http:///add",
        "saver.db.url, http://host:80/x?y=1",
        "saver.db.url, not a url",
        "saver.max.in.flight, 0",
        "saver.max.in.flight, -5",
        "saver.max.in.flight, many",
        "saver.max.in.flight, 1.5",
        "saver.adaptive.max.in.flight, 0",
        "saver.batch.max.bytes, 1023",
        "saver.batch.linger.ms, -1",
        "saver.batch.size, 0",
        "saver.max.attempts, 0",
        "saver.request.timeout.ms, 0",
        "saver.retry.backoff.ms, 0",
        "saver.retry.backoff.max.ms, 0",
        "saver.max.buffered.records, 0",
        "saver.max.buffered.bytes, 1023",
        "saver.commit.interval.ms, 0",
        "saver.drain.timeout.ms, -1",
        "group, ''",
        "results.topic, ''",
    })
    void rejectsInvalidValuesNamingTheKey(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> new SaverConfig(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void aFixedInFlightLimitIsANumber() {
        SaverConfig config = new SaverConfig(Map.of(SaverConfig.MAX_IN_FLIGHT, " 64 "));
        assertEquals(64, config.maxInFlight());
        assertTrue(!config.adaptiveInFlight());
    }

    @Test
    void inFlightMessageNamesTheChoices() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SaverConfig(Map.of(SaverConfig.MAX_IN_FLIGHT, "lots")));
        assertTrue(e.getMessage().contains("'adaptive' or a whole number of at least 1"), e.getMessage());
    }

    @Test
    void backoffCeilingBelowTheFirstBackoffIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SaverConfig(Map.of(
                SaverConfig.RETRY_BACKOFF_MS, "500", SaverConfig.RETRY_BACKOFF_MAX_MS, "100")));
        assertTrue(e.getMessage().contains(SaverConfig.RETRY_BACKOFF_MAX_MS), e.getMessage());
        assertTrue(e.getMessage().contains(SaverConfig.RETRY_BACKOFF_MS + " (500)"), e.getMessage());
    }

    @Test
    void windowSmallerThanABatchIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SaverConfig(Map.of(
                SaverConfig.BATCH_SIZE, "100", SaverConfig.MAX_BUFFERED_RECORDS, "50")));
        assertTrue(e.getMessage().contains(SaverConfig.MAX_BUFFERED_RECORDS), e.getMessage());
        assertTrue(e.getMessage().contains(SaverConfig.BATCH_SIZE), e.getMessage());
    }

    /** The launcher's rule: strip the service prefix, dots become dashes. */
    private static String flag(String key) {
        return "--" + key.replaceFirst("^saver\\.", "").replace('.', '-');
    }
}
