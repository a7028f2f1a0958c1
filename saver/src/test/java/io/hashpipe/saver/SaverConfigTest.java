package io.hashpipe.saver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        "saver.db.url, https://127.0.0.1:8443/items",
        "saver.db.url, http://host:80/x?api-version=2",
        "saver.db.body, hash",
        "saver.success.status, 200",
        "saver.success.status, '200,201,204'",
        "saver.success.status, 2xx",
        "saver.max.outage, 0",
        "saver.max.outage, 30s",
        "saver.max.outage, 10m",
        "saver.max.outage, PT2H",
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
        "saver.db.url, ftp://127.0.0.1",
        "saver.db.url, http://host/add#frag",
        "saver.db.body, xml",
        "saver.success.status, 3xx",
        "saver.success.status, '200,404'",
        "saver.success.status, ok",
        "saver.success.status, 99",
        "saver.max.outage, -1s",
        "saver.max.outage, 10 minutes",
        "saver.max.outage, forever",
        "saver.db.truststore, /no/such/truststore.p12",
        "saver.db.url, 127.0.0.1:8080",
        "saver.db.url, http://",
        "saver.db.url, http:///add",
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

    @Test
    void anEmptyPathIsHashpipesDbApiAndAFullPathIsTheWriteEndpoint() {
        var base = new SaverConfig(Map.of(SaverConfig.DB_URL, "http://db:8080")).endpoint();
        assertEquals("/add", base.writeTarget());
        assertEquals("/add/batch", base.batchTarget());
        assertEquals("db:8080", base.hostHeader());
        var slash = new SaverConfig(Map.of(SaverConfig.DB_URL, "https://db/")).endpoint();
        assertEquals("/add", slash.writeTarget());
        assertEquals("db", slash.hostHeader());
        assertEquals(443, slash.port());
        var prefixed = new SaverConfig(Map.of(SaverConfig.DB_URL, "http://db/api/add?v=2")).endpoint();
        assertEquals("/api/add?v=2", prefixed.writeTarget());
        assertEquals("/api/add/batch?v=2", prefixed.batchTarget());
        var own = new SaverConfig(Map.of(SaverConfig.DB_URL, "http://db/hashes", SaverConfig.DB_BATCH_URL, "http://db/hashes/bulk")).endpoint();
        assertEquals("/hashes", own.writeTarget());
        assertEquals("/hashes/bulk", own.batchTarget());
        assertNull(new SaverConfig(Map.of(SaverConfig.DB_URL, "http://db/hashes")).endpoint().batchTarget());
    }

    @Test
    void bulkModeAgainstAnotherApiNeedsItsBulkUrlAndJson() {
        ConfigException noBulkUrl = assertThrows(ConfigException.class, () -> new SaverConfig(Map.of(
                SaverConfig.DB_URL, "http://db/hashes", SaverConfig.BATCH_SIZE, "10")));
        assertTrue(noBulkUrl.getMessage().contains(SaverConfig.DB_BATCH_URL), noBulkUrl.getMessage());
        ConfigException hashBody = assertThrows(ConfigException.class, () -> new SaverConfig(Map.of(
                SaverConfig.DB_BODY, "hash", SaverConfig.BATCH_SIZE, "10")));
        assertTrue(hashBody.getMessage().contains(SaverConfig.DB_BODY), hashBody.getMessage());
        ConfigException otherHost = assertThrows(ConfigException.class, () -> new SaverConfig(Map.of(
                SaverConfig.DB_URL, "http://db/add", SaverConfig.DB_BATCH_URL, "http://other/add/batch")));
        assertTrue(otherHost.getMessage().contains("same") || otherHost.getMessage().contains("scheme, host and port"), otherHost.getMessage());
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutShowingThem() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SaverConfig(Map.of(SaverConfig.DB_URL, "http://me:s3cret@db/add")));
        assertTrue(e.getMessage().contains(SaverConfig.DB_URL) && e.getMessage().contains("--db-header"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void headersFromTheFlagAndTheFileAreSentAndNeverShown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("headers");
        Files.writeString(file, "# the API's key\nX-Api-Key: k3y-from-file\n\nX-Tenant: blue\n");
        SaverConfig config = new SaverConfig(Map.of(SaverConfig.DB_HEADER, "Authorization: Bearer s3cret\nAccept: application/json, text/plain",
                SaverConfig.DB_HEADER_FILE, file.toString()));
        var headers = config.endpoint().headers().list();
        assertEquals(List.of("Authorization", "Accept", "X-Api-Key", "X-Tenant"), headers.stream().map(h -> h.name()).toList());
        assertEquals("Bearer s3cret", headers.get(0).value());
        assertEquals("application/json, text/plain", headers.get(1).value());
        assertEquals("k3y-from-file", headers.get(2).value());
        String shown = config.endpoint().headers() + " " + headers + " " + config.values() + " " + config.getPassword(SaverConfig.DB_HEADER);
        assertFalse(shown.contains("s3cret") || shown.contains("k3y"), shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "no colon here | not 'Name: value'",
        ": value | not 'Name: value'",
        "Bad Name: s3cret | header name",
        "Host: s3cret | set by the saver",
        "Content-Length: 5 | set by the saver",
        "X-Key: s3cr\u0001et | printable ASCII",
    })
    void aBadHeaderNamesTheLineAndTheRuleButNotTheValue(String line, String rule) {
        ConfigException e = assertThrows(ConfigException.class, () -> new SaverConfig(Map.of(SaverConfig.DB_HEADER, "X-Ok: 1\n" + line)));
        assertTrue(e.getMessage().contains(SaverConfig.DB_HEADER), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr"), e.getMessage());
    }

    @Test
    void aMissingHeadersFileNamesTheKeyAndThePath() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SaverConfig(Map.of(SaverConfig.DB_HEADER_FILE, "/no/such/headers")));
        assertTrue(e.getMessage().contains(SaverConfig.DB_HEADER_FILE) && e.getMessage().contains("/no/such/headers"), e.getMessage());
    }

    @Test
    void maxOutageReadsAsADuration() {
        assertEquals(Duration.ZERO, new SaverConfig(Map.of()).maxOutage());
        assertEquals(Duration.ofMinutes(10), new SaverConfig(Map.of(SaverConfig.MAX_OUTAGE, "10m")).maxOutage());
        assertEquals(Duration.ofMillis(1500), new SaverConfig(Map.of(SaverConfig.MAX_OUTAGE, "1500ms")).maxOutage());
    }

    /** The launcher's rule: strip the service prefix, dots become dashes. */
    private static String flag(String key) {
        return "--" + key.replaceFirst("^saver\\.", "").replace('.', '-');
    }
}
