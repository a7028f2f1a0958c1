package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Property-based tests of {@link OffsetTracker}: whatever the order of takes (with gaps, as transaction
 * markers leave), acknowledgements, position updates and commits, a committed offset never passes a
 * record that is not acknowledged, and once everything is acknowledged the commit point reaches the end.
 */
class OffsetTrackerPropertyTest {

    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1));

    /**
     * Each number of the script is one step: its value mod 4 picks take, ack, position or commit; the rest
     * picks the partition, the gap or which pending record is acknowledged.
     */
    @Property(tries = 500)
    void committedOffsetsNeverPassAnUnacknowledgedRecord(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 10_000) Integer> script) {
        OffsetTracker tracker = new OffsetTracker();
        Map<TopicPartition, TreeSet<Long>> unacked = new HashMap<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        Map<TopicPartition, Long> lastCommitted = new HashMap<>();
        PARTITIONS.forEach(tp -> {
            unacked.put(tp, new TreeSet<>());
            next.put(tp, 0L);
        });
        for (int step : script) {
            TopicPartition tp = PARTITIONS.get((step / 4) % PARTITIONS.size());
            int arg = step / 8;
            switch (step % 4) {
                case 0 -> {
                    long offset = next.get(tp) + arg % 3; // a gap of 0..2: markers or compacted records
                    tracker.taken(tp, offset, 10);
                    unacked.get(tp).add(offset);
                    next.put(tp, offset + 1);
                }
                case 1 -> {
                    List<Long> pending = new ArrayList<>(unacked.get(tp));
                    if (!pending.isEmpty()) {
                        long offset = pending.get(arg % pending.size());
                        assertTrue(tracker.acked(tp, offset));
                        unacked.get(tp).remove(offset);
                    }
                }
                case 2 -> {
                    if (tracker.partitions().contains(tp)) {
                        long position = next.get(tp) + arg % 2;
                        tracker.positionAt(tp, position);
                        next.put(tp, Math.max(next.get(tp), position));
                    }
                }
                default -> {
                    Map<TopicPartition, OffsetAndMetadata> commit = tracker.toCommit();
                    commit.forEach((p, o) -> {
                        assertTrue(o.offset() >= lastCommitted.getOrDefault(p, 0L), "commits never go back");
                        lastCommitted.put(p, o.offset());
                    });
                    tracker.committed(commit);
                }
            }
            for (TopicPartition p : tracker.partitions()) {
                long point = tracker.commitPoint(p);
                TreeSet<Long> pending = unacked.get(p);
                if (pending.isEmpty()) {
                    assertEquals((long) next.get(p), point, "nothing pending: the commit point is the end");
                } else {
                    assertEquals((long) pending.first(), point, "the commit point is the lowest unacknowledged record");
                }
                assertTrue(lastCommitted.getOrDefault(p, 0L) <= (pending.isEmpty() ? next.get(p) : pending.first()),
                        "a committed offset never passes an unacknowledged record");
            }
            assertEquals(unacked.values().stream().mapToInt(TreeSet::size).sum(), tracker.bufferedRecords());
        }
    }
}
