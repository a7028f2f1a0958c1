package io.hashpipe.dbapi.internals;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpContentException;

/**
 * An {@link HttpObjectAggregator} whose 413 answers carry a JSON error like every other answer.
 *
 * <p>An oversized request is passed on as an empty request that failed to decode with a
 * {@link TooLongHttpContentException}, so that the handler answers it in order with the requests before
 * it. The connection stays open when the body has not been read yet and the client keeps alive; the rest
 * of the body is then discarded.
 */
public final class BoundedBodyAggregator extends HttpObjectAggregator {

    private final DbApiMetrics metrics;

    public BoundedBodyAggregator(int maxBodyBytes, DbApiMetrics metrics) {
        super(maxBodyBytes);
        this.metrics = metrics;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest request)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        // Netty's rule, except that reading on with autoRead off is fine: the handler asks for the next read.
        boolean keepAlive = !(oversized instanceof FullHttpMessage)
                && (HttpUtil.is100ContinueExpected(oversized) || HttpUtil.isKeepAlive(oversized));
        FullHttpRequest tooLarge = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER);
        HttpUtil.setKeepAlive(tooLarge, keepAlive);
        tooLarge.setDecoderResult(DecoderResult.failure(new TooLongHttpContentException(tooLargeMessage())));
        ctx.fireChannelRead(tooLarge);
    }

    /**
     * Answers an {@code Expect} the server cannot meet with a JSON error instead of Netty's empty one: 413 for
     * {@code 100-continue} with a too large Content-Length, 417 for any expectation but {@code 100-continue}.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (!(response instanceof FullHttpResponse full) || full.status().codeClass() != HttpStatusClass.CLIENT_ERROR) {
            return response;
        }
        HttpResponseStatus status = full.status();
        full.release();
        String uri = start instanceof HttpRequest request ? request.uri() : "";
        metrics.request(Route.of(pathOf(uri)), Integer.toString(status.code()), System.nanoTime());
        String message = status.equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE) ? tooLargeMessage()
                : "unsupported Expect header: this server meets only Expect: 100-continue";
        return Reply.error(status, message).toResponse();
    }

    private String tooLargeMessage() {
        return "request body is larger than " + maxContentLength() + " bytes (dbapi.max.body.bytes): send less per request";
    }

    private static String pathOf(String uri) {
        try {
            return new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }
}
