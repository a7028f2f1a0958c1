package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitPointStopsAtTheLowestUnacknowledgedRecord() {
        take(P0, 10, 11, 12, 13);
        tracker.acked(P0, 11);
        tracker.acked(P0, 12);
        assertEquals(10, tracker.commitPoint(P0));
        tracker.acked(P0, 10);
        assertEquals(13, tracker.commitPoint(P0));
        tracker.acked(P0, 13);
        assertEquals(14, tracker.commitPoint(P0));
    }

    @Test
    void gapsInOffsetsDoNotHoldTheCommitPointBack() {
        take(P0, 5, 7, 10); // 6, 8, 9: transaction markers or aborted records never seen
        tracker.acked(P0, 5);
        assertEquals(7, tracker.commitPoint(P0));
        tracker.acked(P0, 10);
        assertEquals(7, tracker.commitPoint(P0));
        tracker.acked(P0, 7);
        assertEquals(11, tracker.commitPoint(P0));
    }

    @Test
    void positionMovesTheCommitPointPastATrailingMarkerOnlyWhenNothingIsPending() {
        take(P0, 0, 1);
        tracker.positionAt(P0, 3);
        assertEquals(0, tracker.commitPoint(P0));
        tracker.acked(P0, 0);
        tracker.acked(P0, 1);
        assertEquals(3, tracker.commitPoint(P0));
        tracker.positionAt(P0, 2); // never backwards
        assertEquals(3, tracker.commitPoint(P0));
    }

    @Test
    void outOfOrderAcksNeverLetTheCommitPointPassAnUnacknowledgedRecord() {
        Random random = new Random(42);
        List<Long> offsets = new ArrayList<>();
        for (long o = 0; o < 500; o++) {
            offsets.add(o * 2); // gaps everywhere
            tracker.taken(P0, o * 2, 10);
        }
        List<Long> order = new ArrayList<>(offsets);
        Collections.shuffle(order, random);
        TreeSet<Long> unacked = new TreeSet<>(offsets);
        long last = -1;
        for (long offset : order) {
            assertTrue(tracker.acked(P0, offset));
            unacked.remove(offset);
            long point = tracker.commitPoint(P0);
            if (!unacked.isEmpty()) {
                assertEquals(unacked.first(), point);
            }
            assertTrue(point >= last, "the commit point never moves back");
            last = point;
        }
        assertEquals(999, tracker.commitPoint(P0));
        assertEquals(0, tracker.bufferedRecords());
        assertEquals(0, tracker.bufferedBytes());
    }

    @Test
    void repeatedAndUnknownAcksAreIgnored() {
        take(P0, 0, 1);
        assertTrue(tracker.acked(P0, 0));
        assertFalse(tracker.acked(P0, 0));
        assertFalse(tracker.acked(P0, 7));
        assertFalse(tracker.acked(P1, 0));
        assertEquals(1, tracker.bufferedRecords());
        assertEquals(1, tracker.commitPoint(P0));
    }

    @Test
    void windowCountsRecordsAndBytesAcrossPartitions() {
        tracker.taken(P0, 0, 100);
        tracker.taken(P0, 1, 50);
        tracker.taken(P1, 0, 25);
        assertEquals(3, tracker.bufferedRecords());
        assertEquals(175, tracker.bufferedBytes());
        tracker.acked(P0, 1);
        assertEquals(2, tracker.bufferedRecords());
        assertEquals(125, tracker.bufferedBytes());
        tracker.forget(List.of(P0));
        assertEquals(1, tracker.bufferedRecords());
        assertEquals(25, tracker.bufferedBytes());
        assertEquals(Set.of(P1), Set.copyOf(tracker.partitions()));
    }

    @Test
    void toCommitReturnsOnlyPointsThatMovedSinceTheLastCommit() {
        take(P0, 0, 1);
        take(P1, 0);
        tracker.acked(P0, 0);
        Map<TopicPartition, OffsetAndMetadata> first = tracker.toCommit();
        assertEquals(Map.of(P0, new OffsetAndMetadata(1), P1, new OffsetAndMetadata(0)), first);
        tracker.committed(first);
        assertEquals(Map.of(), tracker.toCommit());
        tracker.acked(P1, 0);
        assertEquals(Map.of(P1, new OffsetAndMetadata(1)), tracker.toCommit());
        assertEquals(Map.of(), tracker.toCommit(List.of(P0)));
    }

    @Test
    void forgottenPartitionIgnoresLateAcks() {
        take(P0, 0, 1);
        tracker.forget(List.of(P0));
        assertFalse(tracker.acked(P0, 0));
        assertEquals(0, tracker.bufferedRecords());
        assertEquals(Map.of(), tracker.toCommit());
    }

    @Test
    void uncommittedCountsFromTheLastCommitOrTheFirstRecordUpToThePosition() {
        assertEquals(0, tracker.uncommitted(P0), "untracked");
        take(P0, 10, 11, 12);
        assertEquals(3, tracker.uncommitted(P0), "no commit yet: from the first record");
        tracker.acked(P0, 10);
        tracker.acked(P0, 12);
        assertEquals(3, tracker.uncommitted(P0), "acknowledged is not committed");
        tracker.committed(tracker.toCommit());
        assertEquals(2, tracker.uncommitted(P0), "committed up to 11, the lowest pending");
        tracker.acked(P0, 11);
        tracker.positionAt(P0, 15); // a transaction marker and two aborted records after 12
        assertEquals(4, tracker.uncommitted(P0));
        tracker.committed(tracker.toCommit());
        assertEquals(0, tracker.uncommitted(P0));
        take(P0, 15);
        assertEquals(1, tracker.uncommitted(P0));
        tracker.forget(List.of(P0));
        assertEquals(0, tracker.uncommitted(P0));
    }

    @Test
    void offsetsOfAPartitionMustIncrease() {
        take(P0, 5);
        assertThrows(IllegalArgumentException.class, () -> tracker.taken(P0, 5, 1));
    }

    private void take(TopicPartition tp, long... offsets) {
        for (long offset : offsets) {
            tracker.taken(tp, offset, 1);
        }
    }
}
