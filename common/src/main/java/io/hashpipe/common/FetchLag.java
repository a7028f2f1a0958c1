package io.hashpipe.common;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer's own fetch lag, read from its metrics ({@code consumer.metrics()}, safe to read from any
 * thread): per partition, the {@code records-lag} of its fetch manager, the records between its position
 * and the end of the partition (for read_committed, the last stable offset) as of its last fetch.
 *
 * <p>Kafka (since 4.1, KIP-1109) reports a partition of a topic with dots twice: tagged with the topic's
 * name, and in a deprecated copy tagged with the dots as underscores. Each partition counts once here.
 * The lag of records fetched but not yet processed or committed is not in it; brokers' committed-offset
 * lag, which outlives the consumer, is {@link GroupOffsets}'s.
 */
public final class FetchLag {

    private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";
    private static final String RECORDS_LAG = "records-lag";

    private FetchLag() {
    }

    /**
     * The fetch lag of each partition the metrics report, keyed by the partition with its topic's dots as
     * underscores (the one spelling both copies share); NaN values (no fetch yet) are left out.
     */
    public static Map<TopicPartition, Double> byPartition(Map<MetricName, ? extends Metric> metrics) {
        Map<TopicPartition, Double> lags = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName name = entry.getKey();
            String topic = name.tags().get("topic");
            String partition = name.tags().get("partition");
            if (RECORDS_LAG.equals(name.name()) && FETCH_GROUP.equals(name.group()) && topic != null && partition != null
                    && entry.getValue().metricValue() instanceof Double lag && !lag.isNaN()) {
                lags.put(key(new TopicPartition(topic, Integer.parseInt(partition))), lag);
            }
        }
        return lags;
    }

    /** The sum over every partition the metrics report. */
    public static double total(Map<MetricName, ? extends Metric> metrics) {
        return byPartition(metrics).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The sum over {@code partitions} (named as the consumer names them, with dots). */
    public static double of(Map<MetricName, ? extends Metric> metrics, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Double> lags = byPartition(metrics);
        double total = 0;
        for (TopicPartition tp : partitions) {
            total += lags.getOrDefault(key(tp), 0.0);
        }
        return total;
    }

    private static TopicPartition key(TopicPartition tp) {
        return new TopicPartition(tp.topic().replace('.', '_'), tp.partition());
    }
}
