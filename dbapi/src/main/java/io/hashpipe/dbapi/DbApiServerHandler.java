package io.hashpipe.dbapi;

import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Limits;
import io.hashpipe.dbapi.internals.BadRequestException;
import io.hashpipe.dbapi.internals.Exchange;
import io.hashpipe.dbapi.internals.Knobs;
import io.hashpipe.dbapi.internals.Reply;
import io.hashpipe.dbapi.internals.RequestDeadline;
import io.hashpipe.dbapi.internals.ResultParser;
import io.hashpipe.dbapi.internals.Route;
import io.hashpipe.dbapi.internals.ServerContext;
import io.hashpipe.dbapi.internals.TooManyItemsException;
import io.hashpipe.dbapi.internals.WriteDispatcher;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the requests of one connection and answers them: writes go through the experiment's admission,
 * faults and latency to the group-commit writer; reads run off the event loop; mistakes get a JSON 4xx.
 *
 * <p>One instance per connection. It asks for the next request only once the current one is answered
 * (autoRead is off), so pipelined requests are answered in order and a slow client cannot queue work.
 */
public class DbApiServerHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(DbApiServerHandler.class);

    private final ServerContext context;
    private final WriteDispatcher writes;
    private final RequestDeadline deadline;
    /** Whether a request of this connection is being answered; event loop only. */
    private boolean busy;

    /** @param deadline the connection's read deadline, told when each request arrives and is answered */
    public DbApiServerHandler(ServerContext context, RequestDeadline deadline) {
        this.context = context;
        this.writes = new WriteDispatcher(context);
        this.deadline = deadline;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // A read that brought no whole request (part of one, or a body the aggregator discarded): read on.
        if (!busy && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        deadline.received();
        long start = System.nanoTime();
        DecoderResult decoded = request.decoderResult();
        String path = pathOf(request.uri());
        Route route = path == null ? Route.UNKNOWN : Route.of(path);
        boolean keepAlive = HttpUtil.isKeepAlive(request)
                && (decoded.isSuccess() || decoded.cause() instanceof TooLongHttpContentException);
        Exchange exchange = new Exchange(ctx, route, keepAlive, start, context.metrics(), () -> {
            busy = false;
            deadline.answered();
            ctx.read();
        });
        try {
            if (!decoded.isSuccess()) {
                exchange.answer(decodingFailure(decoded.cause()));
            } else if (path == null) {
                exchange.answer(Reply.error(HttpResponseStatus.BAD_REQUEST, "malformed URI: " + request.uri()));
            } else {
                dispatch(request, path, exchange);
            }
        } catch (TooManyItemsException e) {
            exchange.answer(Reply.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage()));
        } catch (BadRequestException e) {
            exchange.answer(Reply.error(HttpResponseStatus.BAD_REQUEST, e.getMessage()));
        } catch (RuntimeException e) {
            // The cause stays in the log: an answer names no class, SQL or stack frame.
            log.error("{} {} failed", request.method(), route.tag(), e);
            exchange.answer(Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; the database API logged it"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else if (cause instanceof DecoderException) {
            // The client sent what HTTP/1.1 cannot recover from (e.g. pipelining deeper than 128).
            log.info("Closing connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void dispatch(FullHttpRequest request, String path, Exchange exchange) throws BadRequestException {
        Route route = exchange.route();
        HttpMethod method = request.method();
        if (route == Route.UNKNOWN) {
            exchange.answer(Reply.error(HttpResponseStatus.NOT_FOUND, "no such path: " + path
                    + " (paths: /add, /add/batch, /count, /results/{id}, /health, /admin/settings)"));
        } else if (!route.allows(method)) {
            exchange.answer(Reply.methodNotAllowed(method + " is not allowed on " + route.tag() + ": use "
                    + route.allowHeader(), route.allowHeader()));
        } else {
            switch (route) {
                case ADD -> add(request, exchange);
                case ADD_BATCH -> addBatch(request, exchange);
                case COUNT -> read(exchange, () -> Reply.ok(new Reply.Count(context.store().count())));
                case RESULT -> result(path.substring(Route.RESULTS_PREFIX.length()), exchange);
                case HEALTH -> exchange.answer(Reply.ok(new Reply.Health("UP")));
                case SETTINGS -> {
                    Reply refusal = context.admin().refusal(request.headers());
                    if (refusal != null) {
                        exchange.answer(refusal);
                    } else {
                        settings(request, exchange);
                    }
                }
                default -> throw new AssertionError("unrouted " + route);
            }
        }
    }

    private void add(FullHttpRequest request, Exchange exchange) throws BadRequestException {
        writes.add(exchange, ResultParser.parseAdd(request.content(), request.headers().get(DbApiContract.IDEMPOTENCY_KEY)));
    }

    private void addBatch(FullHttpRequest request, Exchange exchange) throws BadRequestException {
        writes.addBatch(exchange, ResultParser.parseBatch(request.content(), context.limits().batchMaxItems()));
    }

    /** {@code GET /results/{id}}: an id no write could have stored (a control character, say) is a 400, not a query. */
    private void result(String id, Exchange exchange) throws BadRequestException {
        String problem = Limits.idProblem("the id in the path", id);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
        read(exchange, () -> context.store().find(id).map(Reply::ok)
                .orElseGet(() -> Reply.error(HttpResponseStatus.NOT_FOUND, "no result with id " + id)));
    }

    private void read(Exchange exchange, Supplier<Reply> query) {
        exchange.answerLater(CompletableFuture.supplyAsync(query, context.reads()), () -> { });
    }

    private void settings(FullHttpRequest request, Exchange exchange) throws BadRequestException {
        if (request.method().equals(HttpMethod.PUT)) {
            String body = ResultParser.utf8(request.content()).strip();
            if (body.isEmpty()) {
                throw new BadRequestException("empty body: send a JSON object of settings, e.g. {\"latencyMs\": 50}");
            }
            var changes = ResultParser.readJson(body);
            try {
                Knobs knobs = context.experiment().update(current -> current.with(changes));
                log.info("Experiment settings changed to {}", knobs);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        exchange.answer(Reply.ok(context.experiment().knobs()));
    }

    private static Reply decodingFailure(Throwable cause) {
        if (cause instanceof TooLongHttpContentException) {
            return Reply.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        }
        if (cause instanceof TooLongHttpLineException) {
            return Reply.error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long: " + cause.getMessage());
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return Reply.error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large: " + cause.getMessage());
        }
        return Reply.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + cause.getMessage());
    }

    private static String pathOf(String uri) {
        try {
            return new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
