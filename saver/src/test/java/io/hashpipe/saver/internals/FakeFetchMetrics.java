package io.hashpipe.saver.internals;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer's metrics map as {@link CommittedLag} reads it: per-partition {@code records-lag} values set by
 * the test, among look-alikes that must not count (the partition's max, the client's max, another group).
 */
final class FakeFetchMetrics {

    private static final String GROUP = "consumer-fetch-manager-metrics";

    private final Map<MetricName, Metric> metrics = new ConcurrentHashMap<>();

    FakeFetchMetrics() {
        put(new MetricName("records-lag-max", GROUP, "", Map.of("client-id", "c")), 1_000_000.0);
    }

    /** Sets the fetch lag of {@code tp}, named as Kafka names it (dots in the topic become underscores). */
    void lag(TopicPartition tp, double records) {
        Map<String, String> tags = Map.of("client-id", "c", "topic", tp.topic().replace('.', '_'),
                "partition", Integer.toString(tp.partition()));
        put(new MetricName("records-lag", GROUP, "", tags), records);
        put(new MetricName("records-lag-max", GROUP, "", tags), 1_000_000.0);
        put(new MetricName("records-lag", "another-group", "", tags), 1_000_000.0);
    }

    Map<MetricName, ? extends Metric> map() {
        return metrics;
    }

    private void put(MetricName name, Object value) {
        metrics.put(name, new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }
}
