package io.hashpipe.dbapi;

import io.hashpipe.dbapi.internals.BoundedBodyAggregator;
import io.hashpipe.dbapi.internals.ServerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;

/**
 * The pipeline of one connection: HTTP/1.1 codec, body aggregation up to {@code dbapi.max.body.bytes}
 * (JSON 413 beyond), one request at a time, and the API's handler.
 */
public class DbApiServerInitializer extends ChannelInitializer<SocketChannel> {

    private final ServerContext context;
    private final int maxBodyBytes;

    public DbApiServerInitializer(ServerContext context, int maxBodyBytes) {
        this.context = context;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("codec", new HttpServerCodec())
                .addLast("aggregator", new BoundedBodyAggregator(maxBodyBytes, context.metrics()))
                // Hands the handler one request per read() it asks for; the rest wait here, in order.
                .addLast("flow", new FlowControlHandler())
                .addLast("handler", new DbApiServerHandler(context));
    }
}
