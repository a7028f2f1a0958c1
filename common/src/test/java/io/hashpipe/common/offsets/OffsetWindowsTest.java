package io.hashpipe.common.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetWindowsTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final OffsetWindows<String> windows = new OffsetWindows<>(4, 1_000);

    @Test
    void recordsOfAPartitionNotOwnedAreNotTaken() {
        windows.open(List.of(P0));
        assertNull(windows.take(P1, 0, 1));
        assertFalse(windows.done(P1, 0));
        assertEquals(Set.of(P0), windows.partitions());
    }

    @Test
    void heldRecordsAndBytesCountAcrossPartitionsAndDropWithAClosedWindow() {
        windows.open(List.of(P0, P1));
        windows.take(P0, 0, 100);
        windows.take(P0, 1, 50);
        windows.take(P1, 0, 25);
        assertEquals(3, windows.held());
        assertEquals(175, windows.heldBytes());
        windows.done(P0, 1);
        windows.window(P1).done(0, "kept until committed");
        assertEquals(2, windows.held());
        assertEquals(125, windows.heldBytes());
        assertEquals(1, windows.readyCount());
        windows.close(List.of(P0));
        assertEquals(1, windows.held());
        assertEquals(25, windows.heldBytes());
        assertEquals(Set.of(P1), windows.partitions());
    }

    @Test
    void roomEndsAtTheBoundOnRecordsOrBytes() {
        windows.open(List.of(P0));
        windows.take(P0, 0, 1);
        windows.take(P0, 1, 1);
        assertTrue(windows.hasRoomFor(2));
        assertFalse(windows.hasRoomFor(3), "4 records at the most");
        windows.take(P0, 2, 998);
        assertFalse(windows.hasRoomFor(0), "1,000 bytes held");
        windows.done(P0, 2);
        assertTrue(windows.hasRoomFor(1));
        assertThrows(IllegalArgumentException.class, () -> new OffsetWindows<>(0, 1));
    }

    @Test
    void toCommitCarriesOnlyPositionsThatMovedSinceTheLastCommit() {
        windows.open(List.of(P0, P1));
        windows.take(P0, 0, 1);
        windows.take(P1, 0, 1);
        windows.done(P0, 0);
        OffsetWindows.Batch<String> first = windows.toCommit(0);
        assertEquals(Map.of(P0, new OffsetAndMetadata(1), P1, new OffsetAndMetadata(0)), first.offsets());
        windows.committed(first);
        assertEquals(Map.of(), windows.toCommit(0).offsets());
        windows.done(P1, 0);
        assertEquals(Map.of(P1, new OffsetAndMetadata(1)), windows.toCommit(0).offsets());
        assertEquals(Map.of(), windows.toCommit(List.of(P0), 0).offsets());
    }

    @Test
    void toCommitSharesOutTheLimitAndCommitsEachPartitionOnlyAsFarAsItsOutputs() {
        windows.open(List.of(P0, P1));
        for (long offset = 0; offset < 2; offset++) {
            windows.take(P0, offset, 1).done(offset, "p0-" + offset);
            windows.take(P1, offset, 1).done(offset, "p1-" + offset);
        }
        OffsetWindows.Batch<String> batch = windows.toCommit(3);
        assertEquals(3, batch.outputs().size());
        long committedOutputs = batch.offsets().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        assertEquals(3, committedOutputs, "each offset stops at the first output left out");
        windows.committed(batch);
        OffsetWindows.Batch<String> rest = windows.toCommit(3);
        assertEquals(1, rest.outputs().size());
        windows.committed(rest);
        assertEquals(0, windows.held());
    }

    @Test
    void aCommitNotedAfterItsPartitionWasAssignedAgainLeavesTheNewWindowAlone() {
        windows.open(List.of(P0));
        windows.take(P0, 0, 1);
        windows.take(P0, 1, 1);
        windows.done(P0, 0);
        windows.done(P0, 1);
        OffsetWindows.Batch<String> late = windows.toCommit(0);
        OffsetWindow<String> old = windows.window(P0);
        windows.close(List.of(P0));
        assertTrue(old.closed());
        windows.open(List.of(P0));
        assertNotSame(old, windows.window(P0));
        assertFalse(windows.owns(old));
        windows.take(P0, 0, 1); // read again from an older commit
        windows.committed(late);
        assertEquals(-1, windows.window(P0).lastCommitted());
        assertEquals(0, windows.window(P0).position());
    }

    @Test
    void positionsOfAPollMoveIdleWindowsPastMarkers() {
        windows.open(List.of(P0, P1));
        windows.take(P0, 4, 1);
        windows.done(P0, 4);
        windows.positionsAt(Map.of(P0, new OffsetAndMetadata(6), P1, new OffsetAndMetadata(9)));
        assertEquals(6, windows.window(P0).position());
        assertFalse(windows.window(P1).started(), "no record taken: no position to commit");
        assertEquals(Map.of(P0, new OffsetAndMetadata(6)), windows.toCommit(0).offsets());
    }
}
