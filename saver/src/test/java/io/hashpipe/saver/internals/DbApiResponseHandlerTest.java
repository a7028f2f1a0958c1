package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.saver.testing.Endpoints;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DbApiResponseHandlerTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(
            new HttpClientCodec(), new HttpObjectAggregator(DbApiPoolHandler.MAX_RESPONSE_BYTES), new DbApiResponseHandler());

    @Test
    void answerCompletesThePromiseWithStatusBodyAndRetryAfter() {
        Promise<DbApiResponse> promise = send();
        channel.writeInbound(bytes("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 2\r\n"
                + "Content-Length: 16\r\n\r\n{\"error\":\"busy\"}"));
        DbApiResponse response = promise.getNow();
        assertEquals(503, response.status());
        assertEquals("{\"error\":\"busy\"}", response.body());
        assertEquals("2", response.retryAfter());
        assertTrue(response.keepAlive());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void answerAskingToCloseIsNotKeptAlive() {
        Promise<DbApiResponse> promise = send();
        channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"));
        assertFalse(promise.getNow().keepAlive());
        assertNull(promise.getNow().retryAfter());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void answerInPiecesIsAggregated() {
        Promise<DbApiResponse> promise = send();
        channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 24\r\n\r\n{\"id\":\"a\","));
        assertFalse(promise.isDone());
        channel.writeInbound(bytes("\"stored\":true}"));
        assertEquals("{\"id\":\"a\",\"stored\":true}", promise.getNow().body());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void closedConnectionFailsTheRequestInFlight() {
        Promise<DbApiResponse> promise = send();
        channel.close();
        assertInstanceOf(IOException.class, promise.cause());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void oneRequestAtATimePerConnection() {
        send();
        DbApiResponseHandler handler = channel.pipeline().get(DbApiResponseHandler.class);
        assertThrows(IllegalStateException.class, () -> handler.expect(channel.eventLoop().newPromise()));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void unexpectedAnswerClosesTheConnection() {
        channel.writeInbound(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void requestCarriesTheIdempotencyKeyAndTheJsonBody() {
        DbApiClient client = new DbApiClient(Endpoints.of(URI.create("http://db:9000/api/add")), 1, Duration.ofSeconds(1), channel.eventLoop());
        FullHttpRequest request = client.request(new DbApiClient.Request("/api/add", "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8),
                HttpHeaderValues.APPLICATION_JSON, "a"));
        assertTrue(channel.writeOutbound(request));
        String text = readOutbound();
        assertTrue(text.startsWith("POST /api/add HTTP/1.1\r\n"), text);
        assertTrue(text.contains("Idempotency-Key: a\r\n"), text);
        assertTrue(text.contains("host: db:9000\r\n"), text);
        assertTrue(text.contains("content-type: application/json\r\n"), text);
        assertTrue(text.endsWith("\r\n\r\n{\"id\":\"a\"}"), text);
        assertFalse(channel.finishAndReleaseAll());
    }

    /** Registers a promise and writes a request, so that the codec expects an answer. */
    private Promise<DbApiResponse> send() {
        Promise<DbApiResponse> promise = channel.eventLoop().newPromise();
        channel.pipeline().get(DbApiResponseHandler.class).expect(promise);
        DbApiClient client = new DbApiClient(Endpoints.of(URI.create("http://127.0.0.1:1")), 1, Duration.ofSeconds(1), channel.eventLoop());
        channel.writeOutbound(client.request(new DbApiClient.Request("/add", "{}".getBytes(StandardCharsets.UTF_8), HttpHeaderValues.APPLICATION_JSON, "x")));
        readOutbound();
        return promise;
    }

    /** Everything the codec wrote, as text; the buffers are released. */
    private String readOutbound() {
        StringBuilder text = new StringBuilder();
        for (ByteBuf written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
            text.append(written.toString(StandardCharsets.UTF_8));
            written.release();
        }
        return text.toString();
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
