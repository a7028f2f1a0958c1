package io.hashpipe.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The child processes of one system test, each a {@link Child} started as a user starts it (a broker, dbapi,
 * hashers, a saver, a producer), with their logs and the broker's data under {@code target/<prefix>-<unique>/}
 * for a failed run's post-mortem. Closes them in the reverse order of their start. Used by the test's thread.
 */
final class ChildProcesses implements AutoCloseable {

    /** Eight characters that make this run's topics, groups and database its own. */
    final String unique = UUID.randomUUID().toString().substring(0, 8);
    /** Where the logs and the broker's data are. */
    private final Path dir;
    /** What this run's topics and groups start with. */
    private final String prefix;
    private final List<Child> children = new ArrayList<>();

    private ChildProcesses(String prefix) throws IOException {
        this.prefix = prefix;
        dir = Files.createDirectories(Path.of("target", prefix + "-" + unique)).toAbsolutePath();
    }

    /** A system test's body, given the processes of its run. */
    interface Scenario {
        void run(ChildProcesses run) throws Exception;
    }

    /** Runs {@code scenario} with processes of its own, printing their output when it fails; stops them all after. */
    static void run(String prefix, Scenario scenario) throws Exception {
        try (ChildProcesses run = new ChildProcesses(prefix)) {
            try {
                scenario.run(run);
            } catch (AssertionError | Exception e) {
                run.printOutputs();
                throw e;
            }
        }
    }

    /**
     * What the stages of a run share: the broker, this run's topics ({@code <prefix>-<unique>.tasks} and
     * {@code .hashes} with their dead-letter topics) and the database dbapi writes to.
     */
    record Stage(Child broker, int brokerPort, String bootstrap, String tasks, String results, int partitions, int apiPort,
                 ResultRows rows) {

        /** Every task sent is in the database once and verifies, and neither dead-letter topic holds anything. */
        ResultRows.Rows assertEveryTaskStoredOnceAndNoDeadLetters(int count) throws Exception {
            List<Task> sent = TopicReader.tasks(bootstrap, tasks, partitions);
            assertEquals(count, sent.size(), "tasks in the topic");
            ResultRows.Rows stored = rows.read();
            stored.assertEveryTaskStoredOnceAndVerifies(sent);
            assertEquals(0, TopicReader.readAll(bootstrap, Topics.deadLetters(tasks), partitions).size(), "task dead letters");
            assertEquals(0, TopicReader.readAll(bootstrap, Topics.deadLetters(results), partitions).size(), "result dead letters");
            return stored;
        }
    }

    /** A broker, the run's topics of {@code partitions} partitions, and dbapi answering after {@code latencyMs}. */
    Stage stage(int partitions, int latencyMs) throws IOException {
        int brokerPort = freePort();
        int apiPort = freePort();
        String bootstrap = "127.0.0.1:" + brokerPort;
        String tasks = prefix + "-" + unique + ".tasks";
        String results = prefix + "-" + unique + ".hashes";
        ResultRows rows = ResultRows.create(unique, dir);
        Child broker = broker(brokerPort);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Topics.ensure(admin, partitions, tasks, results, Topics.deadLetters(tasks), Topics.deadLetters(results));
        }
        dbApi(apiPort, rows.jdbcUrl, latencyMs);
        return new Stage(broker, brokerPort, bootstrap, tasks, results, partitions, apiPort, rows);
    }

    /** {@code hashpipe hasher} of {@code stage}'s topics in {@code group} on one thread, with a management port; then {@code more}. */
    Child hasher(Stage stage, String name, String group, String... more) throws IOException {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("hasher", "--bootstrap-servers", stage.bootstrap(), "--tasks-topic", stage.tasks(),
                "--results-topic", stage.results(), "--group", group, "--threads", "1", "--management-port", Integer.toString(port)));
        args.addAll(List.of(more));
        return start(name, port, args.toArray(String[]::new));
    }

    /** {@code hashpipe saver} of {@code stage}'s results into its dbapi. */
    Child saver(Stage stage) throws IOException {
        return saver(stage.bootstrap(), stage.results(), saverGroup(), stage.apiPort());
    }

    /** The consumer group of {@link #saver(Stage)}. */
    String saverGroup() {
        return prefix + "-saver-" + unique;
    }

    /** {@code hashpipe producer} of {@code count} tasks at bcrypt cost {@code difficulty} to {@code stage}'s tasks; then {@code more}. */
    Child producer(Stage stage, int count, int difficulty, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("producer", "--bootstrap-servers", stage.bootstrap(), "--tasks-topic", stage.tasks(),
                "--tasks", Integer.toString(count), "--difficulty", Integer.toString(difficulty)));
        args.addAll(List.of(more));
        return start("producer", 0, args.toArray(String[]::new));
    }

    /** Waits until every one of {@code members} answers ready. */
    static void awaitReady(List<Child> members) {
        await("every member ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> members.stream().allMatch(Child::ready));
    }

    /** Starts {@code hashpipe args...} as {@code name}; {@code managementPort} 0 when it has none. */
    Child start(String name, int managementPort, String... args) throws IOException {
        Child child = Child.start(name, List.of(args), dir, managementPort);
        children.add(child);
        return child;
    }

    /** {@code hashpipe broker} on {@code port} with its data in this run's directory, once it listens. */
    private Child broker(int port) throws IOException {
        Child broker = start("broker", 0, "broker", "--port", Integer.toString(port), "--data-dir", dir.resolve("kafka").toString());
        awaitPort(port, Duration.ofSeconds(60), broker);
        return broker;
    }

    /** {@code hashpipe dbapi} on {@code port} writing to {@code jdbcUrl} after {@code latencyMs}, once it listens. */
    private Child dbApi(int port, String jdbcUrl, int latencyMs) throws IOException {
        Child dbApi = start("dbapi", 0, "dbapi", "--port", Integer.toString(port), "--jdbc-url", jdbcUrl,
                "--latency-ms", Integer.toString(latencyMs));
        awaitPort(port, Duration.ofSeconds(60), dbApi);
        return dbApi;
    }

    /** {@code hashpipe saver} of {@code results} into the dbapi at {@code apiPort}, with a management port of its own. */
    private Child saver(String bootstrap, String results, String group, int apiPort) throws IOException {
        int port = freePort();
        return start("saver", port, "saver", "--bootstrap-servers", bootstrap, "--results-topic", results,
                "--group", group, "--db-url", "http://127.0.0.1:" + apiPort, "--management-port", Integer.toString(port));
    }

    /** Prints every child's output, for a failed run. */
    private void printOutputs() {
        children.forEach(child -> System.out.println(child.output()));
    }

    /** SIGKILL, restart at once, and the seconds from the restart until the new JVM counts {@code metric} above 0. */
    static double killAndRestart(Child child, String metric) throws Exception {
        child.kill();
        System.out.printf("%s SIGKILLed and restarted at %s%n", child.name, Instant.now());
        long restart = System.nanoTime();
        child.restart();
        await(child.name + " counting " + metric + " again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .failFast(child.name + " exited", () -> !child.alive())
                .until(() -> child.metric(metric) > 0);
        return (System.nanoTime() - restart) / 1e9;
    }

    /** Waits until something listens on {@code port}; fails at once when {@code child} exits. */
    static void awaitPort(int port, Duration timeout, Child child) {
        await(child.name + " listening on " + port).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .failFast(child.name + " exited", () -> !child.alive())
                .until(() -> listens(port));
    }

    private static boolean listens(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).close();
        }
    }
}
