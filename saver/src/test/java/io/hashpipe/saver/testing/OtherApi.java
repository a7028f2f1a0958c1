package io.hashpipe.saver.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An HTTP API that hashpipe did not shape, on the JDK's own server: it answers every request with one status
 * and body (a REST API's {@code 201} with nothing, a seed API's {@code 200 {"ok":true}}, a {@code 204}), may
 * insist on a header (authentication), and records what it received, so that a test can count the requests.
 *
 * <p>It stores nothing itself: each request is kept as it arrived ({@link Received}).
 */
public final class OtherApi implements AutoCloseable {

    /** One request as it arrived: the path, the Idempotency-Key header, the content type and the body. */
    public record Received(String path, String idempotencyKey, String contentType, String body) {
    }

    static {
        // The JDK server writes headers and body separately; without this, Nagle and delayed ACKs add ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> requiredHeaders = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status;
    private volatile String body;

    private OtherApi(HttpServer server, int status, String body) {
        this.server = server;
        this.status = status;
        this.body = body;
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers {@code status} with {@code body} (null or empty: no body), on an ephemeral loopback port. */
    public static OtherApi answering(int status, String body) {
        return on(0, status, body);
    }

    /** The same on a given port (a test that starts the API after the saver). */
    public static OtherApi on(int port, int status, String body) {
        try {
            return new OtherApi(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100), status, body);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the test API on port " + port, e);
        }
    }

    /** The same over TLS with {@code tls}'s key. */
    public static OtherApi overTls(SSLContext tls, int status, String body) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new OtherApi(server, status, body);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the test API over TLS", e);
        }
    }

    /** From now on, every request is answered {@code status} with {@code body}. */
    public OtherApi answer(int status, String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    /** Requests without {@code name: value} are answered 401 (and recorded only as a request). */
    public OtherApi require(String name, String value) {
        requiredHeaders.put(name, value);
        return this;
    }

    /** The base URI ({@code http://127.0.0.1:port} or {@code https://...}) to which a test adds its path. */
    public URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests received, whatever their answer. */
    public int requests() {
        return requests.get();
    }

    /** The requests that were answered with a success status (and so count as stores). */
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        int answer = status;
        String text = body;
        for (Map.Entry<String, String> required : requiredHeaders.entrySet()) {
            if (!required.getValue().equals(exchange.getRequestHeaders().getFirst(required.getKey()))) {
                answer = 401;
                text = "{\"message\":\"unauthorized\"}";
            }
        }
        if (answer >= 200 && answer < 300) {
            received.add(new Received(exchange.getRequestURI().toString(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(bytes, StandardCharsets.UTF_8)));
        }
        byte[] out = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer, answer == 204 || out.length == 0 ? -1 : out.length);
        try (OutputStream response = exchange.getResponseBody()) {
            if (answer != 204) {
                response.write(out);
            }
        } finally {
            exchange.close();
        }
    }
}
