package io.hashpipe.dbapi.internals;

import java.util.concurrent.CompletableFuture;

/** Stores rows asynchronously; the database API's write path. */
public interface RowWriter {

    /**
     * Queues {@code row} for storing.
     *
     * @return completes with true once the row is committed, false when its id was already stored, or
     *         exceptionally when it was not stored (database failure, queue full, shutting down)
     */
    CompletableFuture<Boolean> write(NewResult row);
}
