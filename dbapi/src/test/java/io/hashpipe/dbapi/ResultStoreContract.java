package io.hashpipe.dbapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.dbapi.internals.DbApiMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the database API stores, through HTTP and read back through {@link ResultStore}: the same tests
 * on every database (H2 and PostgreSQL subclasses).
 */
abstract class ResultStoreContract {

    static final String HASH = "$2b$08$mMHdd5Axr9b1RBbTCGdWxuIJpMiq0zMUGNuOHtVoTqyrT9uF.o7Oi";

    protected final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    protected DbApiServer server;
    protected Http http;
    private String jdbcUrl;

    /** Subclasses call this from their {@code @BeforeEach} with their database. */
    protected void startServer(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        // Small group commits so that a few hundred concurrent writes span several transactions.
        server = TestServers.start(jdbcUrl, registry, Map.of(DbApiConfig.COMMIT_MAX_ROWS, 16));
        http = new Http(server.uri());
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bareHashIsStoredUnderAGeneratedId() {
        JsonNode answer = Http.json(http.post("/add", HASH));
        String id = answer.get("id").asText();
        assertTrue(answer.get("stored").asBoolean());
        UUID.fromString(id);
        StoredResult row = server.store().find(id).orElseThrow();
        assertEquals(HASH, row.hash());
        assertNull(row.difficulty());
        assertNull(row.hashedAt());
        assertNull(row.hashMicros());
        assertNull(row.hasher());
        assertTrue(row.storedAt().isAfter(Instant.now().minusSeconds(600)));
    }

    @Test
    void resultJsonIsStoredWithEveryField() {
        Instant hashedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Result result = new Result("task-1", HASH, 8, hashedAt, 61_234, "host-a/1");
        assertEquals("{\"id\":\"task-1\",\"stored\":true}", http.post("/add", Json.toString(result)).body());
        StoredResult row = server.store().find("task-1").orElseThrow();
        assertEquals(new StoredResult("task-1", HASH, 8, hashedAt, 61_234L, "host-a/1", row.storedAt()), row);
    }

    @Test
    void duplicateIdIsStoredOnce() {
        String body = "{\"id\": \"dup\", \"hash\": \"" + HASH + "\"}";
        assertTrue(Http.json(http.post("/add", body)).get("stored").asBoolean());
        HttpResponse<String> second = http.post("/add", "{\"id\": \"dup\", \"hash\": \"" + TestHashes.hash(9) + "\"}");
        assertEquals(200, second.statusCode());
        assertFalse(Http.json(second).get("stored").asBoolean());
        assertEquals(1, server.store().count());
        assertEquals(HASH, server.store().find("dup").orElseThrow().hash(), "the first write wins");
        assertEquals(1.0, registry.get(DbApiMeters.ROWS_DUPLICATE).counter().count());
    }

    @Test
    void idempotencyKeyNamesABareHash() {
        assertEquals("{\"id\":\"key-1\",\"stored\":true}", http.post("/add", HASH, "Idempotency-Key", "key-1").body());
        assertEquals("{\"id\":\"key-1\",\"stored\":false}", http.post("/add", HASH, "Idempotency-Key", "key-1").body());
        assertEquals(1, server.store().count());
    }

    @Test
    void batchAnswersEachItemInOrder() {
        http.post("/add", HASH, "Idempotency-Key", "before");
        String batch = "[{\"id\": \"a\", \"hash\": \"" + TestHashes.hash(1) + "\"}, {\"id\": \"a\", \"hash\": \"" + TestHashes.hash(2) + "\"},"
                + " {\"id\": \"bad\"}, {\"id\": \"before\", \"hash\": \"" + TestHashes.hash(3) + "\"},"
                + " {\"id\": \"b\", \"hash\": \"" + TestHashes.hash(4) + "\", \"difficulty\": 4}, 17]";
        HttpResponse<String> response = http.post("/add/batch", batch);
        assertEquals(200, response.statusCode());
        JsonNode results = Http.json(response).get("results");
        assertEquals(6, results.size());
        assertEquals("{\"id\":\"a\",\"stored\":true}", results.get(0).toString());
        assertEquals("{\"id\":\"a\",\"stored\":false}", results.get(1).toString(), "the same id twice in one batch");
        assertEquals("bad", results.get(2).get("id").asText());
        assertTrue(results.get(2).get("error").asText().contains("hash"), results.get(2).toString());
        assertEquals(DbApiContract.ITEM_REJECTED, results.get(2).get("status").asInt(), "a bad item says retrying cannot help");
        assertEquals("{\"id\":\"before\",\"stored\":false}", results.get(3).toString());
        assertEquals("{\"id\":\"b\",\"stored\":true}", results.get(4).toString());
        assertTrue(results.get(5).has("error"), results.get(5).toString());
        assertEquals(DbApiContract.ITEM_REJECTED, results.get(5).get("status").asInt(), results.get(5).toString());
        assertEquals(3, server.store().count());
        assertEquals(TestHashes.hash(1), server.store().find("a").orElseThrow().hash());
        assertEquals(4, server.store().find("b").orElseThrow().difficulty());
    }

    @Test
    void anyIdTravelsPercentEncodedInTheIdempotencyKey() {
        String id = " t\u00e2che \u4efb\u52a1 \ud83d\ude00 ";
        String body = "{\"id\": \"" + id + "\", \"hash\": \"" + HASH + "\"}";
        HttpResponse<String> response = http.post("/add", body, DbApiContract.IDEMPOTENCY_KEY, DbApiContract.encodeKey(id));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(id, Http.json(response).get("id").asText());
        assertEquals(HASH, server.store().find(id).orElseThrow().hash());
        HttpResponse<String> bare = http.post("/add", HASH, DbApiContract.IDEMPOTENCY_KEY, DbApiContract.encodeKey("bare " + id));
        assertEquals("bare " + id, Http.json(bare).get("id").asText(), bare.body());
        HttpResponse<String> malformed = http.post("/add", HASH, DbApiContract.IDEMPOTENCY_KEY, "50%-off");
        assertEquals(400, malformed.statusCode());
        assertTrue(Http.json(malformed).get("error").asText().contains(DbApiContract.IDEMPOTENCY_KEY), malformed.body());
    }

    @Test
    void countAndResultEndpointsReadTheDatabase() {
        http.post("/add", "{\"id\": \"r1\", \"hash\": \"" + HASH + "\", \"difficulty\": 8}");
        assertEquals("{\"count\":1}", http.get("/count").body());
        JsonNode row = Http.json(http.get("/results/r1"));
        assertEquals("r1", row.get("id").asText());
        assertEquals(HASH, row.get("hash").asText());
        assertEquals(8, row.get("difficulty").asInt());
        assertTrue(row.get("hashedAt").isNull());
        Instant.parse(row.get("storedAt").asText());
        HttpResponse<String> missing = http.get("/results/nope");
        assertEquals(404, missing.statusCode());
        assertEquals(404, Http.json(missing).get("status").asInt());
    }

    @Test
    void forEachStreamsEveryRow() {
        Set<String> ids = new HashSet<>();
        for (int chunk = 0; chunk < 3; chunk++) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String id = "row-" + chunk + "-" + i;
                ids.add(id);
                items.add("{\"id\": \"" + id + "\", \"hash\": \"" + HASH + "\"}");
            }
            assertEquals(200, http.post("/add/batch", "[" + String.join(",", items) + "]").statusCode());
        }
        Set<String> seen = new HashSet<>();
        server.store().forEach(row -> assertTrue(seen.add(row.id()), "twice: " + row.id()));
        assertEquals(ids, seen);
        assertEquals(1500, server.store().count());
    }

    @Test
    void concurrentAddsOfDistinctIdsStoreEveryRow() {
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 200)
                .mapToObj(i -> http.postAsync("/add", HASH, "Idempotency-Key", "c-" + i)).toList();
        answers.forEach(answer -> assertEquals("true", Http.json(answer.join()).get("stored").asText()));
        assertEquals(200, server.store().count());
        assertEquals(200.0, registry.get(DbApiMeters.ROWS_STORED).counter().count());
        assertTrue(registry.get(DbApiMeters.COMMIT_ROWS).summary().count() >= 200 / 16);
    }

    @Test
    void concurrentAddsOfOneIdStoreItOnce() {
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 100)
                .mapToObj(i -> http.postAsync("/add", "{\"id\": \"same\", \"hash\": \"" + TestHashes.hash(i) + "\"}")).toList();
        Map<Boolean, Long> outcomes = answers.stream()
                .map(answer -> Http.json(answer.join()).get("stored").asBoolean())
                .collect(Collectors.groupingBy(stored -> stored, Collectors.counting()));
        assertEquals(Map.of(true, 1L, false, 99L), outcomes);
        assertEquals(1, server.store().count());
    }

    /** What a database refuses (PostgreSQL: a year beyond 294276, a NUL) is refused before it: 400, never the SQL. */
    @Test
    void valuesTheDatabaseCouldNotStoreAre400BeforeItAndNameNoSql() {
        List<HttpResponse<String>> refused = List.of(
                http.post("/add", "{\"id\": \"far\", \"hash\": \"" + HASH + "\", \"hashedAt\": \"+294277-01-01T00:00:00Z\"}"),
                http.post("/add", "{\"id\": \"n\\u0000ul\", \"hash\": \"" + HASH + "\"}"),
                http.post("/add", HASH, DbApiContract.IDEMPOTENCY_KEY, "%00"),
                http.get("/results/%00"));
        for (HttpResponse<String> answer : refused) {
            assertEquals(400, answer.statusCode(), answer.body());
            assertFalse(answer.body().contains("INSERT") || answer.body().contains("SELECT") || answer.body().contains("ERROR:"), answer.body());
        }
        assertEquals(0, server.store().count());
    }

    /** A valid request the database fails (here its table is gone) is a 503 to retry, without the database's words. */
    @Test
    void aDatabaseFailureIs503WithoutInternals() throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE results");
        }
        List<HttpResponse<String>> failed = List.of(http.post("/add", HASH, "Idempotency-Key", "k"),
                http.get("/results/k"), http.get("/count"));
        for (HttpResponse<String> answer : failed) {
            assertEquals(503, answer.statusCode(), answer.body());
            assertEquals("{\"error\":\"the database is unavailable; retry later\",\"status\":503}", answer.body());
            assertEquals("1", answer.headers().firstValue("Retry-After").orElseThrow());
        }
        HttpResponse<String> batch = http.post("/add/batch", "[{\"id\": \"b\", \"hash\": \"" + HASH + "\"}]");
        assertEquals(200, batch.statusCode());
        assertEquals("{\"results\":[{\"id\":\"b\",\"error\":\"not stored: the database is unavailable; retry\",\"status\":503}]}",
                batch.body());
    }

    @Test
    void anotherProcessorsResultIsStoredOnceAsItsJsonAndReadBack() throws Exception {
        String body = "{\"id\": \"s1\", \"processor\": \"sha256\", \"digest\": \"ab12\", \"rounds\": [1, 2.5, null]}";
        assertEquals("{\"id\":\"s1\",\"stored\":true}", http.post("/add", body).body());
        assertEquals("{\"id\":\"s1\",\"stored\":false}", http.post("/add", body).body());
        StoredResult row = server.store().find("s1").orElseThrow();
        assertEquals("sha256", row.processor());
        assertNull(row.hash());
        assertEquals(Json.parseStrict(body), Json.parseStrict(row.output()));
        JsonNode read = Http.json(http.get("/results/s1"));
        assertEquals("ab12", read.get("output").get("digest").asText(), read.toString());
        assertEquals("{\"results\":[{\"id\":\"s2\",\"stored\":true},{\"id\":\"s3\",\"error\":\"\\\"processor\\\" is 'No Such': a processor's name is 1 to 40 lower-case letters, digits and -\",\"status\":400}]}",
                http.post("/add/batch", "[{\"id\": \"s2\", \"processor\": \"wc\", \"words\": 3},"
                        + " {\"id\": \"s3\", \"processor\": \"No Such\"}]").body());
        assertEquals(2, server.store().count());
        assertEquals(400, http.post("/add", "{\"id\": \"x\", \"processor\": 7}").statusCode(), "a processor that is not a name is bcrypt's, and needs a hash");
    }

    /** A results table made before processors existed gets its new columns; its rows stay and read as before. */
    @Test
    void aTableFromBeforeProcessorsIsMigratedKeepingItsRows() throws Exception {
        server.close();
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE results");
            statement.execute("CREATE TABLE results (id VARCHAR(255) PRIMARY KEY, hash VARCHAR(255) NOT NULL, difficulty INTEGER, "
                    + "hashed_at TIMESTAMP WITH TIME ZONE, hash_micros BIGINT, hasher VARCHAR(255), stored_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            statement.execute("INSERT INTO results (id, hash, difficulty, stored_at) VALUES ('old', '" + HASH + "', 8, CURRENT_TIMESTAMP)");
        }
        startServer(jdbcUrl);
        StoredResult old = server.store().find("old").orElseThrow();
        assertEquals(new StoredResult("old", HASH, 8, null, null, null, old.storedAt()), old);
        assertEquals(200, http.post("/add", "{\"id\": \"new\", \"processor\": \"pbkdf2\", \"hash\": \"00ff\"}").statusCode());
        assertEquals("pbkdf2", server.store().find("new").orElseThrow().processor());
        server.close();
        startServer(jdbcUrl); // a second start migrates nothing and loses nothing
        assertEquals(2, server.store().count());
    }
}
