package io.hashpipe.dbapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.dbapi.internals.BoundedBodyAggregator;
import io.hashpipe.dbapi.internals.DbApiMetrics;
import io.hashpipe.dbapi.internals.Experiment;
import io.hashpipe.dbapi.internals.Knobs;
import io.hashpipe.dbapi.internals.NewResult;
import io.hashpipe.dbapi.internals.RowWriter;
import io.hashpipe.dbapi.internals.ServerContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
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

        @Override
        public CompletableFuture<Boolean> write(NewResult row) {
            return CompletableFuture.completedFuture(rows.putIfAbsent(row.id(), row) == null);
        }
    }

    /** Reads what the {@link RecordingWriter} holds. */
    static final class RecordingStore implements ResultStore {
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

    final RecordingWriter writer = new RecordingWriter();
    final Experiment experiment = new Experiment(new Knobs(0, 0, 0, 0, 0.0, 0.0));
    final DbApiMetrics metrics = new DbApiMetrics(new SimpleMeterRegistry(), experiment);
    final ServerContext context = new ServerContext(writer, new RecordingStore(writer), experiment, metrics, Runnable::run, 1_000);
    final EmbeddedChannel channel = newChannel(1024);
    /** Turns the server's bytes back into responses. */
    final EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));

    /** The production pipeline with autoRead off, as the server bootstrap sets it. */
    EmbeddedChannel newChannel(int maxBodyBytes) {
        EmbeddedChannel ch = new EmbeddedChannel(false, false, new HttpServerCodec(),
                new BoundedBodyAggregator(maxBodyBytes, metrics), new FlowControlHandler(), new DbApiServerHandler(context));
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
        channel.writeInbound(Unpooled.copiedBuffer(rawRequests, StandardCharsets.UTF_8));
        channel.runPendingTasks();
        return answers();
    }

    record Answer(int status, String body, String allow, String connection) {
    }

    List<Answer> answers() {
        for (ByteBuf bytes; (bytes = channel.readOutbound()) != null; ) {
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
            "PUT    | /admin/settings | {\"maxRps\": 1e99} | 400",
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
        assertEquals("{\"id\":\"k\",\"stored\":true}", single(request("POST", "/add", "$2b$08$abc", "Idempotency-Key: k")).body());
        assertEquals("{\"count\":1}", single(request("GET", "/count", "")).body());
        assertTrue(single(request("GET", "/results/k", "")).body().contains("\"hash\":\"$2b$08$abc\""));
        assertEquals("{\"results\":[{\"id\":\"k\",\"stored\":false},{\"id\":\"n\",\"stored\":true}]}",
                single(request("POST", "/add/batch", "[{\"id\":\"k\",\"hash\":\"h\"},{\"id\":\"n\",\"hash\":\"h\"}]")).body());
        assertEquals(200, single(request("GET", "/admin/settings?verbose", "")).status());
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
        assertTrue(exchange(request("POST", "/add", "h", "Idempotency-Key: slow")).isEmpty());
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
        assertTrue(exchange(request("POST", "/add", "h", "Idempotency-Key: a") + request("GET", "/health", "")).isEmpty(),
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
        assertTrue(exchange(request("POST", "/add", "h")).isEmpty());
        channel.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        assertTrue(answers().isEmpty());
        assertEquals(0, writer.rows.size());
    }
}
