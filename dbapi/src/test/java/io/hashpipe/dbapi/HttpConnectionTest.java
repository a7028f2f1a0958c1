package io.hashpipe.dbapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.testkit.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 connection behaviour over a raw socket: keep-alive, pipelining, 413, 417, broken requests and timeouts. */
class HttpConnectionTest {

    @TempDir
    Path dir;
    DbApiServer server;

    void start(Map<String, ?> overrides) {
        server = TestServers.start(TestServers.h2Url(dir), new SimpleMeterRegistry(), overrides);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start(Map.of(DbApiConfig.LATENCY_MS, 20));
        try (RawHttp connection = new RawHttp(server.uri())) {
            connection.write(RawHttp.request("POST", "/add", TestHashes.hash(1), "Idempotency-Key: first")
                    + RawHttp.request("GET", "/health", "")
                    + RawHttp.request("POST", "/add", TestHashes.hash(2), "Idempotency-Key: second")
                    + RawHttp.request("GET", "/count", ""));
            assertEquals("{\"id\":\"first\",\"stored\":true}", connection.read().body());
            assertEquals("{\"status\":\"UP\"}", connection.read().body());
            assertEquals("{\"id\":\"second\",\"stored\":true}", connection.read().body());
            assertEquals("{\"count\":2}", connection.read().body());
        }
    }

    /** Up to the pipeline depth of Netty's HttpServerCodec (128); deeper pipelines are cut off by the codec. */
    @Test
    void manyPipelinedRequestsAreAllAnsweredInOrder() throws Exception {
        start(Map.of());
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            requests.append(i % 2 == 0 ? RawHttp.request("POST", "/add", TestHashes.H, "Idempotency-Key: p" + i) : RawHttp.request("GET", "/health", ""));
        }
        try (RawHttp connection = new RawHttp(server.uri())) {
            connection.write(requests.toString());
            for (int i = 0; i < 120; i++) {
                String expected = i % 2 == 0 ? "{\"id\":\"p" + i + "\",\"stored\":true}" : "{\"status\":\"UP\"}";
                assertEquals(expected, connection.read().body());
            }
        }
        assertEquals(60, server.store().count());
    }

    @Test
    void oversizedBodyGets413AndTheConnectionStaysUsable() throws Exception {
        start(Map.of(DbApiConfig.MAX_BODY_BYTES, 1024));
        try (RawHttp connection = new RawHttp(server.uri())) {
            connection.write(RawHttp.request("POST", "/add", "x".repeat(5000)));
            RawHttp.Response tooLarge = connection.read();
            assertEquals(413, tooLarge.status());
            assertEquals("application/json", tooLarge.header("Content-Type"));
            assertTrue(tooLarge.body().contains("\"status\":413"), tooLarge.body());
            connection.write(RawHttp.request("POST", "/add", TestHashes.H, "Idempotency-Key: after"));
            assertEquals("{\"id\":\"after\",\"stored\":true}", connection.read().body());
        }
    }

    @Test
    void chunkedBodyGrowingOverTheLimitGets413AndTheConnectionCloses() throws Exception {
        start(Map.of(DbApiConfig.MAX_BODY_BYTES, 1024));
        try (RawHttp connection = new RawHttp(server.uri())) {
            String chunk = "x".repeat(800);
            connection.write("POST /add HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "320\r\n" + chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n");
            RawHttp.Response tooLarge = connection.read();
            assertEquals(413, tooLarge.status());
            assertTrue(tooLarge.body().contains("\"status\":413"), tooLarge.body());
            assertTrue(connection.closedByServer());
        }
        assertEquals(0, server.store().count());
    }

    @Test
    void expectContinueWithOversizedBodyGets413Json() throws Exception {
        start(Map.of(DbApiConfig.MAX_BODY_BYTES, 1024));
        try (RawHttp connection = new RawHttp(server.uri())) {
            connection.write("POST /add HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
            RawHttp.Response tooLarge = connection.read();
            assertEquals(413, tooLarge.status());
            assertTrue(tooLarge.body().contains("\"status\":413"), tooLarge.body());
            connection.write(RawHttp.request("GET", "/health", ""));
            assertEquals(200, connection.read().status());
        }
    }

    @Test
    void expectContinueWithinTheLimitIsStored() throws Exception {
        start(Map.of());
        try (RawHttp connection = new RawHttp(server.uri())) {
            connection.write("POST /add HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nIdempotency-Key: e\r\nContent-Length: "
                    + TestHashes.H.length() + "\r\n\r\n");
            assertEquals(100, connection.read().status());
            connection.write(TestHashes.H);
            assertEquals("{\"id\":\"e\",\"stored\":true}", connection.read().body());
        }
    }

    @Test
    void malformedRequestGets400AndTheConnectionCloses() throws Exception {
        start(Map.of());
        try (RawHttp connection = new RawHttp(server.uri())) {
            connection.write("POST /add HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: nope\r\n\r\n");
            RawHttp.Response bad = connection.read();
            assertEquals(400, bad.status());
            assertTrue(bad.body().contains("\"status\":400"), bad.body());
            assertEquals("close", bad.header("Connection"));
            assertTrue(connection.closedByServer());
        }
        assertEquals(200, new Http(server.uri()).get("/health").statusCode());
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        start(Map.of());
        try (RawHttp connection = new RawHttp(server.uri())) {
            connection.write(RawHttp.request("GET", "/health", "", "Connection: close"));
            assertEquals(200, connection.read().status());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void invalidUtf8BodyIs400() throws Exception {
        start(Map.of());
        try (RawHttp connection = new RawHttp(server.uri())) {
            connection.write("POST /add HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n");
            connection.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
            RawHttp.Response bad = connection.read();
            assertEquals(400, bad.status());
            assertTrue(bad.body().contains("UTF-8"), bad.body());
        }
    }

    @Test
    void anExpectationOtherThanContinueGets417Json() throws Exception {
        start(Map.of());
        try (RawHttp connection = new RawHttp(server.uri())) {
            connection.write("POST /add HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: other\r\nContent-Length: 3\r\n\r\n");
            RawHttp.Response failed = connection.read();
            assertEquals(417, failed.status());
            assertEquals("application/json", failed.header("Content-Type"));
            assertTrue(failed.body().contains("\"status\":417") && failed.body().contains("100-continue"), failed.body());
        }
        assertEquals(0, server.store().count());
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        start(Map.of(DbApiConfig.IDLE_TIMEOUT_MS, 1_000));
        List<RawHttp> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                idle.add(new RawHttp(server.uri()));
            }
            RawHttp used = new RawHttp(server.uri());
            idle.add(used);
            used.write(RawHttp.request("GET", "/health", ""));
            assertEquals(200, used.read().status(), "answered, then idle like the others");
            for (RawHttp connection : idle) {
                assertTrue(connection.closedByServer(), "closed without a word");
            }
        } finally {
            for (RawHttp connection : idle) {
                connection.close();
            }
        }
        assertEquals(200, new Http(server.uri()).get("/health").statusCode());
    }

    @Test
    void aSlowlorisClientGets408AndItsConnectionClosed() throws Exception {
        start(Map.of(DbApiConfig.READ_TIMEOUT_MS, 500, DbApiConfig.IDLE_TIMEOUT_MS, 200));
        try (RawHttp connection = new RawHttp(server.uri())) {
            String request = RawHttp.request("POST", "/add", TestHashes.H);
            long start = System.nanoTime();
            // One byte each 100 ms: never idle for the idle timeout, and never a whole request.
            int sent = 0;
            for (; sent < request.length() && System.nanoTime() - start < 2_000_000_000L && connection.open(100); sent++) {
                connection.write(request.substring(sent, sent + 1));
            }
            RawHttp.Response timedOut = connection.read();
            assertEquals(408, timedOut.status());
            assertTrue(timedOut.body().contains("\"status\":408"), timedOut.body());
            assertTrue(connection.closedByServer());
            assertTrue(sent < request.length(), "cut off before the request was whole");
        }
        assertEquals(0, server.store().count());
    }
}
