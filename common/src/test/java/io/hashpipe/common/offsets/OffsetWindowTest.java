package io.hashpipe.common.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetWindowTest {

    private final OffsetWindow<String> window = new OffsetWindow<>(new TopicPartition("t", 0));

    @Test
    void positionStopsAtTheLowestRecordNotDone() {
        take(10, 11, 12, 13);
        window.done(11);
        window.done(12);
        assertEquals(10, window.position());
        window.done(10);
        assertEquals(13, window.position());
        window.done(13);
        assertEquals(14, window.position());
    }

    @Test
    void doneOutputsWaitForTheLowestRecordNotDone() {
        take(10, 11, 12);
        window.done(12, "c");
        window.done(11, "b");
        assertEquals(0, window.readyCount());
        assertEquals(10, window.ready(100).commitOffset(), "nothing may be committed past offset 10, still in flight");
        assertEquals(List.of(), window.ready(100).outputs());

        window.done(10, "a");
        OffsetWindow.Ready<String> ready = window.ready(100);
        assertEquals(List.of("a", "b", "c"), ready.outputs());
        assertEquals(13, ready.commitOffset());
    }

    @Test
    void gapsFromMarkersCommitAtTheNextRecordTaken() {
        take(5, 7, 10); // 6, 8, 9: transaction markers, aborted or compacted records, never returned by poll
        window.done(5, "a");
        assertEquals(7, window.ready(100).commitOffset(), "the next offset to fetch is 7, not 6");
        window.done(10, "c");
        assertEquals(7, window.position());
        window.done(7, "b");
        assertEquals(List.of("a", "b", "c"), window.ready(100).outputs());
        assertEquals(11, window.ready(100).commitOffset());
    }

    @Test
    void positionMovesPastATrailingMarkerOnlyWhenNothingIsInFlight() {
        take(0, 1);
        window.positionAt(3);
        assertEquals(0, window.position());
        window.done(0);
        window.done(1);
        assertEquals(3, window.position());
        window.positionAt(2);
        assertEquals(3, window.position(), "never backwards");
    }

    @Test
    void aPositionBeforeTheFirstRecordIsIgnored() {
        window.positionAt(40);
        assertFalse(window.started());
        assertThrows(IllegalStateException.class, window::position);
        assertNull(window.ready(100));
        take(50);
        assertEquals(50, window.position());
    }

    @Test
    void readyIsCutAtTheLimitWithTheOffsetOfTheFirstOutputLeftOut() {
        take(0, 2, 4, 6, 8);
        for (long offset = 0; offset <= 8; offset += 2) {
            window.done(offset, "r" + offset);
        }
        OffsetWindow.Ready<String> ready = window.ready(2);
        assertEquals(List.of("r0", "r2"), ready.outputs());
        assertEquals(4, ready.commitOffset());
        assertEquals(0, window.ready(0).outputs().size());
        assertEquals(0, window.ready(0).commitOffset(), "no output: the commit stops at the first one");
    }

    @Test
    void committedReleasesTheOutputsBelowAndKeepsTheRest() {
        window.take(0, 10);
        window.take(1, 20);
        window.take(2, 30);
        window.done(0, "a");
        window.done(1, "b");
        assertEquals(3, window.held());
        assertEquals(60, window.heldBytes());

        window.committed(window.ready(100).commitOffset());
        assertEquals(1, window.held());
        assertEquals(30, window.heldBytes());
        assertEquals(0, window.readyCount());
        assertNull(window.ready(100), "nothing moved since the commit");

        window.done(2, "c");
        assertEquals(List.of("c"), window.ready(100).outputs());
        assertEquals(3, window.ready(100).commitOffset());
    }

    @Test
    void aRecordDoneWithoutOutputIsReleasedAtOnce() {
        window.take(0, 10);
        window.take(1, 20);
        window.done(1);
        assertEquals(1, window.held());
        assertEquals(10, window.heldBytes());
        assertEquals(1, window.inFlight());
    }

    @Test
    void outOfOrderDoneNeverLetsThePositionPassARecordNotDone() {
        Random random = new Random(42);
        List<Long> offsets = new ArrayList<>();
        for (long o = 0; o < 500; o++) {
            offsets.add(o * 2); // gaps everywhere
            window.take(o * 2, 10);
        }
        List<Long> order = new ArrayList<>(offsets);
        Collections.shuffle(order, random);
        TreeSet<Long> notDone = new TreeSet<>(offsets);
        long last = -1;
        for (long offset : order) {
            assertTrue(window.done(offset));
            notDone.remove(offset);
            long position = window.position();
            if (!notDone.isEmpty()) {
                assertEquals(notDone.first(), position);
            }
            assertTrue(position >= last, "the position never moves back");
            last = position;
        }
        assertEquals(999, window.position());
        assertEquals(0, window.held());
        assertEquals(0, window.heldBytes());
    }

    @Test
    void repeatedAndUnknownDoneAreIgnored() {
        take(0, 1);
        assertTrue(window.done(0));
        assertFalse(window.done(0));
        assertFalse(window.done(7));
        assertEquals(1, window.held());
        assertEquals(1, window.position());
    }

    @Test
    void uncommittedCountsFromTheLastCommitOrTheFirstRecordUpToTheEnd() {
        assertEquals(0, window.uncommitted(), "nothing taken");
        take(10, 11, 12);
        assertEquals(3, window.uncommitted(), "no commit yet: from the first record");
        window.done(10);
        window.done(12);
        assertEquals(3, window.uncommitted(), "done is not committed");
        window.committed(window.ready(0).commitOffset());
        assertEquals(2, window.uncommitted(), "committed up to 11, the lowest in flight");
        window.done(11);
        window.positionAt(15); // a transaction marker and two aborted records after 12
        assertEquals(4, window.uncommitted());
        window.committed(window.ready(0).commitOffset());
        assertEquals(0, window.uncommitted());
        take(15);
        assertEquals(1, window.uncommitted());
    }

    @Test
    void misuseIsRejected() {
        take(5);
        assertThrows(IllegalArgumentException.class, () -> window.take(5, 1), "offsets must increase");
        assertThrows(IllegalArgumentException.class, () -> window.take(3, 1), "offsets must increase");
        window.done(5, "a");
        assertThrows(IllegalArgumentException.class, () -> window.committed(7), "beyond the position");
        window.committed(6);
        assertThrows(IllegalArgumentException.class, () -> window.take(5, 1), "already committed");
        assertThrows(IllegalArgumentException.class, () -> new OffsetWindow<>(window.partition()).take(-1, 1));
        window.close();
        assertTrue(window.closed());
        assertThrows(IllegalStateException.class, () -> window.take(6, 1), "closed");
    }

    private void take(long... offsets) {
        for (long offset : offsets) {
            window.take(offset, 1);
        }
    }
}
