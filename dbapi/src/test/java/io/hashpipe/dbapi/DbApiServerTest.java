package io.hashpipe.dbapi;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.Service;
import io.hashpipe.dbapi.internals.DbApiMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP contract over real sockets, on an H2 file database. */
class DbApiServerTest {

    static final String HASH = ResultStoreContract.HASH;

    @TempDir
    Path dir;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DbApiServer server;
    Http http;
    /** Sends the admin token. */
    Http admin;

    DbApiServer start(Map<String, ?> overrides) {
        server = TestServers.start(TestServers.h2Url(dir), registry, overrides);
        http = new Http(server.uri());
        admin = http.asAdmin();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthAnswersUpAsJson() {
        start(Map.of());
        HttpResponse<String> health = http.get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("{\"status\":\"UP\"}", health.body());
        assertEquals("application/json", health.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void idempotencyKeyAndJsonIdMustAgree() {
        start(Map.of());
        String body = "{\"id\": \"json-id\", \"hash\": \"" + HASH + "\"}";
        HttpResponse<String> mismatch = http.post("/add", body, "Idempotency-Key", "header-id");
        assertEquals(400, mismatch.statusCode());
        assertTrue(Http.json(mismatch).get("error").asText().contains("differ"), mismatch.body());
        assertEquals(0, server.store().count());
        assertEquals("{\"id\":\"json-id\",\"stored\":true}", http.post("/add", body, "Idempotency-Key", "json-id").body());
    }

    static Stream<Arguments> clientMistakes() {
        String longHash = "x".repeat(201);
        return Stream.of(
                Arguments.of("POST", "/add", "", 400),
                Arguments.of("POST", "/add", "  \n", 400),
                Arguments.of("POST", "/add", "{\"hash\": ", 400),
                Arguments.of("POST", "/add", "{\"id\": \"no-hash\"}", 400),
                Arguments.of("POST", "/add", "{\"hash\": \"   \"}", 400),
                Arguments.of("POST", "/add", "{\"hash\": 42}", 400),
                Arguments.of("POST", "/add", longHash, 400),
                Arguments.of("POST", "/add", "{\"hash\": \"" + longHash + "\"}", 400),
                Arguments.of("POST", "/add", "{\"hash\": \"" + TestHashes.H + "\", \"difficulty\": \"ten\"}", 400),
                Arguments.of("POST", "/add", "{\"hash\": \"" + TestHashes.H + "\", \"hashedAt\": \"yesterday\"}", 400),
                Arguments.of("POST", "/add", "{\"hash\": \"" + TestHashes.H + "\", \"id\": \"a\", \"id\": \"b\"}", 400),
                Arguments.of("POST", "/add", "{\"hash\": \"" + TestHashes.H + "\"} trailing", 400),
                Arguments.of("POST", "/add", "[{\"hash\": \"" + TestHashes.H + "\"}]", 400),
                Arguments.of("POST", "/add/batch", "", 400),
                Arguments.of("POST", "/add/batch", "{\"hash\": \"" + TestHashes.H + "\"}", 400),
                Arguments.of("POST", "/add/batch", "[{\"hash\": ", 400),
                Arguments.of("PUT", "/admin/settings", "{\"latencyMs\": -1}", 400),
                Arguments.of("PUT", "/admin/settings", "{\"errorRate\": 1.5}", 400),
                Arguments.of("PUT", "/admin/settings", "{\"errorRate\": 0.6, \"timeoutRate\": 0.6}", 400),
                Arguments.of("PUT", "/admin/settings", "{\"maxRps\": \"many\"}", 400),
                Arguments.of("PUT", "/admin/settings", "{\"latency\": 5}", 400),
                Arguments.of("PUT", "/admin/settings", "not json", 400),
                Arguments.of("PUT", "/admin/settings", "", 400),
                Arguments.of("GET", "/nope", null, 404),
                Arguments.of("GET", "/add/", null, 404),
                Arguments.of("GET", "/results/", null, 404),
                Arguments.of("GET", "/results/unknown", null, 404),
                Arguments.of("GET", "/add", null, 405),
                Arguments.of("PUT", "/add/batch", "[]", 405),
                Arguments.of("DELETE", "/count", null, 405),
                Arguments.of("POST", "/health", "", 405),
                Arguments.of("POST", "/admin/settings", "{}", 405));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("clientMistakes")
    void clientMistakesGetJsonErrorsAndTheServerAnswersOn(String method, String path, String body, int status) {
        start(Map.of());
        HttpResponse<String> response = (path.startsWith("/admin") ? admin : http).send(method, path, body);
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode error = Http.json(response);
        assertEquals(status, error.get("status").asInt());
        assertFalse(error.get("error").asText().isBlank());
        if (status == 405) {
            assertTrue(response.headers().firstValue("Allow").isPresent(), "405 names the allowed methods");
        }
        assertEquals(0, server.store().count());
        assertEquals(200, http.get("/health").statusCode());
        assertEquals(1.0, registry.get(DbApiMeters.REQUESTS).tag("status", Integer.toString(status)).counter().count());
    }

    @Test
    void allowHeaderListsTheMethodsOfThePath() {
        start(Map.of());
        assertEquals("POST", http.get("/add").headers().firstValue("Allow").orElseThrow());
        assertEquals("GET, PUT", http.send("DELETE", "/admin/settings", null).headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void bodyOverTheLimitIs413WithJsonAndTheServerAnswersOn() {
        start(Map.of(DbApiConfig.MAX_BODY_BYTES, 1024));
        HttpResponse<String> tooLarge = http.post("/add", "x".repeat(2000));
        assertEquals(413, tooLarge.statusCode());
        assertEquals(413, Http.json(tooLarge).get("status").asInt());
        assertTrue(Http.json(tooLarge).get("error").asText().contains("dbapi.max.body.bytes"), tooLarge.body());
        assertEquals(200, http.post("/add", HASH).statusCode());
        assertEquals(1, server.store().count());
    }

    @Test
    void settingsChangeAtRuntime() {
        start(Map.of(DbApiConfig.LATENCY_MS, 7));
        assertEquals(7, Http.json(admin.get("/admin/settings")).get("latencyMs").asInt());
        HttpResponse<String> changed = admin.send("PUT", "/admin/settings", "{\"latencyMs\": 3, \"maxRps\": 50, \"errorRate\": 0.25}");
        assertEquals(200, changed.statusCode(), changed.body());
        JsonNode settings = Http.json(admin.get("/admin/settings"));
        assertEquals(3, settings.get("latencyMs").asInt());
        assertEquals(50, settings.get("maxRps").asInt());
        assertEquals(0.25, settings.get("errorRate").asDouble());
        assertEquals(0, settings.get("maxConcurrency").asInt(), "fields left out keep their value");
        assertEquals(400, admin.send("PUT", "/admin/settings", "{\"latencyMs\": 1, \"maxRps\": -1}").statusCode());
        assertEquals(3, Http.json(admin.get("/admin/settings")).get("latencyMs").asInt(), "a refused change changes nothing");
    }

    @Test
    void theAdminEndpointsNeedTheTokenAndSayHowToSendIt() {
        start(Map.of(DbApiConfig.LATENCY_MS, 7));
        for (HttpResponse<String> refused : List.of(http.get("/admin/settings"),
                http.send("PUT", "/admin/settings", "{\"latencyMs\": 600000}"),
                http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/admin/settings"))
                        .header("Authorization", "Bearer wrong").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"errorRate\": 1}")).build()))) {
            assertEquals(401, refused.statusCode(), refused.body());
            assertEquals(401, Http.json(refused).get("status").asInt());
            assertEquals("Bearer realm=\"hashpipe-dbapi\"", refused.headers().firstValue("WWW-Authenticate").orElseThrow());
        }
        assertTrue(Http.json(http.get("/admin/settings")).get("error").asText().contains("Authorization: Bearer"));
        assertEquals(7, Http.json(admin.get("/admin/settings")).get("latencyMs").asInt(), "nothing changed");
    }

    @Test
    void withoutATokenTheAdminEndpointsAreOff() {
        start(Map.of(DbApiConfig.ADMIN_TOKEN, ""));
        for (HttpResponse<String> refused : List.of(admin.get("/admin/settings"), admin.send("PUT", "/admin/settings", "{\"errorRate\": 1}"))) {
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(Http.json(refused).get("error").asText().contains("--admin-token"), refused.body());
        }
        assertEquals(200, http.post("/add", HASH).statusCode(), "the rest of the API answers as before");
    }

    @Test
    void writeIsAnsweredOnlyAfterItsLatencyAndAfterItsCommit() {
        start(Map.of(DbApiConfig.LATENCY_MS, 1_500));
        CompletableFuture<HttpResponse<String>> answer = http.postAsync("/add", HASH, "Idempotency-Key", "slow");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.store().count() == 1);
        assertFalse(answer.isDone(), "answered before the latency elapsed");
        assertEquals("{\"id\":\"slow\",\"stored\":true}", answer.join().body());
    }

    @Test
    void readsAreNotDelayed() {
        start(Map.of(DbApiConfig.LATENCY_MS, 600_000));
        assertEquals(200, http.get("/health").statusCode());
        assertEquals("{\"count\":0}", http.get("/count").body());
        assertEquals(200, admin.get("/admin/settings").statusCode());
    }

    @Test
    void requestsAreCountedByPathAndStatus() {
        start(Map.of());
        http.post("/add", HASH);
        http.post("/add", HASH);
        http.get("/results/abc");
        assertEquals(2.0, registry.get(DbApiMeters.REQUESTS).tags("path", "/add", "status", "200").counter().count());
        assertEquals(1.0, registry.get(DbApiMeters.REQUESTS).tags("path", "/results/{id}", "status", "404").counter().count());
        assertEquals(2, registry.get(DbApiMeters.REQUEST_DURATION).tag("path", "/add").timer().count());
        assertEquals(0.0, registry.get(DbApiMeters.IN_FLIGHT).gauge().value());
    }

    @Test
    void takenPortIsNamedInTheError() {
        start(Map.of());
        Map<String, Object> props = new HashMap<>(TestServers.settings(TestServers.h2Url(dir.resolve("second")), Map.of()));
        props.put(DbApiConfig.PORT, server.port());
        DbApiServer second = new DbApiServer(new DbApiConfig(props), new SimpleMeterRegistry());
        IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
        assertTrue(e.getMessage().contains(Integer.toString(server.port())), e.getMessage());
        assertTrue(e.getMessage().contains(DbApiConfig.PORT), e.getMessage());
        assertEquals(Service.State.FAILED, second.state());
        second.close();
        assertEquals(200, http.get("/health").statusCode());
    }

    @Test
    void closeIsIdempotentAndStopsListening() {
        start(Map.of());
        assertEquals(Service.State.RUNNING, server.state(), "running once start returns");
        server.close();
        server.close();
        assertEquals(Service.State.STOPPED, server.state());
        assertThrows(RuntimeException.class, () -> http.get("/health"));
    }

    @Test
    void unreachableDatabaseFailsStartWithTheUrl() {
        Map<String, Object> props = TestServers.settings("jdbc:postgresql://127.0.0.1:1/none?user=x&password=secret", Map.of());
        DbApiServer broken = new DbApiServer(new DbApiConfig(props), new SimpleMeterRegistry());
        ResultStoreException e = assertThrows(ResultStoreException.class, broken::start);
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        broken.close();
    }
}
