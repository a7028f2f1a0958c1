package io.hashpipe.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Task;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The {@code results} table a child dbapi writes, read from outside: a fresh PostgreSQL database when the local
 * server answers at {@value #POSTGRES}, else an H2 file the test reads beside dbapi.
 */
final class ResultRows {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    /** Where dbapi writes ({@code --jdbc-url}) and the test reads. */
    final String jdbcUrl;

    private ResultRows(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** A database of its own for the run {@code unique}, in {@code dir} when it is H2. */
    static ResultRows create(String unique, Path dir) {
        String name = "hashpipe_run_" + unique;
        try (Connection admin = DriverManager.getConnection(POSTGRES); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
            return new ResultRows(POSTGRES.replace("/postgres?", "/" + name + "?"));
        } catch (SQLException e) {
            System.out.println("PostgreSQL does not answer at " + POSTGRES + " (" + e.getMessage() + "): H2 instead");
            return new ResultRows("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                    + ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        }
    }

    /** Rows stored so far; 0 before dbapi made the table. */
    long count() {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM results")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // no table yet
        }
    }

    /** Every row: its hash by id, and when each was stored. */
    record Rows(Map<String, String> hashes, List<Instant> storedAt) {

        /** One row per task of {@code sent}, none other, each hash verifying its task's password. */
        void assertEveryTaskStoredOnceAndVerifies(List<Task> sent) {
            assertEquals(sent.size(), hashes.size(), "one row per task");
            for (Task task : sent) {
                String hash = hashes.get(task.id());
                assertTrue(hash != null, "task " + task.id() + " stored");
                assertTrue(BCrypt.checkpw(task.password(), hash), "hash of " + task.id() + " verifies");
            }
        }
    }

    /** Every row; an id twice fails. */
    Rows read() throws SQLException {
        Map<String, String> hashes = new HashMap<>();
        List<Instant> storedAt = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, hash, stored_at FROM results")) {
            while (rs.next()) {
                if (hashes.put(rs.getString(1), rs.getString(2)) != null) {
                    throw new AssertionError("id " + rs.getString(1) + " stored twice");
                }
                storedAt.add(rs.getTimestamp(3).toInstant());
            }
        }
        return new Rows(hashes, storedAt);
    }
}
