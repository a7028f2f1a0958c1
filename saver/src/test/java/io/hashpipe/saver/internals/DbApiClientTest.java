package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import io.hashpipe.saver.testing.Endpoints;
import io.hashpipe.saver.testing.FakeDbApi;
import io.hashpipe.saver.testing.RealDbApi;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Netty client over real sockets against the recording fake. */
class DbApiClientTest {

    private static final CharSequence JSON = HttpHeaderValues.APPLICATION_JSON;

    private final FakeDbApi fake = FakeDbApi.start();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        fake.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void postsOverOneKeptAliveConnection() throws Exception {
        try (DbApiClient client = new DbApiClient(Endpoints.of(fake.url()), 1, Duration.ofSeconds(5), group)) {
            for (String id : List.of("a", "b", "a")) {
                DbApiResponse response = client.post("/add", body(id), JSON, id).get(5, TimeUnit.SECONDS);
                assertEquals(200, response.status());
                assertTrue(response.keepAlive());
            }
            assertEquals("{\"id\":\"a\",\"stored\":false}", client.post("/add", body("a"), JSON, "a").get(5, TimeUnit.SECONDS).body());
        }
        assertEquals(1, fake.storedTrue("a"));
        assertEquals(3, fake.posts("a"));
    }

    @Test
    void poolSizeBoundsTheRequestsOpenAtOnce() throws Exception {
        fake.delayAll(30);
        try (DbApiClient client = new DbApiClient(Endpoints.of(fake.url()), 3, Duration.ofSeconds(10), group)) {
            List<CompletableFuture<DbApiResponse>> sent = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                sent.add(client.post("/add", body("id-" + i), JSON, "id-" + i));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        assertEquals(30, fake.storedIds().size());
        assertTrue(fake.maxConcurrent() <= 3, "at most 3 open, saw " + fake.maxConcurrent());
    }

    @Test
    void unansweredRequestTimesOutAndTheNextOneUsesAFreshConnection() throws Exception {
        fake.fail("slow", 1, FakeDbApi.Failure.delay(3_000));
        try (DbApiClient client = new DbApiClient(Endpoints.of(fake.url()), 1, Duration.ofMillis(200), group)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> client.post("/add", body("slow"), JSON, "slow").get(5, TimeUnit.SECONDS));
            assertInstanceOf(DbApiTimeoutException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("saver.request.timeout.ms"), e.getCause().getMessage());
            assertEquals(200, client.post("/add", body("next"), JSON, "next").get(5, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void refusedConnectionFailsTheRequest() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (DbApiClient client = new DbApiClient(Endpoints.of(URI.create("http://127.0.0.1:" + port)), 2, Duration.ofSeconds(2), group)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> client.post("/add", body("a"), JSON, "a").get(5, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
        }
    }

    @Test
    void anyIdReachesTheRealApiUnchanged(@TempDir Path dir) throws Exception {
        List<String> ids = List.of(" spaced ", "t\u00e2che", "\u4efb\u52a1-\ud83d\ude00", "100%");
        try (RealDbApi api = RealDbApi.start(dir, Map.of());
             DbApiClient client = new DbApiClient(Endpoints.of(api.url()), 2, Duration.ofSeconds(5), group)) {
            for (String id : ids) {
                DbApiResponse response = client.post("/add", body(id), JSON, id).get(5, TimeUnit.SECONDS);
                assertEquals(200, response.status(), response.body());
            }
            assertEquals(Set.copyOf(ids), Set.copyOf(api.storedIds()));
        }
    }

    private static byte[] body(String id) {
        return Json.toBytes(Map.of("id", id, "hash", "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS"));
    }
}
