package io.hashpipe.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * A service's Kafka clients' own metrics (consumer lag, fetch and send rates, transactions) reported to the
 * service's registry through Micrometer's {@link KafkaClientMetrics}.
 *
 * <p>Kafka adds some metrics only after the client starts working (a partition's lag after its first
 * fetch); they are picked up every {@link #REFRESH}, not Micrometer's default minute, so that a dashboard
 * shows them soon after start. Close before or after the clients; closing removes the meters.
 *
 * <p>A consumer's topic and partition metrics are reported once, under the topic's name. Since Kafka 4.1
 * (KIP-1109) a consumer keeps a deprecated twin of each of them for a topic whose name has a dot, tagged
 * with the name's dots replaced by underscores ({@code topic="hashpipe_hashes"} beside
 * {@code topic="hashpipe.hashes"}), until Kafka 5.0; exported as well, it doubled every sum over topics.
 * The twins are left out here. A consumer reading both {@code a.b} and {@code a_b} would lose {@code a_b}'s
 * metrics, which Kafka merges with the twin's anyway (KAFKA-19753).
 */
public final class KafkaClientMeters implements AutoCloseable {

    /** How often newly appeared client metrics are registered. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    /**
     * Tag naming the client kind: a producer and a consumer sharing a client.id (a hasher's do) would
     * otherwise collide on the meters Kafka names alike for both ({@code kafka.app.info.*}).
     */
    public static final String CLIENT_TAG = "kafka.client";

    private static final String TOPIC_TAG = "topic";

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

    /** Reports {@code consumer}'s metrics, without the deprecated twins of its topic metrics. */
    public void bind(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(metricsView(consumer::metrics, consumer), Tags.of(CLIENT_TAG, "consumer"), scheduler, REFRESH));
    }

    /**
     * Reports a share consumer's metrics as a consumer's (Micrometer's binder takes no share consumer), tagged
     * {@code kafka.client=consumer} too: its {@code last-poll-seconds-ago} is what readiness reads.
     */
    public void bind(ShareConsumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(metricsView(consumer::metrics, consumer), Tags.of(CLIENT_TAG, "consumer"), scheduler, REFRESH));
    }

    /**
     * {@code metrics} without the deprecated twin of each topic or partition metric: the metric of the same
     * name, group and tags whose {@code topic} tag is a dotted topic's name with underscores for the dots.
     */
    static Map<MetricName, ? extends Metric> withoutDeprecatedTopicTwins(Map<MetricName, ? extends Metric> metrics) {
        Set<MetricName> twins = new HashSet<>();
        for (MetricName name : metrics.keySet()) {
            String topic = name.tags().get(TOPIC_TAG);
            if (topic != null && topic.indexOf('.') >= 0) {
                Map<String, String> tags = new HashMap<>(name.tags());
                tags.put(TOPIC_TAG, topic.replace('.', '_'));
                twins.add(new MetricName(name.name(), name.group(), name.description(), tags));
            }
        }
        if (twins.isEmpty()) {
            return metrics;
        }
        Map<MetricName, Metric> kept = new HashMap<>();
        metrics.forEach((name, metric) -> {
            if (!twins.contains(name)) {
                kept.put(name, metric);
            }
        });
        return kept;
    }

    /**
     * A {@link Consumer} that answers only {@link Consumer#metrics()}, with the twins left out:
     * {@link KafkaClientMetrics} reads nothing else, and takes its metrics from a client only.
     */
    private static Consumer<?, ?> metricsView(Supplier<Map<MetricName, ? extends Metric>> metrics, Object consumer) {
        return (Consumer<?, ?>) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("metrics") && method.getParameterCount() == 0) {
                        return withoutDeprecatedTopicTwins(metrics.get());
                    }
                    if (method.getDeclaringClass() == Object.class) { // equals, hashCode, toString: the view's own
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "metrics of " + consumer;
                        };
                    }
                    throw new UnsupportedOperationException("a view of a consumer's metrics only, not " + method.getName());
                });
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
