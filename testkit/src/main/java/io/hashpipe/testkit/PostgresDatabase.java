package io.hashpipe.testkit;

/**
 * A fresh, empty PostgreSQL database for one test.
 *
 * @param jdbcUrl a {@code jdbc:postgresql:} URL with user and password in it
 */
public record PostgresDatabase(String jdbcUrl) {
}
