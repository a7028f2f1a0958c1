package io.hashpipe.dbapi.internals;

import io.hashpipe.dbapi.DbApiMeters;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request being answered: writes its single answer on the connection's event loop, counts it, and
 * tells the connection when it may read the next request.
 *
 * <p>{@link #answer} and {@link #hold} run on the event loop; the asynchronous variants hop onto it.
 */
public final class Exchange {

    private static final Logger log = LoggerFactory.getLogger(Exchange.class);

    private final ChannelHandlerContext ctx;
    private final Route route;
    private final boolean keepAlive;
    private final long startNanos;
    private final DbApiMetrics metrics;
    /** Runs once the answer is written on a connection that stays open. */
    private final Runnable onAnswered;
    private boolean answered;

    public Exchange(ChannelHandlerContext ctx, Route route, boolean keepAlive, long startNanos, DbApiMetrics metrics,
                    Runnable onAnswered) {
        this.ctx = ctx;
        this.route = route;
        this.keepAlive = keepAlive;
        this.startNanos = startNanos;
        this.metrics = metrics;
        this.onAnswered = onAnswered;
    }

    public Route route() {
        return route;
    }

    /** Writes the answer; a second answer is ignored. */
    public void answer(Reply reply) {
        if (answered) {
            return;
        }
        answered = true;
        FullHttpResponse response = reply.toResponse();
        HttpUtil.setKeepAlive(response, keepAlive);
        metrics.request(route, Integer.toString(reply.status().code()), startNanos);
        if (!keepAlive) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response).addListener(written -> {
            if (written.isSuccess()) {
                onAnswered.run();
            } else {
                ctx.close();
            }
        });
    }

    /**
     * Answers when {@code reply} completes. A failure becomes a 503 that asks the client to retry; its cause
     * is logged, never answered (it may hold the SQL and the database's own words).
     */
    public void answerLater(CompletableFuture<Reply> reply, Runnable beforeAnswer) {
        reply.whenCompleteAsync((result, failure) -> {
            beforeAnswer.run();
            if (failure != null) {
                log.warn("{} answered 503: {}", route.tag(), messageOf(failure));
            }
            answer(failure == null ? result : unavailable());
        }, ctx.executor());
    }

    /** The 503 of a request the database failed, without the failure's details. */
    public static Reply unavailable() {
        return Reply.retryLater(HttpResponseStatus.SERVICE_UNAVAILABLE, "the database is unavailable; retry later", 1);
    }

    /** Completes on the event loop {@code millis} after now, without blocking it. */
    public CompletableFuture<Void> delay(long millis) {
        if (millis <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> elapsed = new CompletableFuture<>();
        ctx.executor().schedule(() -> elapsed.complete(null), millis, TimeUnit.MILLISECONDS);
        return elapsed;
    }

    /** Never answers: closes the connection after {@code millis}, reading nothing more from it meanwhile. */
    public void hold(long millis) {
        answered = true;
        ctx.executor().schedule(() -> {
            metrics.request(route, DbApiMeters.NO_STATUS, startNanos);
            ctx.close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** The message of a future's failure, unwrapped. */
    public static String messageOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
