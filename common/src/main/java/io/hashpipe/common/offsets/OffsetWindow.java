package io.hashpipe.common.offsets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition's records between fetch and commit, and the offset that may be committed: its position, the
 * lowest offset taken and not yet done, so that a commit never passes a record still being worked on while
 * done records after it wait only for it.
 *
 * <p>A record is held from {@link #take} until it is done and, when it is done with an output that goes out
 * with the commit (the hasher's result, sent in the transaction that commits its offset), until that commit.
 *
 * <p>Offsets may have gaps: transaction markers and aborted records of a topic read read_committed, compacted
 * records. Past the last record taken the position is the consumer's next fetch offset once
 * {@link #positionAt} was told it (not the last offset plus one), so that a commit moves past a trailing marker.
 *
 * <p>The consumer's thread owns it and calls every method but {@link #closed}, which any thread may call: the
 * window closes when its partition is revoked or lost, and work still queued for it is then skipped.
 *
 * @param <T> what a done record hands to its commit
 */
public final class OffsetWindow<T> {

    /** Outputs that may be committed now, with the offset to commit with them. */
    public record Ready<T>(List<T> outputs, long commitOffset) {
    }

    /** A done record whose output waits for its commit. */
    private record Done<T>(T output, int bytes) {
    }

    private final TopicPartition partition;
    /** Records taken and not done yet, by offset, to their sizes in bytes. */
    private final NavigableMap<Long, Integer> inFlight = new TreeMap<>();
    /** Records done with an output that is not committed yet, by offset. */
    private final NavigableMap<Long, Done<T>> outputs = new TreeMap<>();
    /** The offset after the last record taken, or the consumer's position beyond it; -1 before the first take. */
    private long end = -1;
    /** The first offset taken; -1 before the first take. */
    private long first = -1;
    /** The last commit noted; -1 before the first. */
    private long committed = -1;
    /** The sizes of the records held. */
    private long heldBytes;
    /** How many outputs lie below the position, so may be committed now. */
    private int ready;
    /** Set by the owner when the partition is revoked or lost; read by any thread. */
    private volatile boolean closed;

    public OffsetWindow(TopicPartition partition) {
        this.partition = partition;
    }

    public TopicPartition partition() {
        return partition;
    }

    /**
     * Holds a record the consumer returned, until it is done.
     *
     * @throws IllegalArgumentException when the offset is below the end of the window (offsets are taken in
     *                                  increasing order, never below the consumer's position)
     * @throws IllegalStateException    when the window is closed
     */
    public void take(long offset, int bytes) {
        if (closed) {
            throw new IllegalStateException("The window of " + partition + " is closed");
        }
        if (offset < Math.max(0, end)) {
            throw new IllegalArgumentException("Offset " + offset + " of " + partition + " taken below the end of its window, "
                    + Math.max(0, end) + ": offsets are taken in increasing order");
        }
        if (first < 0) {
            first = offset;
        }
        inFlight.put(offset, bytes);
        end = offset + 1;
        heldBytes += bytes;
    }

    /** Marks a record done with nothing for its commit; returns whether it was in flight. */
    public boolean done(long offset) {
        return done(offset, null);
    }

    /**
     * Marks a record done; a non-null {@code output} is held until a commit at or beyond the record is noted.
     * Returns whether the record was in flight: false for one not taken, already done, or below the window.
     */
    public boolean done(long offset, T output) {
        Integer bytes = inFlight.get(offset);
        if (bytes == null) {
            return false;
        }
        boolean lowest = inFlight.firstKey() == offset;
        inFlight.remove(offset);
        if (output != null) {
            outputs.put(offset, new Done<>(output, bytes));
        } else {
            heldBytes -= bytes;
        }
        if (lowest) {
            ready += outputs.subMap(offset, true, position(), false).size();
        }
        return true;
    }

    /**
     * Notes the consumer's position: every offset below it was taken, or was a marker or a record the consumer
     * skipped. It moves the end of the window up, never back; before the first take it is ignored.
     */
    public void positionAt(long position) {
        if (first >= 0 && position > end) {
            end = position;
        }
    }

    /** Whether a record was taken: before that the window has no position. */
    public boolean started() {
        return first >= 0;
    }

    /**
     * The offset to commit: the lowest record in flight, or the end of the window when none is.
     *
     * @throws IllegalStateException before the first take
     */
    public long position() {
        if (first < 0) {
            throw new IllegalStateException("Nothing was taken from " + partition + " yet: it has no position");
        }
        return inFlight.isEmpty() ? end : inFlight.firstKey();
    }

    /**
     * Up to {@code limit} outputs that may be committed now, in offset order, with the offset to commit with them:
     * the position, or the first output left out by the limit. Null when that offset would not move past the last
     * commit noted and no output is ready, or before the first take.
     */
    public Ready<T> ready(int limit) {
        if (first < 0) {
            return null;
        }
        long position = position();
        long commitOffset = position;
        List<T> taken = new ArrayList<>(Math.max(0, Math.min(ready, limit)));
        for (Map.Entry<Long, Done<T>> entry : outputs.headMap(position, false).entrySet()) {
            if (taken.size() >= limit) {
                commitOffset = entry.getKey();
                break;
            }
            taken.add(entry.getValue().output());
        }
        return taken.isEmpty() && commitOffset <= committed ? null : new Ready<>(taken, commitOffset);
    }

    /**
     * Notes a commit of {@code offset}: the outputs below it are committed and no longer held.
     *
     * @throws IllegalArgumentException when the offset is beyond the position (it would pass a record not done)
     */
    public void committed(long offset) {
        if (offset > position()) {
            throw new IllegalArgumentException("Commit of offset " + offset + " of " + partition
                    + " passes its position, " + position() + ", a record not done yet");
        }
        committed = Math.max(committed, offset);
        NavigableMap<Long, Done<T>> released = outputs.headMap(offset, false);
        for (Done<T> done : released.values()) {
            heldBytes -= done.bytes();
            ready--;
        }
        released.clear();
    }

    /** The last commit noted; -1 before the first. */
    public long lastCommitted() {
        return committed;
    }

    /**
     * The offsets from the last commit noted (or the first record taken, before it) to the end of the window:
     * taken, or skipped as markers, and not committed yet. 0 before the first take.
     */
    public long uncommitted() {
        return first < 0 ? 0 : end - Math.max(committed, first);
    }

    /** Records taken and not done. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Records held: in flight, or done with an output that is not committed yet. */
    public int held() {
        return inFlight.size() + outputs.size();
    }

    /** The sizes of the records held, as given to {@link #take}. */
    public long heldBytes() {
        return heldBytes;
    }

    /** Outputs that may be committed now. */
    public int readyCount() {
        return ready;
    }

    /** Closes the window: its partition is revoked or lost. */
    public void close() {
        closed = true;
    }

    /** Whether the partition was revoked or lost; safe from any thread. */
    public boolean closed() {
        return closed;
    }

    @Override
    public String toString() {
        return partition + (closed ? " (closed)" : "");
    }
}
