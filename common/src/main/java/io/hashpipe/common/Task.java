package io.hashpipe.common;

import java.time.Instant;

/**
 * One unit of hashing work: a generated password and the bcrypt cost to hash it at.
 *
 * <p>The password travels with the task so that every stored hash can be verified against it; it is
 * generated test data, never a user's secret.
 *
 * @param id         unique task id, also the Kafka record key and the database row id
 * @param password   the plain text to hash (bcrypt reads at most 72 bytes of it)
 * @param difficulty the bcrypt cost (log2 of the rounds), 4 to 31
 * @param createdAt  when the producer made the task
 */
public record Task(String id, String password, int difficulty, Instant createdAt) {
}
