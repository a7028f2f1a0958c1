package io.hashpipe.dbapi;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.dbapi.internals.DbApiMetrics;
import io.hashpipe.testkit.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment's knobs over real sockets: capacity (503), rate (429), injected errors and timeouts. */
class FaultInjectionTest {

    @TempDir
    Path dir;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DbApiServer server;
    Http http;

    void start(Map<String, ?> overrides) {
        server = TestServers.start(TestServers.h2Url(dir), registry, overrides);
        http = new Http(server.uri());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void writesBeyondMaxConcurrencyGet503WithRetryAfter() {
        // The first write waits out a latency longer than the test; the server is closed under it.
        start(Map.of(DbApiConfig.MAX_CONCURRENCY, 1, DbApiConfig.LATENCY_MS, 600_000));
        CompletableFuture<HttpResponse<String>> first = http.postAsync("/add", TestHashes.H, "Idempotency-Key", "first");
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.get(DbApiMeters.IN_FLIGHT).gauge().value() == 1.0);
        HttpResponse<String> second = http.post("/add", TestHashes.H, "Idempotency-Key", "second");
        assertEquals(503, second.statusCode());
        assertEquals("1", second.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(503, Http.json(second).get("status").asInt());
        assertTrue(Http.json(second).get("error").asText().contains("dbapi.max.concurrency"), second.body());
        assertEquals(200, http.get("/health").statusCode(), "reads are not limited");
        assertFalse(first.isDone());
        assertTrue(server.store().find("second").isEmpty());
    }

    @Test
    void writesBeyondMaxRpsGet429WithRetryAfter() {
        start(Map.of(DbApiConfig.MAX_RPS, 1));
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(http.post("/add", TestHashes.H, "Idempotency-Key", "r" + i));
        }
        List<HttpResponse<String>> limited = answers.stream().filter(a -> a.statusCode() == 429).toList();
        long stored = answers.stream().filter(a -> a.statusCode() == 200).count();
        assertFalse(limited.isEmpty(), "a bucket of 1 token a second admits 5 writes only over 4 seconds");
        assertEquals(5, limited.size() + stored);
        HttpResponse<String> rejected = limited.get(0);
        assertTrue(Long.parseLong(rejected.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals(429, Http.json(rejected).get("status").asInt());
        assertEquals(stored, server.store().count());
    }

    @Test
    void errorRateOneAnswers503AndStoresNothing() {
        start(Map.of(DbApiConfig.ERROR_RATE, 1.0));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> answer = http.post("/add", TestHashes.H, "Idempotency-Key", "e" + i);
            assertEquals(503, answer.statusCode());
            assertEquals(503, Http.json(answer).get("status").asInt());
        }
        assertEquals(503, http.post("/add/batch", "[{\"id\": \"b\", \"hash\": \"" + TestHashes.H + "\"}]").statusCode());
        assertEquals(0, server.store().count());
        assertEquals(0.0, registry.get(DbApiMeters.IN_FLIGHT).gauge().value());
    }

    @Test
    void errorRateSetAtRuntimeStopsStoring() {
        start(Map.of());
        assertEquals(200, http.post("/add", TestHashes.H, "Idempotency-Key", "before").statusCode());
        assertEquals(200, http.asAdmin().send("PUT", "/admin/settings", "{\"errorRate\": 1}").statusCode());
        assertEquals(503, http.post("/add", TestHashes.H, "Idempotency-Key", "after").statusCode());
        assertEquals(1, server.store().count());
    }

    @Test
    void timeoutRateOneNeverAnswersAndClosesTheConnectionAfterTheHold() throws Exception {
        start(Map.of(DbApiConfig.TIMEOUT_RATE, 1.0, DbApiConfig.TIMEOUT_HOLD_MS, 200));
        try (RawHttp connection = new RawHttp(server.uri())) {
            connection.write(RawHttp.request("POST", "/add", TestHashes.H, "Idempotency-Key: held"));
            assertTrue(connection.closedByServer(), "closed without an answer");
        }
        assertEquals(0, server.store().count());
        assertEquals(0.0, registry.get(DbApiMeters.IN_FLIGHT).gauge().value(), "a held write gives its slot back");
        assertEquals(1.0, registry.get(DbApiMeters.REQUESTS).tag("status", DbApiMeters.NO_STATUS).counter().count());
    }
}
