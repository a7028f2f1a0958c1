package io.hashpipe.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hashpipe.common.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The management HTTP endpoint (JDK's built-in server, one thread): {@code GET /metrics} in the Prometheus
 * text format, {@code GET /health} (200 when ready, 503 otherwise), {@code /health/live} and
 * {@code /health/ready} for probes that ask one question each; other paths and methods get a JSON 404 or 405.
 */
final class ManagementServer implements AutoCloseable {

    private static final String JSON = "application/json";
    private static final String NO_SUCH_PATH = "no such path (paths: /metrics, /health, /health/live, /health/ready)";

    private final HttpServer server;
    private final ExecutorService executor;

    private ManagementServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code bindAddress:port} and serves.
     *
     * @throws UncheckedIOException naming the port when it cannot be bound (in use: pick another
     *                              {@code --management-port})
     */
    static ManagementServer start(String bindAddress, int port, PrometheusMeterRegistry registry, Health health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the management endpoint on " + bindAddress + ":" + port
                    + " (--management-port, env HASHPIPE_MANAGEMENT_PORT): " + e.getMessage()
                    + "; pick a free port or 0 for none", e);
        }
        server.createContext("/metrics", exchange -> answer(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry::scrape));
        server.createContext("/health/live", exchange -> answer(exchange, health.live() ? 200 : 503, JSON, health::json));
        server.createContext("/health/ready", exchange -> answer(exchange, health.isReady() ? 200 : 503, JSON, health::json));
        server.createContext("/health", exchange -> answer(exchange, health.isReady() ? 200 : 503, JSON, health::json));
        // Every other path: without it the JDK's server answers its own HTML 404.
        server.createContext("/", exchange -> {
            try (exchange) {
                error(exchange, 404, NO_SUCH_PATH);
            }
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "hashpipe-management");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new ManagementServer(server, executor);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        byte[] bytes = Json.toBytes(Map.of("error", message, "status", status));
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void answer(HttpExchange exchange, int status, String contentType, Supplier<String> body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                error(exchange, 405, exchange.getRequestMethod() + " is not allowed: use GET or HEAD");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(exchange.getHttpContext().getPath())) {
                error(exchange, 404, NO_SUCH_PATH);
                return;
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
