package io.hashpipe.hasher.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Tracks one partition's records from fetch to commit and tells which outputs may be committed: those
 * of the contiguous run of completed records from the lowest uncommitted one. A record completed beyond
 * a record still being hashed waits, so that the committed offset never passes a record whose output is
 * not in the same or an earlier transaction.
 *
 * <p>Offsets may have gaps (transaction markers, compaction): the commit offset is the last ready offset
 * plus one, which the consumer resumes from correctly. Not thread-safe: the poll thread owns it.
 *
 * @param <T> what a completed record produced
 */
public final class PartitionOffsets<T> {

    /** One admitted record: its size and, once complete, its output. */
    private static final class Slot<T> {
        final int bytes;
        T output;
        boolean done;

        Slot(int bytes) {
            this.bytes = bytes;
        }
    }

    /** Admitted records not yet committed, by offset. */
    private final NavigableMap<Long, Slot<T>> pending = new TreeMap<>();
    /** Every pending record at or below this offset is complete; -1 when none. */
    private long readyThrough = -1;
    /** How many pending records are at or below {@link #readyThrough}. */
    private int ready;
    /** Value bytes of the pending records. */
    private long pendingBytes;

    /**
     * Registers a fetched record, before it is hashed.
     *
     * @throws IllegalArgumentException when the offset is not above every admitted one
     */
    public void admit(long offset, int bytes) {
        if (offset < 0 || (!pending.isEmpty() && offset <= pending.lastKey()) || offset <= readyThrough) {
            throw new IllegalArgumentException("offset " + offset + " must be above every admitted offset");
        }
        pending.put(offset, new Slot<>(bytes));
        pendingBytes += bytes;
    }

    /**
     * Records the output of an admitted record.
     *
     * @throws IllegalArgumentException when the offset was not admitted or is already committed
     * @throws IllegalStateException when it was already completed
     */
    public void complete(long offset, T output) {
        Slot<T> slot = pending.get(offset);
        if (slot == null) {
            throw new IllegalArgumentException("offset " + offset + " is not pending");
        }
        if (slot.done) {
            throw new IllegalStateException("offset " + offset + " was already completed");
        }
        slot.output = output;
        slot.done = true;
        for (Map.Entry<Long, Slot<T>> next : pending.tailMap(readyThrough, false).entrySet()) {
            if (!next.getValue().done) {
                break;
            }
            readyThrough = next.getKey();
            ready++;
        }
    }

    /**
     * Up to {@code limit} outputs that may be committed now, in offset order, with the offset to commit
     * with them; null when none is ready.
     */
    public Ready<T> ready(int limit) {
        if (ready == 0 || limit < 1) {
            return null;
        }
        List<T> outputs = new ArrayList<>(Math.min(ready, limit));
        long last = -1;
        for (Map.Entry<Long, Slot<T>> entry : pending.headMap(readyThrough, true).entrySet()) {
            if (outputs.size() == limit) {
                break;
            }
            outputs.add(entry.getValue().output);
            last = entry.getKey();
        }
        return new Ready<>(outputs, last + 1);
    }

    /**
     * Outputs that may be committed together.
     *
     * @param outputs      in offset order
     * @param commitOffset the offset to commit with them: the next record to consume after them
     */
    public record Ready<T>(List<T> outputs, long commitOffset) {
    }

    /** How many outputs may be committed now. */
    public int readyCount() {
        return ready;
    }

    /** Forgets the records below {@code commitOffset}, whose outputs are now committed. */
    public void committed(long commitOffset) {
        if (commitOffset > readyThrough + 1) {
            throw new IllegalArgumentException("offset " + commitOffset + " is beyond the ready records (through "
                    + readyThrough + ")");
        }
        NavigableMap<Long, Slot<T>> done = pending.headMap(commitOffset, false);
        for (Slot<T> slot : done.values()) {
            pendingBytes -= slot.bytes;
            ready--;
        }
        done.clear();
    }

    /** Records admitted and not yet committed, complete or not. */
    public int pendingCount() {
        return pending.size();
    }

    /** Value bytes of the records admitted and not yet committed. */
    public long pendingBytes() {
        return pendingBytes;
    }
}
