package io.hashpipe.hasher.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    private final PartitionOffsets<String> offsets = new PartitionOffsets<>();

    @Test
    void completedRecordsWaitForTheLowestIncompleteOne() {
        offsets.admit(10, 1);
        offsets.admit(11, 1);
        offsets.admit(12, 1);
        offsets.complete(12, "c");
        offsets.complete(11, "b");
        assertEquals(0, offsets.readyCount());
        assertNull(offsets.ready(100), "nothing may be committed past offset 10, still hashing");

        offsets.complete(10, "a");
        PartitionOffsets.Ready<String> ready = offsets.ready(100);
        assertEquals(List.of("a", "b", "c"), ready.outputs());
        assertEquals(13, ready.commitOffset());
    }

    @Test
    void theReadyRunStopsAtAGap() {
        offsets.admit(0, 1);
        offsets.admit(1, 1);
        offsets.admit(2, 1);
        offsets.complete(0, "a");
        offsets.complete(2, "c");
        PartitionOffsets.Ready<String> ready = offsets.ready(100);
        assertEquals(List.of("a"), ready.outputs());
        assertEquals(1, ready.commitOffset(), "offset 1 is not done, so it is the next to consume");
    }

    @Test
    void offsetGapsFromTransactionMarkersAreCommittedPast() {
        offsets.admit(5, 1);
        offsets.admit(7, 1); // offset 6 was a commit marker, never returned by poll
        offsets.complete(5, "a");
        assertEquals(6, offsets.ready(100).commitOffset());
        offsets.complete(7, "b");
        assertEquals(8, offsets.ready(100).commitOffset());
    }

    @Test
    void readyIsCutAtTheLimitWithTheMatchingOffset() {
        for (long offset = 0; offset < 5; offset++) {
            offsets.admit(offset, 1);
            offsets.complete(offset, "r" + offset);
        }
        PartitionOffsets.Ready<String> ready = offsets.ready(2);
        assertEquals(List.of("r0", "r1"), ready.outputs());
        assertEquals(2, ready.commitOffset());
    }

    @Test
    void committedForgetsThePrefixAndKeepsTheRest() {
        offsets.admit(0, 10);
        offsets.admit(1, 20);
        offsets.admit(2, 30);
        offsets.complete(0, "a");
        offsets.complete(1, "b");
        assertEquals(3, offsets.pendingCount());
        assertEquals(60, offsets.pendingBytes());

        offsets.committed(offsets.ready(100).commitOffset());
        assertEquals(1, offsets.pendingCount());
        assertEquals(30, offsets.pendingBytes());
        assertEquals(0, offsets.readyCount());
        assertNull(offsets.ready(100));

        offsets.complete(2, "c");
        assertEquals(List.of("c"), offsets.ready(100).outputs());
        assertEquals(3, offsets.ready(100).commitOffset());
    }

    @Test
    void aPartialCommitKeepsTheRestReady() {
        for (long offset = 0; offset < 4; offset++) {
            offsets.admit(offset, 1);
            offsets.complete(offset, "r" + offset);
        }
        offsets.committed(offsets.ready(3).commitOffset());
        assertEquals(1, offsets.readyCount());
        assertEquals(List.of("r3"), offsets.ready(100).outputs());
        assertEquals(4, offsets.ready(100).commitOffset());
    }

    @Test
    void misuseIsRejected() {
        offsets.admit(5, 1);
        assertThrows(IllegalArgumentException.class, () -> offsets.admit(5, 1), "offsets must increase");
        assertThrows(IllegalArgumentException.class, () -> offsets.admit(3, 1), "offsets must increase");
        assertThrows(IllegalArgumentException.class, () -> offsets.complete(6, "x"), "never admitted");
        offsets.complete(5, "a");
        assertThrows(IllegalStateException.class, () -> offsets.complete(5, "again"));
        assertThrows(IllegalArgumentException.class, () -> offsets.committed(7), "beyond what is ready");
        offsets.committed(6);
        assertThrows(IllegalArgumentException.class, () -> offsets.admit(5, 1), "already committed");
    }
}
