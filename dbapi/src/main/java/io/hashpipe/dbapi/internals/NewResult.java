package io.hashpipe.dbapi.internals;

import java.time.Instant;

/**
 * A validated result on its way into the database: what a POST carried, with its id settled.
 *
 * @param id         the row id (Idempotency-Key, JSON id, or a generated UUID)
 * @param hash       a bcrypt hash ({@link io.hashpipe.common.Limits#hashProblem}), of {@code difficulty} when given
 * @param difficulty the bcrypt cost, or null
 * @param hashedAt   when it was hashed, or null
 * @param hashMicros how long hashing took, or null
 * @param hasher     which hasher made it, or null
 * @param processor  the processor of a result that is not bcrypt's (then {@code hash} is null), or null
 * @param output     that result's JSON, or null
 */
public record NewResult(String id, String hash, Integer difficulty, Instant hashedAt, Long hashMicros, String hasher,
                        String processor, String output) {

    /** A bcrypt result. */
    public NewResult(String id, String hash, Integer difficulty, Instant hashedAt, Long hashMicros, String hasher) {
        this(id, hash, difficulty, hashedAt, hashMicros, hasher, null, null);
    }

    /** Another processor's result, stored as its JSON. */
    public static NewResult generic(String id, String processor, String json) {
        return new NewResult(id, null, null, null, null, null, processor, json);
    }
}
