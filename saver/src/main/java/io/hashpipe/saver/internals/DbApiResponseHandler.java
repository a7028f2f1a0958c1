package io.hashpipe.saver.internals;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a pooled connection: completes the promise of the one request in flight on it with
 * the aggregated response, or fails it when the connection breaks.
 *
 * <p>One request at a time per connection (no pipelining); the response's buffer is copied and released
 * here (by {@link SimpleChannelInboundHandler}). Touched only from the channel's event loop.
 */
public final class DbApiResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

    private static final Logger log = LoggerFactory.getLogger(DbApiResponseHandler.class);

    /** The promise of the request in flight on this connection, or null between requests. */
    private Promise<DbApiResponse> pending;

    /** Registers the promise of the request about to be written. */
    public void expect(Promise<DbApiResponse> promise) {
        if (pending != null && !pending.isDone()) {
            throw new IllegalStateException("A request is already in flight on this connection");
        }
        pending = promise;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        Promise<DbApiResponse> promise = pending;
        pending = null;
        if (promise == null) {
            log.warn("Unexpected response {} from the database API with no request in flight; closing {}", response.status(), ctx.channel());
            ctx.close();
            return;
        }
        promise.trySuccess(new DbApiResponse(
                response.status().code(),
                response.content().toString(StandardCharsets.UTF_8),
                response.headers().get(HttpHeaderNames.RETRY_AFTER),
                HttpUtil.isKeepAlive(response)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(new IOException("Connection to the database API closed before the answer"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    private void fail(Throwable cause) {
        Promise<DbApiResponse> promise = pending;
        pending = null;
        if (promise != null) {
            promise.tryFailure(cause);
        }
    }
}
