package io.hashpipe.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Task;
import io.hashpipe.local.LocalPipeline;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.hashpipe.testkit.PostgresDatabase;
import io.hashpipe.testkit.PostgresFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The whole pipeline on real parts: a real Kafka broker, two hashers, the saver, the database API over
 * HTTP and a real database, checked the way a user would: N tasks in, N rows stored, each hash verifies
 * against its task's password, no id twice.
 */
@ExtendWith({KafkaFixture.class, PostgresFixture.class})
class EndToEndTest {

    private static final int TASKS = 300;
    private static final int COST = 4;

    @Test
    void everyTaskIsStoredOnceAndVerifiesOnH2(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        String jdbcUrl = "jdbc:h2:file:" + dir.resolve("e2e").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        runAndCheck(kafka, dir, jdbcUrl);
    }

    @Test
    void everyTaskIsStoredOnceAndVerifiesOnPostgres(KafkaCluster kafka, PostgresDatabase db, @TempDir Path dir) throws Exception {
        runAndCheck(kafka, dir, db.jdbcUrl());
    }

    private static void runAndCheck(KafkaCluster kafka, Path dir, String jdbcUrl) throws Exception {
        LocalPipeline.Settings settings = new LocalPipeline.Settings(kafka.bootstrapServers(), dir, jdbcUrl,
                "e2e-" + UUID.randomUUID(), 2, 1, 20, 100, 1);
        List<Task> tasks;
        try (LocalPipeline pipeline = LocalPipeline.start(settings, new SimpleMeterRegistry())) {
            try (var producer = pipeline.newProducer(TASKS, COST, 0)) {
                tasks = producer.produce();
            }
            assertEquals(TASKS, tasks.size());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> rowCount(jdbcUrl) >= TASKS || pipeline.failure().isPresent());
            assertTrue(pipeline.failure().isEmpty(), () -> "a stage failed: " + pipeline.failure().get());
        }

        Map<String, String> stored = new HashMap<>();
        int rows = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, hash FROM results")) {
            while (rs.next()) {
                rows++;
                stored.put(rs.getString(1), rs.getString(2));
            }
        }
        assertEquals(TASKS, rows, "rows in the database");
        assertEquals(TASKS, stored.size(), "distinct ids in the database");
        for (Task task : tasks) {
            String hash = stored.get(task.id());
            assertTrue(hash != null, () -> "task " + task.id() + " was not stored");
            assertTrue(hash.startsWith("$2a$04$"), () -> "hash at the task's cost: " + hash);
            assertTrue(BCrypt.checkpw(task.password(), hash), () -> "hash of task " + task.id() + " verifies");
        }
    }

    private static long rowCount(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM results")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if (e.getMessage().toLowerCase().contains("results")) {
                return 0; // the table is created by the database API when it starts
            }
            throw e;
        }
    }
}
