package io.hashpipe.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.saver.SaverMeters;
import io.hashpipe.testkit.PrometheusNames;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Kafka-side faults under a paced load, every part a real child process: a broker, dbapi on PostgreSQL (at
 * 127.0.0.1:5432 when it answers, else H2), three hashers, a saver and a producer. In one run: a hasher
 * SIGKILLed and restarted at once, the saver likewise, the broker SIGKILLed and restarted 5 s later, and a
 * hasher SIGTERMed while a fourth one joins (a rebalance). Every task must be stored once and verify, no
 * dead letters, the restarted members must resume within 10 s, a SIGTERMed hasher must exit within 20 s,
 * and no pause between stored rows (the database's stored_at) may last longer than 30 s.
 */
class ChaosTest {

    private static final int TASKS = 1_800;
    private static final double RATE = 25;
    private static final int PARTITIONS = 6;
    private static final double RESUME_SECONDS = 10;
    private static final double TERMINATE_SECONDS = 20;
    private static final double MAX_PAUSE_SECONDS = 30;
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    /** Logs and the broker's data, kept under target/ for a failed run's post-mortem. */
    private Path dir;

    private final List<Child> children = new ArrayList<>();

    @Test
    void killsAndRestartsLoseNothingStoreNothingTwiceAndRecoverWithinTheTargets() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        dir = Files.createDirectories(Path.of("target", "chaos-" + unique)).toAbsolutePath();
        String tasks = "chaos-" + unique + ".tasks";
        String results = "chaos-" + unique + ".hashes";
        int brokerPort = freePort();
        int apiPort = freePort();
        String bootstrap = "127.0.0.1:" + brokerPort;
        String jdbcUrl = database(unique);
        Map<String, Double> figures = new LinkedHashMap<>();
        try {
            Child broker = start("broker", 0, "broker", "--port", Integer.toString(brokerPort), "--data-dir", dir.resolve("kafka").toString());
            awaitPort(brokerPort, Duration.ofSeconds(60), broker);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Topics.ensure(admin, PARTITIONS, tasks, results, Topics.deadLetters(tasks), Topics.deadLetters(results));
            }
            Child dbApi = start("dbapi", 0, "dbapi", "--port", Integer.toString(apiPort), "--jdbc-url", jdbcUrl, "--latency-ms", "20");
            awaitPort(apiPort, Duration.ofSeconds(60), dbApi);
            List<Child> hashers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                hashers.add(hasher(i, bootstrap, tasks, results, unique));
            }
            int saverPort = freePort();
            Child saver = start("saver", saverPort, "saver", "--bootstrap-servers", bootstrap, "--results-topic", results,
                    "--group", "chaos-saver-" + unique, "--db-url", "http://127.0.0.1:" + apiPort, "--management-port", Integer.toString(saverPort));
            List<Child> members = new ArrayList<>(hashers);
            members.add(saver);
            awaitUntil(System.nanoTime(), 120, () -> members.stream().allMatch(Child::ready), "hashers and saver ready");
            Child producer = start("producer", 0, "producer", "--bootstrap-servers", bootstrap, "--tasks-topic", tasks,
                    "--tasks", Integer.toString(TASKS), "--difficulty", "4", "--rate", Double.toString(RATE));
            long t0 = System.nanoTime();

            awaitUntil(t0, 40, () -> rows(jdbcUrl) > 50, "rows stored before the first fault");
            figure(figures, "hasher resume s", killAndRestart(hashers.get(0), PrometheusNames.counter(HasherMeters.HASHES)));
            awaitUntil(t0, 25, () -> false, null);
            figure(figures, "saver resume s", killAndRestart(saver, PrometheusNames.counter(SaverMeters.STORED)));
            awaitUntil(t0, 38, () -> false, null);
            Instant brokerDown = Instant.now();
            System.out.printf("chaos: broker SIGKILLed at %s%n", brokerDown);
            broker.kill();
            Thread.sleep(5_000);
            broker.restart();
            awaitPort(brokerPort, Duration.ofSeconds(60), broker);
            Instant brokerUp = Instant.now();
            awaitUntil(t0, 55, () -> false, null);
            hashers.add(hasher(3, bootstrap, tasks, results, unique)); // its join rebalances the group...
            Thread.sleep(1_500);
            Child leaving = hashers.get(1);
            double exitSeconds = leaving.terminate(Duration.ofSeconds(60)); // ...while this one leaves
            figure(figures, "SIGTERM during rebalance exit s", exitSeconds);

            awaitUntil(System.nanoTime(), 150, () -> !producer.alive() && rows(jdbcUrl) >= TASKS, "every task stored");
            assertEquals(0, producer.exitCode(), producer.output());
            List<Task> sent = readTasks(bootstrap, tasks);
            Map<String, String> stored = new HashMap<>();
            List<Instant> storedAt = new ArrayList<>();
            readRows(jdbcUrl, stored, storedAt);

            assertEquals(TASKS, sent.size(), "tasks in the topic");
            assertEquals(TASKS, stored.size(), "one row per task");
            for (Task task : sent) {
                String hash = stored.get(task.id());
                assertTrue(hash != null, "task " + task.id() + " stored");
                assertTrue(BCrypt.checkpw(task.password(), hash), "hash of " + task.id() + " verifies");
            }
            assertEquals(0, TopicReader.readAll(bootstrap, Topics.deadLetters(tasks), PARTITIONS).size(), "task dead letters");
            assertEquals(0, TopicReader.readAll(bootstrap, Topics.deadLetters(results), PARTITIONS).size(), "result dead letters");

            storedAt.sort(null);
            figure(figures, "longest pause s", Pauses.longest(storedAt, null, null));
            figure(figures, "longest pause around the broker restart s", Pauses.longest(storedAt, brokerDown, brokerUp.plusSeconds(30)));
            System.out.println("chaos figures: " + figures);
            assertTrue(figures.get("hasher resume s") <= RESUME_SECONDS, "restarted hasher resumed within 10 s: " + figures);
            assertTrue(figures.get("saver resume s") <= RESUME_SECONDS, "restarted saver resumed within 10 s: " + figures);
            assertTrue(exitSeconds >= 0 && exitSeconds <= TERMINATE_SECONDS, "SIGTERMed hasher exited within 20 s: " + figures);
            assertNotEquals(1, leaving.exitCode(), "a SIGTERM is a clean stop, not a failure:\n" + leaving.output());
            assertTrue(figures.get("longest pause s") <= MAX_PAUSE_SECONDS, "no pause between stored rows over 30 s: " + figures);
        } catch (AssertionError | Exception e) {
            children.forEach(child -> System.out.println(child.output()));
            throw e;
        } finally {
            for (int i = children.size() - 1; i >= 0; i--) {
                children.get(i).close();
            }
        }
    }

    /** Keeps a figure and prints it at once, so that a run that fails later still shows what it measured. */
    private static void figure(Map<String, Double> figures, String name, double value) {
        System.out.printf("chaos: %s = %.1f%n", name, value);
        figures.put(name, value);
    }

    private Child hasher(int instance, String bootstrap, String tasks, String results, String unique) throws IOException {
        int port = freePort();
        return start("hasher-" + instance, port, "hasher", "--bootstrap-servers", bootstrap, "--tasks-topic", tasks, "--results-topic", results,
                "--group", "chaos-hasher-" + unique, "--instance", Integer.toString(instance), "--threads", "1",
                "--management-port", Integer.toString(port));
    }

    private Child start(String name, int managementPort, String... args) throws IOException {
        Child child = Child.start(name, List.of(args), dir, managementPort);
        children.add(child);
        return child;
    }

    /** SIGKILL, restart at once, and the seconds from the restart until the new JVM counts {@code metric} above 0. */
    private static double killAndRestart(Child child, String metric) throws Exception {
        child.kill();
        System.out.printf("chaos: %s SIGKILLed and restarted at %s%n", child.name, Instant.now());
        long restart = System.nanoTime();
        child.restart();
        while (child.metric(metric) <= 0) {
            if (System.nanoTime() - restart > Duration.ofSeconds(60).toNanos()) {
                throw new AssertionError(child.name + " did not resume within 60 s\n" + child.output());
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - restart) / 1e9;
    }

    /** Waits until {@code done} or {@code seconds} after {@code from}; fails with {@code what} when it had to be done. */
    private static void awaitUntil(long from, double seconds, BooleanSupplier done, String what) throws InterruptedException {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - from >= (long) (seconds * 1e9)) {
                if (what != null) {
                    throw new AssertionError("Not reached within " + seconds + " s: " + what);
                }
                return;
            }
            Thread.sleep(200);
        }
    }

    private static void awaitPort(int port, Duration timeout, Child child) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!child.alive()) {
                    throw new AssertionError(child.name + " exited\n" + child.output());
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError(child.name + " not listening on " + port + "\n" + child.output());
    }

    /** A fresh PostgreSQL database when the local server answers, else an H2 file the test can read beside dbapi. */
    private String database(String unique) {
        String name = "hashpipe_chaos_" + unique;
        try (Connection admin = DriverManager.getConnection(POSTGRES); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
            return POSTGRES.replace("/postgres?", "/" + name + "?");
        } catch (SQLException e) {
            System.out.println("PostgreSQL does not answer at " + POSTGRES + " (" + e.getMessage() + "): H2 instead");
            return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        }
    }

    private static long rows(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM results")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // no table yet
        }
    }

    private static void readRows(String jdbcUrl, Map<String, String> hashes, List<Instant> storedAt) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, hash, stored_at FROM results")) {
            while (rs.next()) {
                if (hashes.put(rs.getString(1), rs.getString(2)) != null) {
                    throw new AssertionError("id " + rs.getString(1) + " stored twice");
                }
                storedAt.add(rs.getTimestamp(3).toInstant());
            }
        }
    }

    private static List<Task> readTasks(String bootstrap, String topic) throws Exception {
        List<Task> tasks = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(bootstrap, topic, PARTITIONS)) {
            tasks.add(Json.fromBytes(record.value(), Task.class));
        }
        return tasks;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Sorted instants' longest gap, optionally only the gaps that overlap [from, to]. */
    static final class Pauses {
        static double longest(List<Instant> sorted, Instant from, Instant to) {
            double longest = 0;
            for (int i = 1; i < sorted.size(); i++) {
                Instant a = sorted.get(i - 1);
                Instant b = sorted.get(i);
                if (from != null && (b.isBefore(from) || a.isAfter(to))) {
                    continue;
                }
                longest = Math.max(longest, Duration.between(a, b).toMillis() / 1e3);
            }
            return longest;
        }
    }

}
