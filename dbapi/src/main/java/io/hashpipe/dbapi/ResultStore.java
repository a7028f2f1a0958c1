package io.hashpipe.dbapi;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the results the database API stored, straight from the database (what tests and the launcher
 * use to check that every result arrived exactly once).
 *
 * <p>Each call borrows a pooled connection and blocks: call it off event loops.
 *
 * @see DbApiServer#store()
 */
public interface ResultStore {

    /**
     * Rows stored.
     *
     * @throws ResultStoreException when the database cannot be read
     */
    long count();

    /**
     * The row with {@code id}, or empty.
     *
     * @throws ResultStoreException when the database cannot be read
     */
    Optional<StoredResult> find(String id);

    /**
     * Streams every row to {@code action} through one JDBC cursor, without holding them all in memory.
     *
     * @throws ResultStoreException when the database cannot be read; what {@code action} throws passes through
     */
    void forEach(Consumer<StoredResult> action);
}
