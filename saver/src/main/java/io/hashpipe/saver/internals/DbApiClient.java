package io.hashpipe.saver.internals;

import io.hashpipe.common.DbApiContract;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Non-blocking HTTP/1.1 client of the database API: POSTs over a keep-alive connection pool of fixed size
 * (TLS for {@code https://}), one request per connection at a time, each with the endpoint's extra headers,
 * each answer delivered as a {@link CompletableFuture}.
 *
 * <p>The pool's size bounds the requests open at once; callers keep their own count at or below it so that
 * acquiring never queues for long. A request that is not answered in time fails with
 * {@link DbApiTimeoutException} and its connection is closed, so that a late answer cannot be taken for the
 * next request's. The connect timeout is the request timeout too.
 */
public final class DbApiClient implements AutoCloseable {

    private final FixedChannelPool pool;
    private final ApiEndpoint endpoint;
    private final long timeoutMs;

    public DbApiClient(ApiEndpoint endpoint, int maxConnections, Duration requestTimeout, EventLoopGroup group) {
        this.endpoint = endpoint;
        this.timeoutMs = requestTimeout.toMillis();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .remoteAddress(endpoint.host(), endpoint.port())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
        this.pool = new FixedChannelPool(bootstrap, new DbApiPoolHandler(endpoint), maxConnections);
    }

    /**
     * POSTs {@code body} to {@code target} (a path and query on the endpoint's origin).
     *
     * @param contentType    the body's media type
     * @param idempotencyKey the task id for the {@value DbApiContract#IDEMPOTENCY_KEY} header (percent-encoded
     *                       here, {@link DbApiContract#encodeKey}), or null for none
     * @return the answer, whatever its status; fails on connection errors and timeouts
     */
    public CompletableFuture<DbApiResponse> post(String target, byte[] body, CharSequence contentType, String idempotencyKey) {
        Request request = new Request(target, body, contentType, idempotencyKey);
        CompletableFuture<DbApiResponse> result = new CompletableFuture<>();
        pool.acquire().addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                result.completeExceptionally(acquired.cause());
                return;
            }
            Channel ch = acquired.getNow();
            if (ch.eventLoop().inEventLoop()) {
                exchange(ch, request, result);
            } else {
                ch.eventLoop().execute(() -> exchange(ch, request, result));
            }
        });
        return result;
    }

    /** Runs on the channel's event loop: writes the request, arms the timeout, releases the channel after. */
    private void exchange(Channel ch, Request request, CompletableFuture<DbApiResponse> result) {
        Promise<DbApiResponse> answer = ch.eventLoop().newPromise();
        ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
            answer.tryFailure(new DbApiTimeoutException("No answer from the database API at " + endpoint.hostHeader() + request.target()
                    + " within " + timeoutMs + " ms (saver.request.timeout.ms)"));
        }, timeoutMs, TimeUnit.MILLISECONDS);
        answer.addListener(done -> {
            timer.cancel(false);
            boolean reuse = answer.isSuccess() && answer.getNow().keepAlive();
            if (!reuse) {
                ch.close();
            }
            // Complete only after the release so that the caller's next request finds the slot free.
            pool.release(ch).addListener(released -> {
                if (answer.isSuccess()) {
                    result.complete(answer.getNow());
                } else {
                    result.completeExceptionally(answer.cause());
                }
            });
        });
        FullHttpRequest http;
        try {
            ch.pipeline().get(DbApiResponseHandler.class).expect(answer);
            http = request(request);
        } catch (RuntimeException e) {
            answer.tryFailure(e); // fails now, rather than as a timeout of a request never sent
            return;
        }
        ch.writeAndFlush(http).addListener(written -> {
            if (!written.isSuccess()) {
                answer.tryFailure(written.cause());
            }
        });
    }

    /**
     * The HTTP request; its buffer wraps the body and is released by the encoder once written. The extra
     * headers come last, so that they may replace Content-Type or Accept.
     */
    FullHttpRequest request(Request r) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, r.target(),
                Unpooled.wrappedBuffer(r.body()));
        request.headers()
                .set(HttpHeaderNames.HOST, endpoint.hostHeader())
                .set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        if (r.idempotencyKey() != null) {
            request.headers().set(DbApiContract.IDEMPOTENCY_KEY, DbApiContract.encodeKey(r.idempotencyKey()));
        }
        for (ExtraHeaders.Header header : endpoint.headers().list()) {
            request.headers().set(header.name(), header.value());
        }
        return request;
    }

    /** What to POST where. */
    record Request(String target, byte[] body, CharSequence contentType, String idempotencyKey) {
    }

    /** Closes the idle connections; in-flight requests fail. Call from outside the event loops. */
    @Override
    public void close() {
        pool.close();
    }
}
