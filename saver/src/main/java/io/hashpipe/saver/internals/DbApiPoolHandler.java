package io.hashpipe.saver.internals;

import io.netty.channel.Channel;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;

/**
 * Builds the pipeline of each new pooled connection: TLS for {@code https://} (with the host name for SNI and
 * verification), the HTTP/1.1 codec, aggregation, then the response handler.
 */
final class DbApiPoolHandler extends AbstractChannelPoolHandler {

    /** Largest response accepted; a batch answer of 10,000 items fits. */
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private final ApiEndpoint endpoint;

    DbApiPoolHandler(ApiEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void channelCreated(Channel ch) {
        SslContext ssl = endpoint.ssl();
        if (ssl != null) {
            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc(), endpoint.host(), endpoint.port()));
        }
        ch.pipeline()
                .addLast("codec", new HttpClientCodec())
                .addLast("aggregator", new HttpObjectAggregator(MAX_RESPONSE_BYTES))
                .addLast("response", new DbApiResponseHandler());
    }
}
