package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.saver.internals.Outcome.Kind;
import io.hashpipe.saver.testing.Endpoints;
import io.hashpipe.saver.testing.RealDbApi;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract test: the saver's client and response reader against the real {@code DbApiServer}'s answers
 * (not a fake that could drift from it), for one result and for a batch: stored, duplicate, a bad item, a
 * database failure, a wrong path.
 */
class ResponseReaderAgainstDbApiTest {

    private static final String HASH = "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS";

    @TempDir
    Path dir;
    private RealDbApi api;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private DbApiClient client;
    private final ResponseReader reader = new ResponseReader(SuccessStatuses.parse(SuccessStatuses.ANY_2XX));

    @BeforeEach
    void start() {
        api = RealDbApi.start(dir, Map.of());
        client = new DbApiClient(Endpoints.of(api.url()), 2, Duration.ofSeconds(5), group);
    }

    @AfterEach
    void stop() {
        client.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        api.close();
    }

    @Test
    void oneResult() throws Exception {
        assertEquals(Kind.STORED, single("a", 4).outcomes().get(0).kind());
        assertEquals(Kind.DUPLICATE, single("a", 4).outcomes().get(0).kind());
        Answer bad = single("bad", 99);
        assertEquals(Kind.REJECTED, bad.outcomes().get(0).kind(), bad.toString());
        assertEquals(400, bad.status());
        api.breakDatabase();
        try {
            Answer down = single("b", 4);
            assertEquals(Kind.UNAVAILABLE, down.verdict(), down.toString());
            assertEquals(503, down.status());
            assertNotNull(down.outcomes().get(0).retryAfter());
        } finally {
            api.mendDatabase();
        }
        assertEquals(Kind.STORED, single("b", 4).outcomes().get(0).kind());
    }

    @Test
    void aBatch() throws Exception {
        single("dup", 4);
        Answer answer = batch(List.of("new", "dup", "bad"), List.of(4, 4, 99));
        assertEquals(List.of(Kind.STORED, Kind.DUPLICATE, Kind.REJECTED), answer.outcomes().stream().map(Outcome::kind).toList(), answer.toString());
        assertEquals(DbApiContract.ITEM_REJECTED, answer.outcomes().get(2).status());
        assertEquals(Kind.STORED, answer.verdict(), "the API took the request");
        api.breakDatabase();
        try {
            Answer down = batch(List.of("c", "d"), List.of(4, 4));
            assertEquals(List.of(Kind.UNAVAILABLE, Kind.UNAVAILABLE), down.outcomes().stream().map(Outcome::kind).toList(), down.toString());
            assertEquals(DbApiContract.ITEM_UNAVAILABLE, down.outcomes().get(0).status());
            assertEquals(Kind.UNAVAILABLE, down.verdict(), "every item failed for the database: an outage");
        } finally {
            api.mendDatabase();
        }
        assertEquals(List.of(Kind.STORED, Kind.STORED), batch(List.of("c", "d"), List.of(4, 4)).outcomes().stream().map(Outcome::kind).toList());
    }

    @Test
    void aWrongPathOrMethodIsAMisconfiguration() throws Exception {
        DbApiResponse notFound = client.post("/api/add", body("x", 4), HttpHeaderValues.APPLICATION_JSON, "x").get(5, TimeUnit.SECONDS);
        assertEquals(Kind.MISCONFIGURED, reader.single(notFound).verdict(), notFound.toString());
        DbApiResponse notAllowed = client.post(DbApiContract.COUNT, body("x", 4), HttpHeaderValues.APPLICATION_JSON, "x").get(5, TimeUnit.SECONDS);
        assertEquals(405, notAllowed.status());
        assertEquals(Kind.MISCONFIGURED, reader.single(notAllowed).verdict());
    }

    private Answer single(String id, int cost) throws Exception {
        return reader.single(client.post(DbApiContract.ADD, body(id, cost), HttpHeaderValues.APPLICATION_JSON, id).get(5, TimeUnit.SECONDS));
    }

    private Answer batch(List<String> ids, List<Integer> costs) throws Exception {
        ByteArrayOutputStream array = new ByteArrayOutputStream();
        array.write('[');
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                array.write(',');
            }
            array.writeBytes(body(ids.get(i), costs.get(i)));
        }
        array.write(']');
        DbApiResponse response = client.post(DbApiContract.ADD_BATCH, array.toByteArray(), HttpHeaderValues.APPLICATION_JSON, null)
                .get(5, TimeUnit.SECONDS);
        return reader.batch(response, ids);
    }

    private static byte[] body(String id, int cost) {
        return Json.toBytes(new Result(id, HASH, cost, Instant.now(), 1, "test"));
    }
}
