package io.hashpipe.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the one warning Kafka's broker logs at every clean shutdown: its registration channel closes its
 * network client twice ({@code Attempting to close NetworkClient that has already been closed.}). It says
 * nothing is wrong, and it came after {@code hashpipe run}'s summary. Installed by {@code logback.xml}; every
 * other line of the same logger passes.
 */
public final class KafkaNoiseFilter extends TurboFilter {

    private static final String LOGGER = "org.apache.kafka.clients.NetworkClient";
    private static final String DOUBLE_CLOSE = "Attempting to close NetworkClient that has already been closed";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format != null && level == Level.WARN && LOGGER.equals(logger.getName()) && format.contains(DOUBLE_CLOSE)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
