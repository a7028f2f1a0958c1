package io.hashpipe.saver.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class BatcherTest {

    private final List<List<PendingRecord>> sent = new ArrayList<>();

    @Test
    void batchClosesAtTheRecordCount() {
        Batcher batcher = new Batcher(new BatchSettings(3, 1 << 20, 0), sent::add);
        for (int i = 0; i < 7; i++) {
            batcher.add(record(i, 10));
        }
        assertEquals(List.of(3, 3), sizes());
        batcher.flush();
        assertEquals(List.of(3, 3, 1), sizes());
    }

    @Test
    void batchClosesBeforeARecordWouldPassTheByteLimit() {
        Batcher batcher = new Batcher(new BatchSettings(100, 1024, 0), sent::add);
        for (int i = 0; i < 5; i++) {
            batcher.add(record(i, 300)); // 3 fit in 1024 bytes with brackets and commas, the 4th does not
        }
        batcher.flush();
        assertEquals(List.of(3, 2), sizes());
    }

    @Test
    void lingerTimerClosesOnlyTheBatchItWasSetFor() {
        Batcher batcher = new Batcher(new BatchSettings(2, 1 << 20, 5), sent::add);
        long first = batcher.add(record(0, 10));
        assertTrue(first >= 0, "a new batch asks for a linger timer");
        batcher.add(record(1, 10)); // closes by count
        long second = batcher.add(record(2, 10));
        batcher.lingerExpired(first); // stale: must not close the second batch
        assertEquals(List.of(2), sizes());
        batcher.lingerExpired(second);
        assertEquals(List.of(2, 1), sizes());
    }

    @Test
    void releasedRecordsLeaveTheOpenBatch() {
        Batcher batcher = new Batcher(new BatchSettings(10, 1 << 20, 5), sent::add);
        batcher.add(record(0, 10));
        batcher.add(record(1, 10));
        batcher.removeIf(r -> r.offset() == 0);
        batcher.flush();
        assertEquals(1, sent.get(0).get(0).offset());
        assertEquals(List.of(1), sizes());
    }

    private List<Integer> sizes() {
        return sent.stream().map(List::size).toList();
    }

    private static PendingRecord record(long offset, int bytes) {
        return new PendingRecord(new ConsumerRecord<>("t", 0, offset, null, new byte[0]), "id" + offset, "hash", new byte[bytes]);
    }
}
