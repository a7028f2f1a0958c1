package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The committed lag's sum over fake consumer metrics and published uncommitted counts. */
class CommittedLagTest {

    private static final TopicPartition P0 = new TopicPartition("hashpipe.results", 0);
    private static final TopicPartition P1 = new TopicPartition("hashpipe.results", 1);
    private static final TopicPartition P2 = new TopicPartition("hashpipe.results", 2);

    private final FakeFetchMetrics metrics = new FakeFetchMetrics();
    private final CommittedLag lag = new CommittedLag(metrics::map);

    @Test
    void sumsTheFetchLagAndTheUncommittedRecordsOfTheAssignedPartitionsOnly() {
        metrics.lag(P0, 7);
        metrics.lag(P1, 3);
        metrics.lag(P2, 100); // another member's partition, seen by this consumer earlier
        assertEquals(0.0, lag.value(), "nothing assigned yet");
        lag.assigned(List.of(P0, P1));
        assertEquals(10.0, lag.value());
        lag.uncommitted(P0, 5);
        assertEquals(15.0, lag.value());
        lag.uncommitted(P0, 0);
        assertEquals(10.0, lag.value(), "the latest count replaces the previous one");
    }

    @Test
    void revokedPartitionsDropOutEvenWhileTheirMetricsRemain() {
        metrics.lag(P0, 7);
        metrics.lag(P1, 3);
        lag.assigned(List.of(P0, P1));
        lag.uncommitted(P1, 4);
        lag.forget(List.of(P1));
        assertEquals(7.0, lag.value());
        lag.forgetAll();
        assertEquals(0.0, lag.value());
    }

    @Test
    void aPartitionWithoutAFetchYetCountsItsUncommittedRecordsAndANaNLagIsSkipped() {
        lag.uncommitted(P2, 6);
        assertEquals(6.0, lag.value(), "publishing a count assigns the partition");
        metrics.lag(P2, Double.NaN);
        assertEquals(6.0, lag.value());
        metrics.lag(P2, 1);
        assertEquals(7.0, lag.value());
    }
}
