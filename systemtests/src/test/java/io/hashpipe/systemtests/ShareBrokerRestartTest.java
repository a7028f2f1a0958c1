package io.hashpipe.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.testkit.PrometheusNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * Share-group hashers ({@code --group-type share}) through a broker crash, every part a real child process:
 * a broker, dbapi, three hashers in one share group on two partitions, a saver and a producer. The broker is
 * SIGKILLed while the hashers hold tasks (acquired, hashing or sending, not acknowledged) and restarted 5 s
 * later. Counted from outside: every task's row in the database once, its hash verifying, no dead letters, and
 * every hasher alive and hashing again after the restart. Results hashed twice (at least once) are counted.
 */
class ShareBrokerRestartTest {

    private static final int TASKS = 800;
    private static final int COST = 8;
    private static final int PARTITIONS = 2;
    private static final int HASHERS = 3;
    /** The broker's least acquisition lock (group.share.min.record.lock.duration.ms): a lost lock comes back soon. */
    private static final int LOCK_MS = 15_000;

    @Test
    void aBrokerKilledWhileSharersHoldTasksLosesNoneStoresNoneTwiceAndStopsNoHasher() throws Exception {
        ChildProcesses.run("share", ShareBrokerRestartTest::restartUnderLoad);
    }

    private static void restartUnderLoad(ChildProcesses run) throws Exception {
        ChildProcesses.Stage stage = run.stage(PARTITIONS, 20);
        String group = "share-hasher-" + run.unique;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stage.bootstrap()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(new AlterConfigOp(
                    new ConfigEntry("share.record.lock.duration.ms", Integer.toString(LOCK_MS)), AlterConfigOp.OpType.SET)))).all().get();
        }
        List<Child> hashers = new ArrayList<>();
        for (int i = 0; i < HASHERS; i++) {
            hashers.add(run.hasher(stage, "sharer-" + i, group, "--group-type", "share", "--instance", Integer.toString(i)));
        }
        List<Child> members = new ArrayList<>(hashers);
        members.add(run.saver(stage));
        ChildProcesses.awaitReady(members);
        Child producer = run.producer(stage, TASKS, COST);

        String hashes = PrometheusNames.counter(HasherMeters.HASHES);
        String busy = PrometheusNames.gauge(HasherMeters.BUSY);
        await("every sharer hashing with tasks waiting").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> hashers.stream().allMatch(h -> h.metric(hashes) > 0 && h.metric(busy) > 0)
                        && hashers.stream().mapToDouble(h -> h.metric(hashes)).sum() < TASKS / 2.0);
        stage.broker().kill();
        System.out.printf("share restart: broker SIGKILLed with %d of %d rows stored, every sharer holding tasks%n", stage.rows().count(), TASKS);
        Thread.sleep(5_000);
        stage.broker().restart();
        ChildProcesses.awaitPort(stage.brokerPort(), Duration.ofSeconds(60), stage.broker());
        long up = System.nanoTime();
        double[] hashedBefore = hashers.stream().mapToDouble(h -> h.metric(hashes)).toArray();
        await("every sharer hashing again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .failFast("a sharer stopped", () -> hashers.stream().anyMatch(h -> !h.alive()))
                .until(() -> hashingAgain(hashers, hashes, hashedBefore));
        System.out.printf("share restart: every sharer hashing again %.1f s after the broker was back%n", (System.nanoTime() - up) / 1e9);

        await("every task stored").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .failFast("a sharer stopped", () -> hashers.stream().anyMatch(h -> !h.alive()))
                .until(() -> !producer.alive() && stage.rows().count() >= TASKS);
        assertEquals(0, producer.exitCode(), producer.output());
        stage.assertEveryTaskStoredOnceAndNoDeadLetters(TASKS);
        assertTrue(hashers.stream().allMatch(Child::alive), "every sharer still running");
        Map<String, Integer> resultsById = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(stage.bootstrap(), stage.results(), PARTITIONS)) {
            resultsById.merge(Json.fromBytes(record.value(), Result.class).id(), 1, Integer::sum);
        }
        assertEquals(TASKS, resultsById.size(), "a result for every task, no other");
        System.out.printf("share restart: %d tasks, %d results, %d hashed more than once (at least once; the store keeps one)%n",
                TASKS, resultsById.values().stream().mapToInt(Integer::intValue).sum(),
                resultsById.values().stream().filter(n -> n > 1).count());
    }

    /** Whether each hasher's count of hashes grew past {@code before}. */
    private static boolean hashingAgain(List<Child> hashers, String hashes, double[] before) {
        for (int i = 0; i < hashers.size(); i++) {
            if (hashers.get(i).metric(hashes) <= before[i]) {
                return false;
            }
        }
        return true;
    }
}
