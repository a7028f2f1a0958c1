package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link OffsetTracker} over thousands of random sequences: whatever the order of takes (with
 * gaps, as transaction markers leave), acknowledgements, position updates and commits, a committed offset
 * never passes a record that is not acknowledged, and once everything is acknowledged the commit point
 * reaches the end.
 *
 * <p>Each run draws a new base seed, so runs cover different sequences; a failure names the seed of the
 * failing sequence, and {@code -Dhashpipe.test.seed=SEED} replays exactly that one first.
 */
class OffsetTrackerPropertyTest {

    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1));
    /** Random sequences per run. */
    private static final int SEQUENCES = 5_000;
    /** The longest sequence, in steps. */
    private static final int MAX_STEPS = 300;

    @Test
    void committedOffsetsNeverPassAnUnacknowledgedRecord() {
        Long replay = Long.getLong("hashpipe.test.seed");
        SplittableRandom seeds = new SplittableRandom(replay != null ? replay : System.nanoTime());
        for (int i = 0; i < SEQUENCES; i++) {
            long seed = i == 0 && replay != null ? replay : seeds.nextLong();
            try {
                checkSequence(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("Sequence with seed " + seed + " failed (replay it with -Dhashpipe.test.seed="
                        + seed + "): " + e.getMessage(), e);
            }
        }
    }

    /**
     * One random sequence: its steps are take, ack, position or commit, drawn with weights of their own (so
     * some sequences pile up pending records and others drain them); each step's argument picks the
     * partition, the gap or which pending record is acknowledged.
     */
    private static void checkSequence(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] weights = {1 + random.nextInt(8), 1 + random.nextInt(8), 1 + random.nextInt(4), 1 + random.nextInt(4)};
        int steps = random.nextInt(MAX_STEPS + 1);
        OffsetTracker tracker = new OffsetTracker();
        Map<TopicPartition, TreeSet<Long>> unacked = new HashMap<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        Map<TopicPartition, Long> lastCommitted = new HashMap<>();
        PARTITIONS.forEach(tp -> {
            unacked.put(tp, new TreeSet<>());
            next.put(tp, 0L);
        });
        for (int s = 0; s < steps; s++) {
            TopicPartition tp = PARTITIONS.get(random.nextInt(PARTITIONS.size()));
            int arg = random.nextInt(10_000);
            switch (pick(random, weights)) {
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
                        assertTrue(tracker.acked(tp, offset), "a pending record's acknowledgement counts");
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
            assertEquals(unacked.values().stream().mapToInt(TreeSet::size).sum(), tracker.bufferedRecords(),
                    "buffered records are the unacknowledged ones");
        }
    }

    /** An index into {@code weights}, drawn in proportion to them. */
    private static int pick(SplittableRandom random, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        throw new AssertionError("unreachable: r < total");
    }
}
