package io.hashpipe.dbapi;

import io.hashpipe.dbapi.internals.BoundedBodyAggregator;
import io.hashpipe.dbapi.internals.RequestDeadline;
import io.hashpipe.dbapi.internals.ServerContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one connection: the idle timeout and the read deadline (a request must arrive whole within
 * {@code dbapi.read.timeout.ms}), the HTTP/1.1 codec, body aggregation up to {@code dbapi.max.body.bytes}
 * (JSON 413 beyond), one request at a time, and the API's handler.
 */
public class DbApiServerInitializer extends ChannelInitializer<Channel> {

    private final ServerContext context;

    public DbApiServerInitializer(ServerContext context) {
        this.context = context;
    }

    @Override
    protected void initChannel(Channel ch) {
        RequestDeadline deadline = new RequestDeadline(context.limits().readTimeoutMillis(), context.metrics());
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, context.limits().idleTimeoutMillis(), TimeUnit.MILLISECONDS))
                .addLast("deadline", deadline)
                .addLast("codec", new HttpServerCodec())
                .addLast("aggregator", new BoundedBodyAggregator(context.limits().maxBodyBytes(), context.metrics()))
                // Hands the handler one request per read() it asks for; the rest wait here, in order.
                .addLast("flow", new FlowControlHandler())
                .addLast("handler", new DbApiServerHandler(context, deadline));
    }
}
