package io.hashpipe.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.AbstractService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The management endpoint over real HTTP: metrics in the Prometheus format, health as probes read it. */
class ManagementTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String LOOPBACK = "127.0.0.1";

    private static HttpResponse<String> send(int port, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsRenderTheServiceMetersWithTheirTagsAndJvmMeters() throws Exception {
        try (Management management = Management.start("hasher", LOOPBACK, freePort(), Tags.of("group", "g1"))) {
            Counter.builder("hashpipe.example.hashes").register(management.registry()).increment(3);
            Timer.builder("hashpipe.example.duration").register(management.registry()).record(Duration.ofMillis(20));
            HttpResponse<String> metrics = send(management.port(), "GET", "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(metrics.body().matches("(?s).*hashpipe_example_hashes_total\\{[^}]*group=\"g1\"[^}]*service=\"hasher\"[^}]*} 3\\.0.*"),
                    metrics.body());
            assertTrue(metrics.body().contains("hashpipe_example_duration_seconds_bucket{"), "timers publish histogram buckets");
            assertTrue(metrics.body().contains("jvm_memory_used_bytes{"), "JVM meters");
        }
    }

    /** A service whose state the test sets. */
    private static final class Steered extends AbstractService {
        Steered() {
            super("steered");
        }

        @Override
        protected void startUp() {
        }

        @Override
        protected void shutDown(Duration timeout) {
        }

        void run() {
            running();
        }

        void waitFor() {
            waiting();
        }

        void fail() {
            failed(new IllegalStateException("fenced"));
        }
    }

    @Test
    void healthIsReadyExactlyWhileTheServiceIsRunning() throws Exception {
        Steered service = new Steered();
        try (Management management = Management.start("saver", LOOPBACK, freePort(), Tags.empty())) {
            management.health().follow(service);
            int port = management.port();
            assertHealth(port, 503, 200, "{\"service\":\"saver\",\"status\":\"STARTING\",\"live\":true,\"ready\":false,\"state\":\"CREATED\"}");
            service.start();
            assertHealth(port, 503, 200, "{\"service\":\"saver\",\"status\":\"STARTING\",\"live\":true,\"ready\":false,\"state\":\"STARTING\"}");
            service.run();
            assertHealth(port, 200, 200, "{\"service\":\"saver\",\"status\":\"UP\",\"live\":true,\"ready\":true,\"state\":\"RUNNING\"}");
            service.waitFor();
            assertHealth(port, 503, 200, "{\"service\":\"saver\",\"status\":\"STARTING\",\"live\":true,\"ready\":false,\"state\":\"WAITING\"}");
            service.run();
            assertEquals(200, send(port, "GET", "/health/ready").statusCode(), "ready again");
            service.close();
            assertHealth(port, 503, 200, "{\"service\":\"saver\",\"status\":\"STOPPING\",\"live\":true,\"ready\":false,\"state\":\"STOPPED\"}");
        }
    }

    @Test
    void aFailedServiceIsNeitherLiveNorReady() throws Exception {
        Steered service = new Steered();
        try (Management management = Management.start("hasher", LOOPBACK, freePort(), Tags.empty())) {
            management.health().follow(service);
            service.start();
            service.run();
            service.fail();
            assertHealth(management.port(), 503, 503,
                    "{\"service\":\"hasher\",\"status\":\"DOWN\",\"live\":false,\"ready\":false,\"state\":\"FAILED\"}");
        }
    }

    /** {@code /health} and {@code /health/ready} answer {@code ready}, {@code /health/live} answers {@code live}, each with {@code body}. */
    private static void assertHealth(int port, int ready, int live, String body) throws Exception {
        HttpResponse<String> health = send(port, "GET", "/health");
        assertEquals(ready, health.statusCode(), health.body());
        assertEquals(body, health.body());
        assertEquals(ready, send(port, "GET", "/health/ready").statusCode());
        assertEquals(live, send(port, "GET", "/health/live").statusCode());
    }

    @Test
    void unknownPathsAndWrongMethodsAreRefused() throws Exception {
        try (Management management = Management.start("dbapi", LOOPBACK, freePort(), Tags.empty())) {
            assertEquals(404, send(management.port(), "GET", "/metricsx").statusCode());
            assertEquals(404, send(management.port(), "GET", "/").statusCode());
            HttpResponse<String> wrongMethod = send(management.port(), "POST", "/metrics");
            assertEquals(405, wrongMethod.statusCode());
            for (HttpResponse<String> refused : java.util.List.of(send(management.port(), "GET", "/nope"), wrongMethod)) {
                assertEquals("application/json", refused.headers().firstValue("Content-Type").orElseThrow());
                assertTrue(refused.body().contains("\"status\":" + refused.statusCode()) && refused.body().contains("\"error\":"), refused.body());
            }
        }
    }

    @Test
    void theEndpointListensOnlyOnItsBindAddressWhichIsLoopbackByDefault() throws Exception {
        ManagementConfig config = new ManagementConfig(Map.of(ManagementConfig.PORT, Integer.toString(freePort())));
        assertEquals(LOOPBACK, config.bindAddress());
        try (Management management = Management.start("dbapi", config.bindAddress(), config.port(), Tags.empty())) {
            assertTrue(management.address().getAddress().isLoopbackAddress(), management.address().toString());
            assertEquals(200, send(management.port(), "GET", "/health/live").statusCode());
        }
        try (Management everywhere = Management.start("dbapi", "0.0.0.0", freePort(), Tags.empty())) {
            assertTrue(everywhere.address().getAddress().isAnyLocalAddress(), everywhere.address().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-such-host.invalid"})
    void anUnresolvableBindAddressIsRejectedNamingTheKey(String address) {
        ConfigException e = assertThrows(ConfigException.class, () -> new ManagementConfig(Map.of(ManagementConfig.BIND_ADDRESS, address)));
        assertTrue(e.getMessage().contains(ManagementConfig.BIND_ADDRESS), e.getMessage());
    }

    @Test
    void portZeroServesNothingButKeepsTheRegistry() {
        try (Management management = Management.start("producer", LOOPBACK, 0, Tags.empty())) {
            assertEquals(0, management.port());
            Counter.builder("hashpipe.example.sent").register(management.registry()).increment();
            assertEquals(1.0, management.registry().get("hashpipe.example.sent").counter().count());
        }
    }

    @Test
    void aPortInUseFailsNamingTheFlagAndTheFix() throws Exception {
        try (Management first = Management.start("hasher", LOOPBACK, freePort(), Tags.empty())) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> Management.start("hasher", LOOPBACK, first.port(), Tags.empty()));
            assertTrue(e.getMessage().contains("--management-port") && e.getMessage().contains("HASHPIPE_MANAGEMENT_PORT")
                    && e.getMessage().contains(Integer.toString(first.port())), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "abc"})
    void invalidPortIsRejectedNamingTheKey(String port) {
        ConfigException e = assertThrows(ConfigException.class, () -> new ManagementConfig(Map.of(ManagementConfig.PORT, port)));
        assertTrue(e.getMessage().contains(ManagementConfig.PORT) && e.getMessage().contains(port), e.getMessage());
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
