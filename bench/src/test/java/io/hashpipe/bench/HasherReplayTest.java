package io.hashpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The replay hasher's pacing: how often it reads its group's offsets. */
class HasherReplayTest {

    @Test
    void readsTheGroupsOffsetsRarelyEarlyOnAndOftenNearTheEnd() {
        long tenSeconds = Duration.ofSeconds(10).toNanos();
        assertEquals(100, HasherReplay.checkMillis(1_000, 1_000, tenSeconds), "nothing done yet: no rate to go by");
        assertEquals(1_000, HasherReplay.checkMillis(900, 1_000, tenSeconds), "90 s to go: the longest pause");
        assertEquals(250, HasherReplay.checkMillis(10, 1_010, tenSeconds * 10), "1 s to go at 10/s: a quarter of it");
        assertEquals(100, HasherReplay.checkMillis(1, 1_000, tenSeconds), "almost done: the shortest pause");
    }
}
