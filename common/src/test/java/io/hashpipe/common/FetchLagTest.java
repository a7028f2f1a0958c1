package io.hashpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FetchLagTest {

    private static final String GROUP = "consumer-fetch-manager-metrics";

    private final Map<MetricName, Metric> metrics = new HashMap<>();

    @Test
    void eachPartitionCountsOnceThoughKafkaReportsADottedTopicTwice() {
        lag("hashpipe.tasks", 0, 7.0);
        lag("hashpipe_tasks", 0, 7.0); // KIP-1109's deprecated copy of the same partition
        lag("hashpipe.tasks", 1, 3.0);
        lag("hashpipe_tasks", 1, 3.0);
        assertEquals(10.0, FetchLag.total(metrics));
        assertEquals(Map.of(new TopicPartition("hashpipe_tasks", 0), 7.0, new TopicPartition("hashpipe_tasks", 1), 3.0),
                FetchLag.byPartition(metrics));
    }

    @Test
    void onlyTheGivenPartitionsCountAndLookAlikesNever() {
        lag("hashpipe_hashes", 0, 5.0);
        lag("hashpipe_hashes", 1, 4.0);
        put(new MetricName("records-lag-max", GROUP, "", Map.of("client-id", "c", "topic", "hashpipe_hashes", "partition", "0")), 1e6);
        put(new MetricName("records-lag", "another-group", "", Map.of("client-id", "c", "topic", "hashpipe_hashes", "partition", "0")), 1e6);
        put(new MetricName("records-lag", GROUP, "", Map.of("client-id", "c")), 1e6); // no partition
        put(new MetricName("records-lag", GROUP, "", Map.of("client-id", "c", "topic", "t", "partition", "0")), Double.NaN);
        assertEquals(5.0, FetchLag.of(metrics, List.of(new TopicPartition("hashpipe.hashes", 0), new TopicPartition("t", 0))));
        assertEquals(9.0, FetchLag.total(metrics));
    }

    private void lag(String topic, int partition, double records) {
        put(new MetricName("records-lag", GROUP, "", Map.of("client-id", "c", "topic", topic, "partition", Integer.toString(partition))), records);
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
