package io.hashpipe.saver.internals;

import io.hashpipe.common.FetchLag;
import io.hashpipe.common.offsets.OffsetWindow;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

/**
 * The saver's committed offset lag: over its assigned partitions, the records between the offset the saver
 * last committed and the end of the partition as its consumer sees it (for read_committed, the last stable
 * offset). Per partition it is the sum of two parts:
 * <ul>
 *   <li>taken and not committed: the saver's position minus its last commit ({@link OffsetWindow#uncommitted}),
 *       which the consumer's thread publishes here after each poll;</li>
 *   <li>not fetched yet: the consumer's own {@code records-lag} metric (the end minus the position, as of the
 *       last fetch), read from the consumer's metrics ({@link FetchLag}), which are safe to read from any thread.</li>
 * </ul>
 *
 * <p>{@link #value} may be called from any thread and touches nothing of the consumer but its metrics; the
 * other methods belong to the consumer's thread. It is an estimate in three ways: a paused partition's
 * fetch part is that of its last fetch; a partition counts from the first record taken until the saver first
 * commits it; and transaction markers the consumer has skipped count only once a poll's next offsets or the
 * committer's position refresh have moved the saver's position past them.
 */
public final class CommittedLag {

    private final Supplier<? extends Map<MetricName, ? extends Metric>> consumerMetrics;
    /** The assigned partitions, to their records taken and not committed. */
    private final Map<TopicPartition, AtomicLong> uncommitted = new ConcurrentHashMap<>();

    /** A lag over the consumer's metrics, typically {@code consumer::metrics}. */
    public CommittedLag(Supplier<? extends Map<MetricName, ? extends Metric>> consumerMetrics) {
        this.consumerMetrics = consumerMetrics;
    }

    /** The partitions are assigned: their fetch lag counts from now on. */
    void assigned(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            uncommitted.putIfAbsent(tp, new AtomicLong());
        }
    }

    /** Records of {@code tp} taken and not committed now (an unassigned partition becomes assigned). */
    void uncommitted(TopicPartition tp, long records) {
        uncommitted.computeIfAbsent(tp, k -> new AtomicLong()).set(records);
    }

    /** The partitions are revoked or lost: they drop out of the sum. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(uncommitted::remove);
    }

    /** No partition is assigned any more (the saver stopped). */
    void forgetAll() {
        uncommitted.clear();
    }

    /** The lag now, in records; 0 with nothing assigned. */
    public double value() {
        if (uncommitted.isEmpty()) {
            return 0;
        }
        double total = 0;
        for (AtomicLong records : uncommitted.values()) {
            total += records.get();
        }
        return total + FetchLag.of(consumerMetrics.get(), uncommitted.keySet());
    }
}
