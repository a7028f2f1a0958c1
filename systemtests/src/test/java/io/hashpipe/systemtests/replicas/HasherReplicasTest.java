package io.hashpipe.systemtests.replicas;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Result;
import io.hashpipe.common.Task;
import io.hashpipe.testkit.HasherProcess;
import io.hashpipe.testkit.HasherReplicas;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.hashpipe.testkit.ReplicaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Hasher replicas as separate processes (child JVMs running {@code hashpipe hasher}): one killed with
 * SIGKILL mid-run, one joining and one leaving mid-run. Checked as a downstream reader sees it: a
 * read_committed consumer of the hashes topic gets each task exactly once, and every hash verifies.
 */
@ExtendWith(KafkaFixture.class)
class HasherReplicasTest {

    private static final int TASKS = 3_000;
    private static final int COST = 4;
    /** Generous: three JVMs share two loaded cores, and a killed member's partitions wait out its session and transaction. */
    private static final Duration ALL_DONE = Duration.ofMinutes(4);

    private HasherReplicas replicas;
    private ReplicaTopics topics;
    private Path clientSettings;

    @BeforeEach
    void topics(KafkaCluster kafka, TestInfo test) throws Exception {
        replicas = new HasherReplicas(kafka.bootstrapServers(), ReplicaTopics.PARTITIONS, test.getTestMethod().orElseThrow().getName());
        topics = replicas.topics();
        // A dead member is noticed after its session, and its open transaction aborted after its timeout
        // (plus the broker's 10 s sweep); shorter than the defaults so the test does not wait a minute.
        clientSettings = replicas.logs().resolve("client.properties");
        Files.writeString(clientSettings, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG + "=6000\n"
                + ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG + "=1500\n"
                + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + "=10000\n");
    }

    @AfterEach
    void stop() throws Exception {
        replicas.close();
    }

    @Test
    void aSigkilledReplicaLeavesEveryTaskHashedExactlyOnceByTheOthers() throws Exception {
        List<Task> tasks = ReplicaTopics.newTasks(TASKS, COST);
        HasherProcess a = start("a");
        HasherProcess b = start("b");
        HasherProcess c = start("c");
        awaitMembers(3);

        topics.send(tasks.subList(0, TASKS / 2));
        await().atMost(ALL_DONE).until(() -> topics.committedResults().size() >= TASKS / 10);
        assertTrue(b.alive(), () -> "b still hashing before the kill: " + b.tail());
        b.kill();
        topics.send(tasks.subList(TASKS / 2, TASKS));

        awaitEveryTask(tasks);
        assertEachTaskOnceAndVerified(tasks);
        assertTrue(a.alive() && c.alive(), "the survivors keep running");
    }

    @Test
    void aReplicaJoiningAndAnotherLeavingMidRunNeitherDuplicateNorStall() throws Exception {
        List<Task> tasks = ReplicaTopics.newTasks(TASKS, COST);
        HasherProcess a = start("a");
        HasherProcess b = start("b");
        awaitMembers(2);

        topics.send(tasks.subList(0, TASKS / 3));
        await().atMost(ALL_DONE).until(() -> topics.committedResults().size() >= TASKS / 10);
        HasherProcess c = start("c");
        awaitMembers(3);
        topics.send(tasks.subList(TASKS / 3, 2 * TASKS / 3));
        int exit = a.terminate();
        awaitMembers(2);
        topics.send(tasks.subList(2 * TASKS / 3, TASKS));

        awaitEveryTask(tasks);
        assertEachTaskOnceAndVerified(tasks);
        assertTrue(exit == 0 || exit == 143, () -> "a left cleanly on SIGTERM, exit " + exit + ": " + a.tail());
        Map<String, List<Result>> byHasher = topics.committedResults().stream().collect(Collectors.groupingBy(Result::hasher));
        assertTrue(byHasher.containsKey(transactionalId(c)), () -> "the joining replica hashed some: " + byHasher.keySet());
        assertTrue(b.alive() && c.alive(), "the remaining replicas keep running");
    }

    /** Before, the twin fenced the original at its next transaction and then stopped itself: no hasher was left. */
    @Test
    void aSecondProcessWithARunningReplicasIdRefusesToStartAndTheOriginalKeepsHashing() throws Exception {
        List<Task> tasks = ReplicaTopics.newTasks(TASKS / 10, COST);
        HasherProcess a = start("a");
        awaitMembers(1);
        HasherProcess twin = start("a", "a-twin");
        int exit = twin.awaitExit(60);
        assertEquals(1, exit, twin::tail);
        assertTrue(twin.tail().contains("Another hasher is running as " + transactionalId(a)) && twin.tail().contains("--instance"),
                twin::tail);
        topics.send(tasks);
        awaitEveryTask(tasks);
        assertEachTaskOnceAndVerified(tasks);
        assertTrue(a.alive(), () -> "the original keeps running: " + a.tail());
    }

    private HasherProcess start(String name) throws Exception {
        return start(name, name);
    }

    /** A replica with {@code name}'s transactional id, logging to {@code logName}.log. */
    private HasherProcess start(String name, String logName) throws Exception {
        return replicas.start(logName, List.of("--threads", "1", "--transactional-id", "replica-" + name + "-" + topics.group,
                "--kafka-config", clientSettings.toString()));
    }

    private String transactionalId(HasherProcess process) {
        return "replica-" + process.name() + "-" + topics.group;
    }

    private void awaitMembers(int members) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .failFast(() -> replicas.processes().stream().filter(HasherProcess::alive).count() < members)
                .until(() -> topics.everyMemberAssigned(members));
    }

    /** Waits until a result of every task was seen, then reads a little more to catch late duplicates. */
    private void awaitEveryTask(List<Task> tasks) {
        await().atMost(ALL_DONE).pollInterval(Duration.ofMillis(100))
                .until(() -> topics.resultsById().keySet().containsAll(tasks.stream().map(Task::id).toList()));
        await().pollDelay(Duration.ofSeconds(2)).until(() -> topics.committedResults() != null);
    }

    private void assertEachTaskOnceAndVerified(List<Task> tasks) {
        Map<String, Task> byId = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
        Map<String, List<Result>> results = topics.resultsById();
        List<String> twice = results.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
        assertEquals(0, twice.size(), () -> twice.size() + " task ids with more than one committed result, e.g. "
                + twice.subList(0, Math.min(5, twice.size())));
        assertEquals(byId.keySet(), results.keySet(), "one result per task, no other");
        for (Map.Entry<String, List<Result>> entry : results.entrySet()) {
            Result result = entry.getValue().get(0);
            assertTrue(BCrypt.checkpw(byId.get(entry.getKey()).password(), result.hash()),
                    () -> "the hash of " + entry.getKey() + " verifies: " + result.hash());
        }
    }
}
