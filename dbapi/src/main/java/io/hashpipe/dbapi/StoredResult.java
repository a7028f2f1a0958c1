package io.hashpipe.dbapi;

import java.time.Instant;

/**
 * One row of the {@code results} table: a hash result as the database API stored it.
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
 */
public record StoredResult(String id, String hash, Integer difficulty, Instant hashedAt, Long hashMicros,
                           String hasher, Instant storedAt) {
}
