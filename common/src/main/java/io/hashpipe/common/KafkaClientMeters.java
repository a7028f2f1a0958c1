package io.hashpipe.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * A service's Kafka clients' own metrics (consumer lag, fetch and send rates, transactions) reported to the
 * service's registry through Micrometer's {@link KafkaClientMetrics}.
 *
 * <p>Kafka adds some metrics only after the client starts working (a partition's lag after its first
 * fetch); they are picked up every {@link #REFRESH}, not Micrometer's default minute, so that a dashboard
 * shows them soon after start. Close before or after the clients; closing removes the meters.
 */
public final class KafkaClientMeters implements AutoCloseable {

    /** How often newly appeared client metrics are registered. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    /**
     * Tag naming the client kind: a producer and a consumer sharing a client.id (a hasher's do) would
     * otherwise collide on the meters Kafka names alike for both ({@code kafka.app.info.*}).
     */
    public static final String CLIENT_TAG = "kafka.client";

    private final MeterRegistry registry;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hashpipe-kafka-meters");
        thread.setDaemon(true);
        return thread;
    });
    private final List<KafkaClientMetrics> bound = new CopyOnWriteArrayList<>();

    public KafkaClientMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Reports {@code producer}'s metrics. */
    public void bind(Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer, Tags.of(CLIENT_TAG, "producer"), scheduler, REFRESH));
    }

    /** Reports {@code consumer}'s metrics. */
    public void bind(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer, Tags.of(CLIENT_TAG, "consumer"), scheduler, REFRESH));
    }

    private void bind(KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        bound.add(metrics);
    }

    @Override
    public void close() {
        scheduler.shutdownNow(); // first, so that no refresh re-registers a closed client's meters
        bound.forEach(KafkaClientMetrics::close);
        bound.clear();
    }
}
