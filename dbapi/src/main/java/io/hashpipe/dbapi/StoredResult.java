package io.hashpipe.dbapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One row of the {@code results} table: a result as the database API stored it (bcrypt's in its columns,
 * another processor's as its JSON in {@code output}).
 *
 * <p>A result posted as a bare hash string has only its id, hash and storedAt; the other fields are null.
 *
 * @param id         the result's id (the task id, the Idempotency-Key, or a generated UUID)
 * @param hash       the bcrypt hash
 * @param difficulty the bcrypt cost, or null when not given
 * @param hashedAt   when the hash was made, or null when not given
 * @param hashMicros how long the hash took in microseconds, or null when not given
 * @param hasher     which hasher made it, or null when not given
 * @param storedAt   when the row was committed (microsecond precision)
 * @param processor  the processor of a result that is not bcrypt's, or null (bcrypt)
 * @param output     that result's JSON as posted (its id, processor and output fields), or null (bcrypt)
 */
public record StoredResult(String id, String hash, Integer difficulty, Instant hashedAt, Long hashMicros,
                           String hasher, Instant storedAt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String processor,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String output) {

    /** A bcrypt result's row. */
    public StoredResult(String id, String hash, Integer difficulty, Instant hashedAt, Long hashMicros, String hasher,
                        Instant storedAt) {
        this(id, hash, difficulty, hashedAt, hashMicros, hasher, storedAt, null, null);
    }
}
