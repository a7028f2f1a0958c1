package io.hashpipe.saver.internals;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Lets one record per id be on its way to the API at a time, so that two results with the same id cannot race
 * each other to the database: the first one submitted (the lower offset, since results are keyed by id and
 * one partition's records arrive in order) goes; a later one waits until the first is done (stored, or
 * dead-lettered), then goes and is answered {@code stored:false} by an idempotent API.
 *
 * <p>Confined to the dispatcher's event loop.
 */
final class SameIdGate {

    /** Per id with a record on its way: the records with that id waiting behind it, in submission order. */
    private final Map<String, ArrayDeque<PendingRecord>> waiting = new HashMap<>();

    /** Whether {@code record} may go now; if not, it waits behind the record with its id already on its way. */
    boolean admit(PendingRecord record) {
        ArrayDeque<PendingRecord> behind = waiting.get(record.id());
        if (behind == null) {
            waiting.put(record.id(), new ArrayDeque<>());
            return true;
        }
        behind.addLast(record);
        return false;
    }

    /** {@code record} is done with (or dropped); returns the next record with its id, which may go now, or null. */
    PendingRecord done(PendingRecord record) {
        ArrayDeque<PendingRecord> behind = waiting.get(record.id());
        if (behind == null) {
            return null;
        }
        PendingRecord next = behind.pollFirst();
        if (next == null) {
            waiting.remove(record.id());
        }
        return next;
    }

    /** Drops the waiting records that match (their partition was released); the ones on their way are left to {@link #done}. */
    void removeWaitingIf(Predicate<PendingRecord> drop) {
        waiting.values().forEach(behind -> behind.removeIf(drop));
    }

    /** Ids with a record on its way, for tests. */
    int ids() {
        return waiting.size();
    }
}
