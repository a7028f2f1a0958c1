package io.hashpipe.hasher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.DuplicateMemberException;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Task;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Hashers together: sharing a group, joining mid-stream, restarting, fencing, and one very slow hash. */
@ExtendWith(KafkaFixture.class)
class HasherGroupTest {

    private static Kafka kafka;

    @BeforeAll
    static void broker(KafkaCluster cluster) {
        kafka = new Kafka(cluster.bootstrapServers());
    }

    @Test
    void twoHashersInOneGroupShareTheWorkWithoutDuplicates() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        List<Task> tasks = Kafka.tasks(300, 4);
        try (Kafka.Running a = kafka.start(names, Map.of(HasherConfig.THREADS, "1"));
             Kafka.Running b = kafka.start(names, Map.of(HasherConfig.THREADS, "1"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.everyMemberAssigned(names.group(), 2));
            kafka.send(names.tasks(), tasks);
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    a.count(HasherMeters.HASHES) + b.count(HasherMeters.HASHES) >= tasks.size());
            assertTrue(a.count(HasherMeters.HASHES) > 0 && b.count(HasherMeters.HASHES) > 0, "both did some");

            List<Result> results = results(names, tasks.size());
            assertExactlyOnce(tasks, results);
            assertEquals(Set.of(a.hasher().name(), b.hasher().name()),
                    new HashSet<>(results.stream().map(Result::hasher).toList()), "results name their hasher");
        }
    }

    @Test
    void aHasherJoiningMidStreamTakesOverPartitionsWithoutDuplicates() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        List<Task> tasks = Kafka.tasks(400, 7);
        kafka.send(names.tasks(), tasks);
        try (Kafka.Running a = kafka.start(names, Map.of(HasherConfig.THREADS, "1"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> a.count(HasherMeters.HASHES) >= 40);
            try (Kafka.Running b = kafka.start(names, Map.of(HasherConfig.THREADS, "1"))) {
                await().atMost(Duration.ofSeconds(120)).until(() ->
                        a.count(HasherMeters.HASHES) + b.count(HasherMeters.HASHES) >= tasks.size());
                assertExactlyOnce(tasks, results(names, tasks.size()));
                assertEquals(tasks.size(), a.count(HasherMeters.HASHES) + b.count(HasherMeters.HASHES));
            }
        }
    }

    @Test
    void afterCloseARestartedHasherFinishesTheRestExactlyOnce() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        // Cost 10, not less: the queue holds about a second of hashing, and at cost 6 the fast kernel hashed all
        // 200 in that second, before close() could stop it part-way.
        List<Task> tasks = Kafka.tasks(200, 10);
        kafka.send(names.tasks(), tasks);
        Map<String, String> sameId = Map.of(HasherConfig.THREADS, "1", HasherConfig.TRANSACTIONAL_ID, "restarted-" + names.group());
        Kafka.Running first = kafka.start(names, sameId);
        try (first) {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.count(HasherMeters.HASHES) >= 20);
        }
        first.run().get();
        double before = first.count(HasherMeters.HASHES);
        assertTrue(before < tasks.size(), "stopped part-way");
        try (Kafka.Running second = kafka.start(names, sameId)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> before + second.count(HasherMeters.HASHES) >= tasks.size());
            assertExactlyOnce(tasks, results(names, tasks.size()));
        }
    }

    /** The twin would fence the original at its first transaction (a minute later, leaving no hasher): it refuses to start. */
    @Test
    void aSecondHasherWithTheSameTransactionalIdRefusesToStartAndTheFirstKeepsHashing() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        Map<String, String> sameId = Map.of(HasherConfig.TRANSACTIONAL_ID, "twin-" + names.group());
        try (Kafka.Running first = kafka.start(names, sameId)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.everyMemberAssigned(names.group(), 1));
            try (Kafka.Running twin = kafka.start(names, sameId)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> twin.run().get(60, TimeUnit.SECONDS));
                DuplicateMemberException refused = assertInstanceOf(DuplicateMemberException.class, e.getCause());
                assertTrue(refused.getMessage().contains("twin-" + names.group()) && refused.getMessage().contains("--instance")
                        && refused.getMessage().contains("--transactional-id"), refused.getMessage());
            }
            List<Task> tasks = Kafka.tasks(40, 4);
            kafka.send(names.tasks(), tasks);
            await().atMost(Duration.ofSeconds(60)).until(() -> first.count(HasherMeters.HASHES) >= tasks.size());
            assertFalse(first.run().isDone(), "the original still runs");
            assertExactlyOnce(tasks, results(names, tasks.size()));
        }
    }

    @Test
    void aHashLongerThanTheMaxPollIntervalCompletesOnceWithoutLeavingTheGroup(@TempDir Path dir) throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        Path clientSettings = dir.resolve("client.properties");
        Files.writeString(clientSettings, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG + "=1000\n");
        List<Task> tasks = new ArrayList<>(Kafka.tasks(1, 15)); // about 2 s of bcrypt, twice the poll interval
        tasks.addAll(Kafka.tasks(4, 4));
        try (Kafka.Running hasher = kafka.start(names, Map.of(
                CommonConfigs.KAFKA_CONFIG, clientSettings.toString(), HasherConfig.THREADS, "1"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.everyMemberAssigned(names.group(), 1));
            ConsumerGroupDescription before = kafka.describe(names.group());

            kafka.send(names.tasks(), tasks);
            await().atMost(Duration.ofSeconds(90)).until(() -> hasher.count(HasherMeters.HASHES) >= tasks.size());

            assertExactlyOnce(tasks, results(names, tasks.size()));
            ConsumerGroupDescription after = kafka.describe(names.group());
            assertEquals(before.groupEpoch(), after.groupEpoch(), "no member left or joined: " + after);
            assertEquals(memberEpochs(before), memberEpochs(after), "the member kept its place: " + after);
            assertEquals(0.0, hasher.registry().get(HasherMeters.TRANSACTIONS).tag("outcome", "aborted").counter().count());
        }
    }

    private static List<Result> results(Kafka.Names names, int expected) throws Exception {
        List<Result> results = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : kafka.readCommitted(names.results(), expected)) {
            results.add(Json.fromBytes(record.value(), Result.class));
        }
        return results;
    }

    private static void assertExactlyOnce(List<Task> tasks, List<Result> results) {
        List<String> ids = results.stream().map(Result::id).sorted().toList();
        assertEquals(tasks.stream().map(Task::id).sorted().toList(), ids, "every task once, none twice");
    }

    private static Map<String, Integer> memberEpochs(ConsumerGroupDescription group) {
        Map<String, Integer> epochs = new java.util.HashMap<>();
        for (MemberDescription member : group.members()) {
            epochs.put(member.consumerId(), member.memberEpoch().orElse(-1));
        }
        return epochs;
    }
}
