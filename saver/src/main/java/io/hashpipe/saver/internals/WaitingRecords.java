package io.hashpipe.saver.internals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where the dispatcher's records wait for a request: behind a record with the same id ({@link SameIdGate}),
 * in the open batch, in the queue of requests ready to go (retries first, since they hold back their
 * partition's commit point), or held after a rejection that the API has not yet shown to be about the record.
 *
 * <p>Confined to the dispatcher's event loop.
 */
final class WaitingRecords {

    private final SameIdGate gate = new SameIdGate();
    private final Batcher batcher;
    private final ArrayDeque<List<PendingRecord>> ready = new ArrayDeque<>();
    private final ArrayDeque<PendingRecord> held = new ArrayDeque<>();

    WaitingRecords(BatchSettings settings) {
        this.batcher = new Batcher(settings, ready::addLast);
    }

    /**
     * A new record: into the open batch, unless one with its id is on its way (then it waits behind it).
     * Returns the generation of a newly opened batch that needs a linger timer, or -1.
     */
    long add(PendingRecord record) {
        return gate.admit(record) ? batcher.add(record) : -1;
    }

    /**
     * {@code record} is done with; returns the next record with its id, now on its way in its place (to
     * {@link #addAdmitted}), or null.
     */
    PendingRecord done(PendingRecord record) {
        return record.id() == null ? null : gate.done(record);
    }

    /** Adds a record that {@link #done} let go, like {@link #add}. */
    long addAdmitted(PendingRecord record) {
        return batcher.add(record);
    }

    boolean lingers() {
        return batcher.lingers();
    }

    long lingerMs() {
        return batcher.lingerMs();
    }

    void lingerExpired(long generation) {
        batcher.lingerExpired(generation);
    }

    /** Closes the open batch, making it ready. */
    void flush() {
        batcher.flush();
    }

    /** Records to send again before anything else, in one request. */
    void retryFirst(List<PendingRecord> records) {
        ready.addFirst(records);
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** The next request's records, or null. */
    List<PendingRecord> next() {
        return ready.pollFirst();
    }

    /** Holds a record that the API rejected before it had taken any request. */
    void hold(PendingRecord record) {
        held.addLast(record);
    }

    boolean hasHeld() {
        return !held.isEmpty();
    }

    /** The oldest held record alone, for a probe when nothing else is ready; null when none is held. */
    List<PendingRecord> nextHeld() {
        PendingRecord record = held.pollFirst();
        return record == null ? null : new ArrayList<>(List.of(record));
    }

    /** Takes every held record out. */
    List<PendingRecord> takeHeld() {
        List<PendingRecord> all = new ArrayList<>(held);
        held.clear();
        return all;
    }

    /** Takes every ready and held record out (the open batch is closed first). */
    List<PendingRecord> takeAll() {
        batcher.flush();
        List<PendingRecord> all = new ArrayList<>();
        ready.forEach(all::addAll);
        ready.clear();
        all.addAll(takeHeld());
        return all;
    }

    /**
     * Drops the records that match (their partition was released): those waiting behind another record with
     * their id are forgotten; the others are returned, to be {@link #done} with.
     */
    List<PendingRecord> removeIf(Predicate<PendingRecord> drop) {
        gate.removeWaitingIf(drop);
        List<PendingRecord> removed = new ArrayList<>();
        Predicate<PendingRecord> collect = r -> drop.test(r) && removed.add(r);
        batcher.removeIf(collect);
        ready.forEach(group -> group.removeIf(collect));
        ready.removeIf(List::isEmpty);
        held.removeIf(collect);
        return removed;
    }
}
