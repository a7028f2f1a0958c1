package io.hashpipe.dbapi.internals;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold the server without using it. A request must arrive whole within
 * {@code readTimeoutMillis} of its first byte, else it is answered 408 and its connection closed (a
 * slowloris client drips bytes to keep a connection forever, which no idle timer notices); a connection
 * that waits for its next request longer than the {@link io.netty.handler.timeout.IdleStateHandler} before
 * it allows is closed. A request being answered is never cut: its latency may be long on purpose.
 *
 * <p>Sits before the HTTP codec, so that it sees the raw bytes; the request handler tells it when a request
 * has arrived and when it is answered. Event loop only.
 */
public final class RequestDeadline extends ChannelDuplexHandler {

    private final long readTimeoutMillis;
    private final DbApiMetrics metrics;
    private ScheduledFuture<?> deadline;
    private long firstByteNanos;
    /** Whether a whole request arrived and is not answered yet. */
    private boolean answering;

    public RequestDeadline(long readTimeoutMillis, DbApiMetrics metrics) {
        this.readTimeoutMillis = readTimeoutMillis;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (deadline == null && !answering) {
            firstByteNanos = System.nanoTime();
            deadline = ctx.executor().schedule(() -> expire(ctx), readTimeoutMillis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** A whole request reached the handler: its reading is over. */
    public void received() {
        cancel();
        answering = true;
    }

    /** The request is answered; the connection waits for the next one. */
    public void answered() {
        answering = false;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.ALL_IDLE) {
            if (!answering && deadline == null) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        ctx.fireChannelInactive();
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (answering || !ctx.channel().isActive()) {
            return;
        }
        FullHttpResponse response = Reply.error(HttpResponseStatus.REQUEST_TIMEOUT, "the request did not arrive whole within "
                + readTimeoutMillis + " ms of its first byte (dbapi.read.timeout.ms)").toResponse();
        HttpUtil.setKeepAlive(response, false);
        metrics.request(Route.UNKNOWN, "408", firstByteNanos);
        // From the tail, through the HTTP encoder that sits after this handler.
        ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
