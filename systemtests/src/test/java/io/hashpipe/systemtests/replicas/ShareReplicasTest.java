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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Share-group hashers ({@code hashpipe hasher --group-type share}) as separate processes: eight of them on
 * a tasks topic of two partitions, four times more workers than a consumer group could keep busy. One is
 * SIGKILLed mid-run. Checked as the saver's idempotent store sees the results topic: every task has a result
 * whose hash verifies (deduplicated by id, as dbapi stores an id once), and every worker hashed some.
 */
@ExtendWith(KafkaFixture.class)
class ShareReplicasTest {

    private static final int WORKERS = 8;
    private static final int PARTITIONS = 2;
    private static final int TASKS = 600;
    private static final int COST = 6;
    /** The shortest lock the broker allows (group.share.min.record.lock.duration.ms): the killed worker's tasks come back after it. */
    private static final int LOCK_MS = 15_000;
    private static final Duration ALL_DONE = Duration.ofSeconds(75);

    private HasherReplicas replicas;
    private ReplicaTopics topics;

    @BeforeEach
    void topics(KafkaCluster kafka, TestInfo test) throws Exception {
        replicas = new HasherReplicas(kafka.bootstrapServers(), PARTITIONS, test.getTestMethod().orElseThrow().getName());
        topics = replicas.topics();
        try (Admin admin = topics.admin()) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, topics.group);
            admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
                    new ConfigEntry("share.record.lock.duration.ms", Integer.toString(LOCK_MS)), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
    }

    @AfterEach
    void stop() throws Exception {
        replicas.close();
    }

    @Test
    void eightSharersOfTwoPartitionsAllHashAndASigkilledOneLosesNothing() throws Exception {
        List<Task> tasks = ReplicaTopics.newTasks(TASKS, COST);
        // The victim takes up to 200 tasks per poll (the others 12), so that it holds many unacknowledged when killed.
        Path greedy = replicas.logs().resolve("greedy.properties");
        Files.writeString(greedy, "max.poll.records=200\n");
        start("w0", "--kafka-config", greedy.toString());
        for (int i = 1; i < WORKERS; i++) {
            start("w" + i);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .failFast(() -> replicas.processes().stream().anyMatch(p -> !p.alive()))
                .until(() -> topics.everyShareMemberAssigned(WORKERS));

        HasherProcess victim = replicas.processes().get(0);
        String victimName = name(victim);
        topics.send(tasks.subList(0, TASKS / 2));
        await().atMost(ALL_DONE).pollInterval(Duration.ofMillis(50))
                .until(() -> topics.committedResults().stream().anyMatch(r -> r.hasher().equals(victimName)));
        assertTrue(victim.alive(), () -> "the victim still hashing before the kill: " + victim.tail());
        victim.kill();
        topics.send(tasks.subList(TASKS / 2, TASKS));

        await().atMost(ALL_DONE).pollInterval(Duration.ofMillis(100))
                .until(() -> topics.resultsById().keySet().containsAll(tasks.stream().map(Task::id).toList()));
        Map<String, Task> byId = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
        Map<String, List<Result>> results = topics.resultsById();
        assertEquals(byId.keySet(), results.keySet(), "a result for every task (the victim's unacknowledged ones redone), no other");
        for (Map.Entry<String, List<Result>> entry : results.entrySet()) {
            for (Result result : entry.getValue()) {
                assertTrue(BCrypt.checkpw(byId.get(entry.getKey()).password(), result.hash()),
                        () -> "every hash of " + entry.getKey() + " verifies: " + result.hash());
            }
        }
        Set<String> hashers = results.values().stream().flatMap(List::stream).map(Result::hasher).collect(Collectors.toSet());
        Set<String> everyWorker = replicas.processes().stream().map(this::name).collect(Collectors.toSet());
        assertEquals(everyWorker, hashers, "every one of the " + WORKERS + " workers hashed some tasks");
        long redelivered = replicas.processes().stream().filter(p -> p != victim).mapToLong(ShareReplicasTest::redeliveries).sum();
        assertTrue(redelivered > 0, "the victim held unacknowledged tasks when killed, and the others took them after its locks ran out");
        long redone = results.values().stream().filter(list -> list.size() > 1).count();
        System.out.printf("ShareReplicasTest: %d tasks, %d results, %d tasks delivered again after the kill, %d hashed more than once"
                + " (at least once; the store keeps one)%n", TASKS, topics.committedResults().size(), redelivered, redone);
        assertTrue(replicas.processes().stream().filter(p -> p != victim).allMatch(HasherProcess::alive), "the survivors keep running");
    }

    /** Tasks a worker's log says were delivered to it again after another member had them. */
    private static long redeliveries(HasherProcess process) {
        return process.log().lines().filter(line -> line.contains("delivered again")).count();
    }

    private HasherProcess start(String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--group-type", "share", "--threads", "1", "--transactional-id",
                "sharer-" + name + "-" + topics.group));
        args.addAll(List.of(more));
        return replicas.start(name, args);
    }

    private String name(HasherProcess process) {
        return "sharer-" + process.name() + "-" + topics.group;
    }
}
