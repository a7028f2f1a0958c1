package io.hashpipe.hasher.internals;

import io.hashpipe.common.FetchLag;
import io.hashpipe.hasher.HasherMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The hasher's consumer lag as one gauge: the sum, over its assigned partitions, of the consumer's own
 * {@code records-lag} metric (tasks between its fetch position and the end of the partition), each partition
 * once ({@link FetchLag}).
 *
 * <p>Tasks fetched and still queued or hashing are not in it; they are in {@code hashpipe.hasher.busy} and
 * the committed offsets. While the partitions are paused, it shows the lag of the last fetch.
 */
public final class LagGauge {

    private LagGauge() {
    }

    /**
     * Registers the gauge, tagged {@code hasher} with {@code hasherName} (several hashers may share one
     * registry); it reads the consumer's metrics (thread-safe) whenever it is read.
     */
    public static void register(MeterRegistry registry, Consumer<?, ?> consumer, String hasherName) {
        Gauge.builder(HasherMeters.LAG, consumer, LagGauge::lag).description("Tasks not yet fetched from the assigned partitions")
                .tag(HasherMeters.TAG_HASHER, hasherName).register(registry);
    }

    static double lag(Consumer<?, ?> consumer) {
        return FetchLag.total(consumer.metrics());
    }
}
