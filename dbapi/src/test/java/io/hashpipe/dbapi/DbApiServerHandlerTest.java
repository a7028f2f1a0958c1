package io.hashpipe.dbapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.dbapi.internals.AdminGuard;
import io.hashpipe.dbapi.internals.DbApiMetrics;
import io.hashpipe.dbapi.internals.Experiment;
import io.hashpipe.dbapi.internals.Knobs;
import io.hashpipe.dbapi.internals.NewResult;
import io.hashpipe.dbapi.internals.RowWriter;
import io.hashpipe.dbapi.internals.ServerContext;
import io.hashpipe.dbapi.internals.ServerLimits;
import io.hashpipe.testkit.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The handler and its pipeline in an {@link EmbeddedChannel} with small fakes for the database: routing,
 * client mistakes, latency on a frozen clock, ordering, and buffer ownership.
 */
class DbApiServerHandlerTest {

    /** Stores in memory; completes synchronously like a commit that already happened. */
    static final class RecordingWriter implements RowWriter {
        final Map<String, NewResult> rows = new LinkedHashMap<>();
        /** When set, every write fails with it, as a database that is down. */
        RuntimeException failure;

        @Override
        public CompletableFuture<Boolean> write(NewResult row) {
            return failure != null ? CompletableFuture.failedFuture(failure)
                    : CompletableFuture.completedFuture(rows.putIfAbsent(row.id(), row) == null);
        }
    }

    /** Reads what the {@link RecordingWriter} holds. */
    static class RecordingStore implements ResultStore {
        final RecordingWriter writer;

        RecordingStore(RecordingWriter writer) {
            this.writer = writer;
        }

        @Override
        public long count() {
            return writer.rows.size();
        }

        @Override
        public Optional<StoredResult> find(String id) {
            return Optional.ofNullable(writer.rows.get(id)).map(r -> new StoredResult(r.id(), r.hash(), r.difficulty(),
                    r.hashedAt(), r.hashMicros(), r.hasher(), Instant.EPOCH));
        }

        @Override
        public void forEach(Consumer<StoredResult> action) {
            writer.rows.keySet().forEach(id -> action.accept(find(id).orElseThrow()));
        }
    }

    static final String H = TestHashes.H;
    static final String ADMIN_TOKEN = "handler-test-token";
    static final String ADMIN = "Authorization: Bearer " + ADMIN_TOKEN;

    final RecordingWriter writer = new RecordingWriter();
    final Experiment experiment = new Experiment(new Knobs(0, 0, 0, 0, 0.0, 0.0));
    final DbApiMetrics metrics = new DbApiMetrics(new SimpleMeterRegistry(), experiment);
    final ServerContext context = context(1024, 1_000);
    final EmbeddedChannel channel = newChannel(context);
    /** Turns the server's bytes back into responses. */
    final EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));

    ServerContext context(int maxBodyBytes, int batchMaxItems) {
        return new ServerContext(writer, new RecordingStore(writer), experiment, metrics, Runnable::run, 1_000,
                new AdminGuard(ADMIN_TOKEN), new ServerLimits(maxBodyBytes, batchMaxItems, 10_000, 60_000));
    }

    /** The production pipeline with autoRead off, as the server bootstrap sets it. */
    static EmbeddedChannel newChannel(ServerContext context) {
        EmbeddedChannel ch = new EmbeddedChannel(false, false, new DbApiServerInitializer(context));
        ch.config().setAutoRead(false);
        try {
            ch.register();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return ch;
    }

    @AfterEach
    void noBufferLeftBehind() {
        assertFalse(channel.finishAndReleaseAll());
        assertFalse(client.finishAndReleaseAll());
    }

    static String request(String method, String path, String body, String... headerLines) {
        return RawHttp.request(method, path, body, headerLines);
    }

    /** Sends raw request bytes, runs the event loop's tasks, and decodes every response written. */
    List<Answer> exchange(String rawRequests) {
        return exchange(channel, rawRequests);
    }

    /** {@link #exchange(String)} on another channel, which is finished (its buffers released) after. */
    List<Answer> exchangeOnce(EmbeddedChannel other, String rawRequests) {
        try {
            return exchange(other, rawRequests);
        } finally {
            assertFalse(other.finishAndReleaseAll());
        }
    }

    private List<Answer> exchange(EmbeddedChannel on, String rawRequests) {
        on.writeInbound(Unpooled.copiedBuffer(rawRequests, StandardCharsets.UTF_8));
        on.runPendingTasks();
        return answers(on);
    }

    record Answer(int status, String body, String allow, String connection) {
    }

    List<Answer> answers() {
        return answers(channel);
    }

    private List<Answer> answers(EmbeddedChannel on) {
        for (ByteBuf bytes; (bytes = on.readOutbound()) != null; ) {
            client.writeInbound(bytes);
        }
        List<Answer> answers = new ArrayList<>();
        for (FullHttpResponse response; (response = client.readInbound()) != null; ) {
            try {
                assertEquals("application/json", response.headers().get("Content-Type"));
                answers.add(new Answer(response.status().code(), response.content().toString(StandardCharsets.UTF_8),
                        response.headers().get("Allow"), response.headers().get("Connection")));
            } finally {
                response.release();
            }
        }
        return answers;
    }

    Answer single(String rawRequest) {
        List<Answer> answers = exchange(rawRequest);
        assertEquals(1, answers.size(), answers.toString());
        return answers.get(0);
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "GET    | /missing        |                    | 404",
            "GET    | /results/       |                    | 404",
            "GET    | /add            |                    | 405",
            "DELETE | /admin/settings |                    | 405",
            "POST   | /add            |                    | 400",
            "POST   | /add            | {\"hash\": 1}      | 400",
            "POST   | /add            | {                  | 400",
            "POST   | /add/batch      | \"h\"              | 400",
            "GET    | /admin/settings |                    | 401",
            "PUT    | /admin/settings | {\"maxRps\": 0}    | 401",
            "GET    | /add%zz         |                    | 400"})
    void clientMistakesGetJsonErrors(String method, String path, String body, int status) {
        Answer answer = single(request(method, path, body == null ? "" : body));
        assertEquals(status, answer.status());
        assertTrue(answer.body().startsWith("{\"error\":\""), answer.body());
        assertTrue(answer.body().endsWith(",\"status\":" + status + "}"), answer.body());
        assertNull(answer.connection(), "the connection stays open");
        assertEquals(0, writer.rows.size());
        assertEquals(200, single(request("GET", "/health", "")).status());
    }

    @Test
    void wrongMethodNamesTheAllowedOnes() {
        Answer answer = single(request("GET", "/add/batch", ""));
        assertEquals(405, answer.status());
        assertEquals("POST", answer.allow());
    }

    @Test
    void routesReachTheirEndpoints() {
        assertEquals("{\"id\":\"k\",\"stored\":true}", single(request("POST", "/add", H, "Idempotency-Key: k")).body());
        assertEquals("{\"count\":1}", single(request("GET", "/count", "")).body());
        assertTrue(single(request("GET", "/results/k", "")).body().contains("\"hash\":\"" + H + "\""));
        assertEquals("{\"results\":[{\"id\":\"k\",\"stored\":false},{\"id\":\"n\",\"stored\":true}]}",
                single(request("POST", "/add/batch", "[{\"id\":\"k\",\"hash\":\"" + H + "\"},{\"id\":\"n\",\"hash\":\"" + H + "\"}]")).body());
        assertEquals(200, single(request("GET", "/admin/settings?verbose", "", ADMIN)).status());
        assertEquals(400, single(request("PUT", "/admin/settings", "{\"maxRps\": 1e99}", ADMIN)).status());
    }

    @Test
    void bodyOverTheLimitIs413AndTheNextRequestIsAnswered() {
        List<Answer> answers = exchange(request("POST", "/add", "x".repeat(4000)) + request("GET", "/health", ""));
        assertEquals(2, answers.size(), answers.toString());
        assertEquals(413, answers.get(0).status());
        assertTrue(answers.get(0).body().contains("\"status\":413"));
        assertEquals(200, answers.get(1).status());
    }

    @Test
    void malformedRequestIs400AndClosesTheConnection() {
        Answer answer = single("GET /health HTTP/1.1\r\nContent-Length: -5\r\n\r\n");
        assertEquals(400, answer.status());
        assertEquals("close", answer.connection());
        assertFalse(channel.isOpen());
    }

    @Test
    void writeIsAnsweredWhenItsLatencyHasElapsed() {
        channel.freezeTime();
        experiment.update(knobs -> new Knobs(50, 0, 0, 0, 0.0, 0.0));
        assertTrue(exchange(request("POST", "/add", H, "Idempotency-Key: slow")).isEmpty());
        assertEquals(1, writer.rows.size(), "stored while the latency runs");
        channel.advanceTimeBy(49, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
        assertTrue(answers().isEmpty(), "answered before its latency");
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
        assertEquals(List.of(new Answer(200, "{\"id\":\"slow\",\"stored\":true}", null, null)), answers());
    }

    @Test
    void nextRequestWaitsForTheAnswerBeforeIt() {
        channel.freezeTime();
        experiment.update(knobs -> new Knobs(50, 0, 0, 0, 0.0, 0.0));
        assertTrue(exchange(request("POST", "/add", H, "Idempotency-Key: a") + request("GET", "/health", "")).isEmpty(),
                "the health check is not answered before the write ahead of it");
        channel.advanceTimeBy(50, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
        List<Answer> answers = answers();
        assertEquals(2, answers.size(), answers.toString());
        assertEquals("{\"id\":\"a\",\"stored\":true}", answers.get(0).body());
        assertEquals("{\"status\":\"UP\"}", answers.get(1).body());
    }

    @Test
    void heldWriteClosesTheConnectionWithoutAnAnswer() {
        channel.freezeTime();
        experiment.update(knobs -> new Knobs(0, 0, 0, 0, 0.0, 1.0));
        assertTrue(exchange(request("POST", "/add", H)).isEmpty());
        channel.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        assertTrue(answers().isEmpty());
        assertEquals(0, writer.rows.size());
    }

    @Test
    void anIdNoWriteCouldStoreIsA400NotAQuery() {
        Answer answer = single(request("GET", "/results/%00", ""));
        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("control character U+0000"), answer.body());
        assertEquals(404, single(request("GET", "/results/%E2%82%AC", "")).status(), "a well-formed id that is not there");
    }

    @Test
    void aBatchOfEightyThousandJunkItemsIsRefusedWholeAndStoresNothing() {
        String junk = "[" + String.join(",", java.util.Collections.nCopies(80_000, "\"x\"")) + "]";
        List<Answer> answers = exchangeOnce(newChannel(context(1 << 20, 1_000)), request("POST", "/add/batch", junk));
        assertEquals(1, answers.size(), answers.toString());
        assertEquals(413, answers.get(0).status());
        assertTrue(answers.get(0).body().contains("at most 1000 (dbapi.batch.max.items)"), answers.get(0).body());
        assertEquals(0, writer.rows.size());
    }

    @Test
    void aBatchWithinTheLimitStoresItsGoodItemsOnly() {
        Answer answer = single(request("POST", "/add/batch", "[{\"id\":\"g\",\"hash\":\"" + H + "\"},{\"id\":\"j\",\"hash\":\"junk\"},\"hello\"]"));
        assertEquals(200, answer.status());
        assertTrue(answer.body().contains("{\"id\":\"j\",\"error\":\"\\\"hash\\\" is not a bcrypt hash"), answer.body());
        assertEquals(List.of("g"), List.copyOf(writer.rows.keySet()));
    }

    @Test
    void aFailingDatabaseIsA503ThatNamesNoInternals() {
        writer.failure = new IllegalStateException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00; INSERT INTO results (id, hash)");
        Answer single = single(request("POST", "/add", H, "Idempotency-Key: a"));
        Answer batch = single(request("POST", "/add/batch", "[{\"id\":\"b\",\"hash\":\"" + H + "\"}]"));
        assertEquals(503, single.status());
        assertEquals(200, batch.status());
        for (String body : List.of(single.body(), batch.body())) {
            assertTrue(body.contains("the database is unavailable") && !body.contains("INSERT") && !body.contains("UTF8"), body);
        }
    }

    @Test
    void aFailingReadIsA503ThatNamesNoInternals() {
        writer.failure = null;
        RecordingStore broken = new RecordingStore(writer) {
            @Override
            public long count() {
                throw new IllegalStateException("SELECT COUNT(*) FROM results: connection reset");
            }
        };
        ServerContext failing = new ServerContext(writer, broken, experiment, metrics, Runnable::run, 1_000, AdminGuard.off(), ServerLimits.DEFAULTS);
        List<Answer> answers = exchangeOnce(newChannel(failing), request("GET", "/count", ""));
        assertEquals(1, answers.size(), answers.toString());
        assertEquals(503, answers.get(0).status(), answers.get(0).body());
        assertFalse(answers.get(0).body().contains("SELECT") || answers.get(0).body().contains("Exception"), answers.get(0).body());
    }

    @Test
    void aRequestThatDoesNotArriveWholeInTimeIs408AndTheConnectionCloses() {
        channel.freezeTime();
        channel.writeInbound(Unpooled.copiedBuffer("POST /add HTTP/1.1\r\nHost: x\r\nContent-Le", StandardCharsets.UTF_8));
        channel.advanceTimeBy(9_999, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen(), "not before the read timeout");
        channel.writeInbound(Unpooled.copiedBuffer("n", StandardCharsets.UTF_8)); // a byte now and then does not help
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        List<Answer> answers = answers();
        assertEquals(1, answers.size(), answers.toString());
        assertEquals(408, answers.get(0).status());
        assertTrue(answers.get(0).body().contains("dbapi.read.timeout.ms"), answers.get(0).body());
        assertEquals("close", answers.get(0).connection());
        assertFalse(channel.isOpen());
    }

    @Test
    void aSlowAnswerIsNotCutByTheReadTimeout() {
        channel.freezeTime();
        experiment.update(knobs -> new Knobs(20_000, 0, 0, 0, 0.0, 0.0));
        assertTrue(exchange(request("POST", "/add", H, "Idempotency-Key: slow")).isEmpty());
        channel.advanceTimeBy(20_000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
        assertEquals(List.of(new Answer(200, "{\"id\":\"slow\",\"stored\":true}", null, null)), answers());
        assertTrue(channel.isOpen());
    }
}
