package io.hashpipe.common;

import java.time.Instant;

/**
 * The outcome of hashing one {@link Task}: what the saver stores through the database API.
 *
 * @param id         the task's id
 * @param hash       the bcrypt hash in modular crypt format ({@code $2a$NN$...})
 * @param difficulty the bcrypt cost the hash was made at
 * @param hashedAt   when the hash was finished
 * @param hashMicros how long the hash took, in microseconds
 * @param hasher     which hasher instance made it (host and instance)
 */
public record Result(String id, String hash, int difficulty, Instant hashedAt, long hashMicros, String hasher) {
}
