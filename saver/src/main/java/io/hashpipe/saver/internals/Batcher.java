package io.hashpipe.saver.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Groups records into requests closed by count, by body bytes, or by linger time, whichever comes first.
 *
 * <p>With a batch size of 1 every record is its own request at once. A record larger than the byte limit
 * still goes alone (the API answers 413 if it is too large, and the record is dead-lettered). Not
 * thread-safe: the dispatcher's event loop owns it and calls {@link #lingerExpired} from its timer.
 */
final class Batcher {

    private final BatchSettings settings;
    /** Receives each closed request. */
    private final Consumer<List<PendingRecord>> closed;
    private List<PendingRecord> open = new ArrayList<>();
    private int openBytes;
    /** Counts opened batches, so that a linger timer knows whether its batch is still the open one. */
    private long generation;

    Batcher(BatchSettings settings, Consumer<List<PendingRecord>> closed) {
        this.settings = settings;
        this.closed = closed;
    }

    /**
     * Adds a record; returns the generation of a newly opened batch that needs a linger timer, or -1.
     */
    long add(PendingRecord record) {
        int size = record.body().length + 1;
        if (!open.isEmpty() && openBytes + size + 1 > settings.maxBytes()) {
            close();
        }
        boolean opened = open.isEmpty();
        open.add(record);
        openBytes += size;
        if (open.size() >= settings.maxRecords() || openBytes + 1 >= settings.maxBytes()) {
            close();
            return -1;
        }
        return opened ? generation : -1;
    }

    /** Sends the open batch now unless lingering is wanted. */
    boolean lingers() {
        return settings.lingerMs() > 0;
    }

    long lingerMs() {
        return settings.lingerMs();
    }

    /** The linger timer of batch {@code gen} fired: close it if it is still open. */
    void lingerExpired(long gen) {
        if (gen == generation && !open.isEmpty()) {
            close();
        }
    }

    /** Closes the open batch, if any. */
    void flush() {
        if (!open.isEmpty()) {
            close();
        }
    }

    /** Drops the open batch's records that match. */
    void removeIf(Predicate<PendingRecord> drop) {
        open.removeIf(drop);
        openBytes = open.stream().mapToInt(r -> r.body().length + 1).sum();
    }

    private void close() {
        List<PendingRecord> batch = open;
        open = new ArrayList<>();
        openBytes = 0;
        generation++;
        closed.accept(batch);
    }
}
