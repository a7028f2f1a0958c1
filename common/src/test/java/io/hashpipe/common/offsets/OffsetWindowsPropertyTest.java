package io.hashpipe.common.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link OffsetWindows} over thousands of random sequences of takes (with gaps, as transaction
 * markers and compaction leave), dones (with an output held for the commit, as the hasher's, or without, as the
 * saver's), consumer positions, commits (noted, failed, or noted late, as the saver's background commits are)
 * and revokes with the partition read again from its committed offset:
 * <ul>
 *   <li>a committed offset never passes a record not done, nor an output that is not in the same or an earlier commit;</li>
 *   <li>commits never go back, no output is committed twice, and a commit noted late never touches a newer window;</li>
 *   <li>the held records, bytes and ready outputs are what the model says;</li>
 *   <li>once everything is done, the commits reach the end of each window and nothing is held.</li>
 * </ul>
 *
 * <p>Each run draws a new base seed, so runs cover different sequences; a failure names the seed of the
 * failing sequence, and {@code -Dhashpipe.test.seed=SEED} replays exactly that one first.
 */
class OffsetWindowsPropertyTest {

    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1));
    /** Random sequences per run. */
    private static final int SEQUENCES = 5_000;
    /** The longest sequence, in steps. */
    private static final int MAX_STEPS = 300;

    @Test
    void committedOffsetsNeverPassARecordNotDone() {
        Long replay = Long.getLong("hashpipe.test.seed");
        SplittableRandom seeds = new SplittableRandom(replay != null ? replay : System.nanoTime());
        for (int i = 0; i < SEQUENCES; i++) {
            long seed = i == 0 && replay != null ? replay : seeds.nextLong();
            try {
                new Sequence(seed).run();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("Sequence with seed " + seed + " failed (replay it with -Dhashpipe.test.seed="
                        + seed + "): " + e.getMessage(), e);
            }
        }
    }

    /** What one open window should hold: the model the real one is checked against. */
    private static final class Expected {
        final int incarnation;
        final TreeMap<Long, Integer> inFlight = new TreeMap<>();
        /** Outputs done and not committed, by offset. */
        final TreeMap<Long, String> outputs = new TreeMap<>();
        final Map<Long, Integer> outputBytes = new HashMap<>();
        long end = -1;
        long lastCommitted = -1;

        Expected(int incarnation) {
            this.incarnation = incarnation;
        }

        long position() {
            return inFlight.isEmpty() ? end : inFlight.firstKey();
        }

        List<Long> ready() {
            return new ArrayList<>(outputs.headMap(position(), false).keySet());
        }
    }

    /**
     * One random sequence: its steps are take, done, position, commit, late note and revoke, drawn with weights
     * of their own (so some sequences pile up records and others drain them); each step's argument picks the
     * partition, the gap, which record is done, or the commit's limit and fate.
     */
    private static final class Sequence {
        final SplittableRandom random;
        final int[] weights;
        /** Whether dones carry outputs (the hasher's way; its commits are noted at once) or not (the saver's). */
        final boolean withOutputs;
        final OffsetWindows<String> windows = new OffsetWindows<>(Integer.MAX_VALUE, Long.MAX_VALUE);
        final Map<TopicPartition, Expected> expected = new HashMap<>();
        /** The next offset the consumer would return per partition, and the group's committed offsets. */
        final Map<TopicPartition, Long> fetch = new HashMap<>();
        final Map<TopicPartition, Long> group = new HashMap<>();
        final Set<String> committedOutputs = new HashSet<>();
        final List<OffsetWindows.Batch<String>> late = new ArrayList<>();
        int incarnations;

        Sequence(long seed) {
            random = new SplittableRandom(seed);
            weights = new int[] {1 + random.nextInt(8), 1 + random.nextInt(8), 1 + random.nextInt(4), 1 + random.nextInt(4),
                    1 + random.nextInt(2), random.nextInt(2)};
            withOutputs = random.nextBoolean();
        }

        void run() {
            PARTITIONS.forEach(this::assign);
            int steps = random.nextInt(MAX_STEPS + 1);
            for (int s = 0; s < steps; s++) {
                TopicPartition tp = PARTITIONS.get(random.nextInt(PARTITIONS.size()));
                int arg = random.nextInt(10_000);
                switch (pick()) {
                    case 0 -> take(tp, arg);
                    case 1 -> done(tp, arg);
                    case 2 -> position(tp, arg);
                    case 3 -> commit(arg);
                    case 4 -> noteLate();
                    default -> revoke(tp);
                }
                check();
            }
            drain();
        }

        void assign(TopicPartition tp) {
            windows.open(List.of(tp));
            expected.put(tp, new Expected(incarnations++));
            fetch.put(tp, group.getOrDefault(tp, 0L));
        }

        void take(TopicPartition tp, int arg) {
            long offset = fetch.get(tp) + arg % 3; // a gap of 0..2: markers or compacted records
            int bytes = 1 + arg % 50;
            assertNotNull(windows.take(tp, offset, bytes), "an owned partition's record is taken");
            Expected e = expected.get(tp);
            e.inFlight.put(offset, bytes);
            e.end = offset + 1;
            fetch.put(tp, offset + 1);
        }

        void done(TopicPartition tp, int arg) {
            Expected e = expected.get(tp);
            if (e.inFlight.isEmpty()) {
                assertFalse(windows.done(tp, fetch.get(tp)), "a record not taken is not done");
                return;
            }
            long offset = new ArrayList<>(e.inFlight.keySet()).get(arg % e.inFlight.size());
            int bytes = e.inFlight.remove(offset);
            if (withOutputs) {
                String output = tp + "|" + e.incarnation + "|" + offset;
                assertTrue(windows.window(tp).done(offset, output), "a record in flight is done");
                e.outputs.put(offset, output);
                e.outputBytes.put(offset, bytes);
            } else {
                assertTrue(windows.done(tp, offset), "a record in flight is done");
            }
            assertFalse(windows.done(tp, offset), "done twice counts once");
        }

        void position(TopicPartition tp, int arg) {
            long position = fetch.get(tp) + arg % 2;
            windows.positionsAt(Map.of(tp, new OffsetAndMetadata(position)));
            Expected e = expected.get(tp);
            if (e.end >= 0) {
                e.end = Math.max(e.end, position);
            }
            fetch.put(tp, Math.max(fetch.get(tp), position));
        }

        void commit(int arg) {
            int limit = arg % 6;
            OffsetWindows.Batch<String> batch = windows.toCommit(limit);
            checkBatch(batch, limit);
            int fate = arg / 6 % 10;
            if (fate == 0) {
                return; // failed or aborted: nothing is noted, the broker keeps what it had
            }
            for (String output : batch.outputs()) {
                assertTrue(committedOutputs.add(output), "output " + output + " committed twice");
            }
            batch.offsets().forEach((tp, offset) -> group.put(tp, offset.offset()));
            if (!withOutputs && fate < 3) {
                late.add(batch); // committed in the background: noted when its callback runs
            } else {
                note(batch);
            }
        }

        void noteLate() {
            if (!late.isEmpty()) {
                note(late.remove(random.nextInt(late.size())));
            }
        }

        void note(OffsetWindows.Batch<String> batch) {
            windows.committed(batch);
            batch.offsets().forEach((tp, offset) -> {
                Expected e = expected.get(tp);
                if (e.incarnation == incarnationOf(batch, tp)) {
                    e.lastCommitted = Math.max(e.lastCommitted, offset.offset());
                    e.outputs.headMap(offset.offset(), false).keySet().forEach(e.outputBytes::remove);
                    e.outputs.headMap(offset.offset(), false).clear();
                }
            });
        }

        /** Revoked and assigned again: a new window, read again from the group's committed offset. */
        void revoke(TopicPartition tp) {
            OffsetWindow<String> old = windows.window(tp);
            windows.close(List.of(tp));
            assertTrue(old.closed());
            assign(tp);
        }

        /** Checks one commit against the model, before it is noted. */
        void checkBatch(OffsetWindows.Batch<String> batch, int limit) {
            assertTrue(batch.outputs().size() <= limit, "at most the limit of outputs");
            Map<TopicPartition, List<Long>> outputsByPartition = new HashMap<>();
            for (String output : batch.outputs()) {
                String[] parts = output.split("\\|");
                TopicPartition tp = PARTITIONS.stream().filter(p -> p.toString().equals(parts[0])).findFirst().orElseThrow();
                assertEquals(expected.get(tp).incarnation, Integer.parseInt(parts[1]), "an output of a closed window");
                outputsByPartition.computeIfAbsent(tp, k -> new ArrayList<>()).add(Long.parseLong(parts[2]));
            }
            for (TopicPartition tp : PARTITIONS) {
                Expected e = expected.get(tp);
                List<Long> ready = e.ready();
                List<Long> taken = outputsByPartition.getOrDefault(tp, List.of());
                OffsetAndMetadata offset = batch.offsets().get(tp);
                if (offset == null) {
                    assertTrue(taken.isEmpty(), "outputs go with their offset");
                    long wouldCommit = ready.isEmpty() ? (e.end < 0 ? -1 : e.position()) : ready.get(0);
                    assertTrue(wouldCommit <= e.lastCommitted && (ready.isEmpty() || batch.outputs().size() == limit),
                            tp + " left out with something to commit");
                    continue;
                }
                assertEquals(ready.subList(0, taken.size()), taken, "the lowest ready outputs, in offset order");
                assertTrue(taken.size() == ready.size() || batch.outputs().size() == limit, "ready outputs left out below the limit");
                long expectedOffset = taken.size() < ready.size() ? ready.get(taken.size()) : e.position();
                assertEquals(expectedOffset, offset.offset(), "the commit stops at the position or the first output left out");
                assertTrue(offset.offset() <= e.position(), "a commit never passes a record not done");
                assertTrue(offset.offset() >= group.getOrDefault(tp, 0L), "commits never go back");
                assertTrue(offset.offset() > e.lastCommitted || !taken.isEmpty(), "only moved offsets are committed");
            }
        }

        void check() {
            int held = 0;
            long bytes = 0;
            for (TopicPartition tp : PARTITIONS) {
                Expected e = expected.get(tp);
                OffsetWindow<String> window = windows.window(tp);
                assertEquals(e.end >= 0, window.started());
                if (e.end >= 0) {
                    assertEquals(e.position(), window.position(), "the position is the lowest record not done, or the end");
                }
                assertEquals(e.ready().size(), window.readyCount(), "ready outputs are those below the position");
                assertEquals(e.inFlight.size(), window.inFlight());
                assertEquals(e.lastCommitted, window.lastCommitted());
                held += e.inFlight.size() + e.outputs.size();
                bytes += e.inFlight.values().stream().mapToLong(Integer::longValue).sum()
                        + e.outputBytes.values().stream().mapToLong(Integer::longValue).sum();
            }
            assertEquals(held, windows.held(), "held records are those in flight and the outputs not committed");
            assertEquals(bytes, windows.heldBytes());
        }

        /** Everything done and committed: each started window's commit reaches its end, nothing is held. */
        void drain() {
            for (TopicPartition tp : PARTITIONS) {
                Expected e = expected.get(tp);
                while (!e.inFlight.isEmpty()) {
                    done(tp, 0);
                }
            }
            late.forEach(this::note);
            late.clear();
            OffsetWindows.Batch<String> batch = windows.toCommit(Integer.MAX_VALUE);
            checkBatch(batch, Integer.MAX_VALUE);
            note(batch);
            for (TopicPartition tp : PARTITIONS) {
                Expected e = expected.get(tp);
                if (e.end >= 0) {
                    assertEquals(e.end, windows.window(tp).lastCommitted(), "the commits reach the end");
                }
            }
            assertEquals(0, windows.held(), "nothing is held once everything is committed");
            check();
        }

        int incarnationOf(OffsetWindows.Batch<String> batch, TopicPartition tp) {
            return batch.windows().get(tp) == windows.window(tp) ? expected.get(tp).incarnation : -1;
        }

        /** An index into {@code weights}, drawn in proportion to them. */
        int pick() {
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
}
