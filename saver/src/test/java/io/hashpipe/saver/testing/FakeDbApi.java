package io.hashpipe.saver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hashpipe.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording fake of the database API on 127.0.0.1: stores ids in a set, answers {@code POST /add} and
 * {@code POST /add/batch} like the contract, and fails on request for given ids or the next requests.
 *
 * <p>{@code /add} insists on an {@code Idempotency-Key} equal to the body's id (400 otherwise), so a client
 * that forgets it cannot pass. Delayed answers are sent from a scheduler, not by sleeping in a handler.
 */
public final class FakeDbApi implements AutoCloseable {

    /** A scripted misbehaviour. */
    public record Failure(int status, int retryAfterSeconds, long delayMs) {
        /** Answer with {@code status} (and Retry-After when positive); in a batch, an item error with that status. */
        public static Failure status(int status, int retryAfterSeconds) {
            return new Failure(status, retryAfterSeconds, 0);
        }

        public static Failure status(int status) {
            return status(status, 0);
        }

        /** Store, but answer only after {@code ms}. */
        public static Failure delay(long ms) {
            return new Failure(0, 0, ms);
        }

        /** In a batch, an item error without a status (the client must assume it is transient). */
        public static Failure itemError() {
            return new Failure(-1, 0, 0);
        }
    }

    static {
        // The JDK server writes headers and body separately; without this, Nagle and delayed ACKs add ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(8);
    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> storedTrue = new ConcurrentHashMap<>();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Script nextRequests = new Script(Failure.status(500), 0);
    private volatile long delayAllMs;
    /** When not 0, every request is answered with this status (an outage, a wrong path, refused credentials). */
    private volatile int failAllStatus;
    private final AtomicInteger requests = new AtomicInteger();

    private FakeDbApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeDbApi start() {
        try {
            return new FakeDbApi();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fake database API", e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} requests carrying {@code id} meet {@code failure}. */
    public FakeDbApi fail(String id, int times, Failure failure) {
        scripts.put(id, new Script(failure, times));
        return this;
    }

    /** The next {@code times} requests, whatever they carry, are answered {@code status}. */
    public FakeDbApi failNextRequests(int times, int status) {
        nextRequests = new Script(Failure.status(status), times);
        return this;
    }

    /** Every request from now on is answered {@code status} (0 ends it). */
    public FakeDbApi failAll(int status) {
        failAllStatus = status;
        return this;
    }

    /** Requests received, whatever their answer. */
    public int requests() {
        return requests.get();
    }

    /** Every answer waits {@code ms} (the database's latency). */
    public FakeDbApi delayAll(long ms) {
        delayAllMs = ms;
        return this;
    }

    public Set<String> storedIds() {
        return Set.copyOf(stored);
    }

    /** Requests that carried {@code id}. */
    public int posts(String id) {
        AtomicInteger n = posts.get(id);
        return n == null ? 0 : n.get();
    }

    /** Answers {@code stored:true} given for {@code id}: 1 for every stored id, or the fake stored it twice. */
    public int storedTrue(String id) {
        AtomicInteger n = storedTrue.get(id);
        return n == null ? 0 : n.get();
    }

    public int requests(String path) {
        AtomicInteger n = requestsByPath.get(path);
        return n == null ? 0 : n.get();
    }

    /** The most requests ever open at once. */
    public int maxConcurrent() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        later.shutdownNow();
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Reply reply;
        try {
            reply = answer(exchange, path, body);
        } catch (RuntimeException | IOException e) {
            reply = error(400, "malformed: " + e.getMessage());
        }
        long delay = Math.max(reply.delayMs, delayAllMs);
        Reply toSend = reply;
        if (delay > 0) {
            later.schedule(() -> send(exchange, toSend), delay, TimeUnit.MILLISECONDS);
        } else {
            send(exchange, toSend);
        }
    }

    private Reply answer(HttpExchange exchange, String path, byte[] body) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            return error(405, "method not allowed");
        }
        Failure global = nextRequests.take();
        if (global != null) {
            return error(global.status(), "injected failure");
        }
        int all = failAllStatus;
        if (all != 0) {
            return error(all, "injected failure of every request");
        }
        JsonNode json = Json.mapper().readTree(body);
        switch (path) {
            case "/add":
                String id = json.path("id").asText("");
                if (!id.equals(exchange.getRequestHeaders().getFirst("Idempotency-Key"))) {
                    return error(400, "Idempotency-Key must be the result's id");
                }
                return single(id);
            case "/add/batch":
                return batch((ArrayNode) json);
            default:
                return error(404, "no such path " + path);
        }
    }

    private Reply single(String id) {
        posts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        Script script = scripts.get(id);
        Failure failure = script == null ? null : script.take();
        if (failure != null && failure.status() != 0) {
            Reply reply = error(failure.status() < 0 ? 500 : failure.status(), "injected failure for " + id);
            return new Reply(reply.status, reply.body, failure.retryAfterSeconds(), 0);
        }
        ObjectNode answer = Json.mapper().createObjectNode().put("id", id).put("stored", store(id));
        return new Reply(200, Json.toBytes(answer), 0, failure == null ? 0 : failure.delayMs());
    }

    private Reply batch(ArrayNode items) {
        ArrayNode results = Json.mapper().createArrayNode();
        long delay = 0;
        for (JsonNode item : items) {
            String id = item.path("id").asText("");
            posts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Script script = scripts.get(id);
            Failure failure = script == null ? null : script.take();
            ObjectNode result = results.addObject().put("id", id);
            if (failure != null && failure.status() != 0) {
                result.put("error", "injected failure for " + id);
                if (failure.status() > 0) {
                    result.put("status", failure.status());
                }
            } else {
                result.put("stored", store(id));
                delay = Math.max(delay, failure == null ? 0 : failure.delayMs());
            }
        }
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.set("results", results);
        return new Reply(200, Json.toBytes(answer), 0, delay);
    }

    private boolean store(String id) {
        boolean added = stored.add(id);
        if (added) {
            storedTrue.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }
        return added;
    }

    private static Reply error(int status, String message) {
        return new Reply(status, Json.toBytes(Map.of("error", message, "status", status)), 0, 0);
    }

    private void send(HttpExchange exchange, Reply reply) {
        inFlight.decrementAndGet();
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (reply.retryAfterSeconds > 0) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(reply.retryAfterSeconds));
            }
            exchange.sendResponseHeaders(reply.status, reply.body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body);
            }
        } catch (IOException e) {
            // The client gave up (timeout) and closed the connection: nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private record Reply(int status, byte[] body, int retryAfterSeconds, long delayMs) {
    }

    /** A failure for the next {@code remaining} takers. */
    private static final class Script {
        private final Failure failure;
        private final AtomicInteger remaining;

        Script(Failure failure, int times) {
            this.failure = failure;
            this.remaining = new AtomicInteger(times);
        }

        Failure take() {
            return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0 ? failure : null;
        }
    }
}
