package io.hashpipe.hasher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Hashers in a share group ({@code hasher.group.type=share}) on a real broker. */
@ExtendWith(KafkaFixture.class)
class ShareHasherTest {

    private static Kafka kafka;
    private static String bootstrap;

    @BeforeAll
    static void broker(KafkaCluster cluster) {
        bootstrap = cluster.bootstrapServers();
        kafka = new Kafka(bootstrap);
    }

    @Test
    void threeSharersOfFourPartitionsHashEveryTaskAndDeadLetterTheBadOnes() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        List<Task> good = Kafka.tasks(240, 4);
        kafka.send(names.tasks(), good.subList(0, 40)); // sent before any member: share.auto.offset.reset=earliest takes them
        Map<String, String> share = Map.of(HasherConfig.GROUP_TYPE, HasherConfig.GROUP_TYPE_SHARE, HasherConfig.THREADS, "1");
        List<Kafka.Running> hashers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hashers.add(kafka.start(names, share));
        }
        try {
            kafka.send(names.tasks(), good.subList(40, good.size()));
            kafka.sendRaw(names.tasks(), List.of("not json".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(90)).until(() -> hashers.stream().mapToDouble(h -> h.count(HasherMeters.HASHES)).sum() >= good.size()
                    && hashers.stream().mapToDouble(h -> h.count(HasherMeters.DEAD_LETTERS)).sum() >= 1);
        } finally {
            hashers.forEach(Kafka.Running::close);
        }
        for (Kafka.Running hasher : hashers) {
            hasher.run().get();
        }

        Map<String, Task> byId = good.stream().collect(Collectors.toMap(Task::id, Function.identity()));
        List<ConsumerRecord<String, byte[]>> records = kafka.readCommitted(names.results(), good.size());
        Map<String, Result> results = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Result result = Json.fromBytes(record.value(), Result.class);
            results.put(result.id(), result);
            assertTrue(BCrypt.checkpw(byId.get(result.id()).password(), result.hash()), "the hash verifies");
        }
        assertEquals(byId.keySet(), results.keySet(), "a result for every task, no other");
        Set<String> hashedBy = results.values().stream().map(Result::hasher).collect(Collectors.toSet());
        assertEquals(3, hashedBy.size(), "every member hashed some: " + hashedBy);
        List<ConsumerRecord<String, byte[]>> dead = kafka.readCommitted(Topics.deadLetters(names.tasks()), 1);
        assertEquals(1, dead.size());
        assertTrue(DeadLetters.header(dead.get(0).headers(), DeadLetters.ERROR_MESSAGE).contains("not valid JSON"));
    }

    /**
     * A task that hashes for longer than the group's acquisition lock (15 s, the broker's least) keeps its lock
     * by renewals at half of it: without them the lock would run out mid-hash, the broker would hand the task
     * out again, the late ACCEPT would be refused, and the task would be hashed twice. The three tasks are on
     * three partitions, so the first poll usually hands over one and the consumer fetches the others while it
     * hashes: their locks run from then, not from when a later poll hands them over.
     */
    @Test
    void aTaskLongerThanItsLockIsRenewedAndHashedOnce() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, names.group());
            admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
                    new ConfigEntry("share.record.lock.duration.ms", "15000"), AlterConfigOp.OpType.SET)))).all().get();
        }
        // Cost 17 with Spring's bcrypt takes about 8 s on one thread here: three in one batch outlive the lock.
        List<Task> slow = Kafka.tasks(3, 17);
        Kafka.Running hasher = kafka.start(names, Map.of(HasherConfig.GROUP_TYPE, HasherConfig.GROUP_TYPE_SHARE,
                HasherConfig.THREADS, "1", HasherConfig.BCRYPT_IMPL, HasherConfig.BCRYPT_SPRING));
        long start = System.nanoTime();
        try (hasher) {
            kafka.send(names.tasks(), slow);
            await().atMost(Duration.ofMinutes(3)).until(() -> hasher.count(HasherMeters.HASHES) >= slow.size());
        }
        hasher.run().get();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds > 15, "the batch outlived one lock (" + seconds + " s), or the test proves nothing");
        List<ConsumerRecord<String, byte[]>> records = kafka.readCommitted(names.results(), slow.size());
        assertEquals(slow.size(), records.size(), "each task hashed once");
        // A lost lock shows as an ACCEPT the broker refused: the task would stay unacknowledged in the group.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> unacknowledged(admin, names) == 0);
        }
    }

    /** Tasks of the topic below its end that the share group has not acknowledged. */
    private static long unacknowledged(Admin admin, Kafka.Names names) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < 4; p++) {
            latest.put(new TopicPartition(names.tasks(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, SharePartitionOffsetInfo> started = admin.listShareGroupOffsets(Map.of(names.group(),
                new ListShareGroupOffsetsSpec().topicPartitions(latest.keySet()))).partitionsToOffsetInfo(names.group()).get();
        long behind = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            SharePartitionOffsetInfo info = started.get(end.getKey());
            // The persisted start offset lags behind the acknowledgements; the lag is what is not acknowledged.
            behind += info == null ? end.getValue().offset() : info.lag().orElse(end.getValue().offset() - info.startOffset());
        }
        return behind;
    }

    @Test
    void theShareGroupIsSetToStartAtTheEarliestOffsetAndReadCommitted() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        Kafka.Running hasher = kafka.start(names, Map.of(HasherConfig.GROUP_TYPE, HasherConfig.GROUP_TYPE_SHARE));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, names.group());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Config config = admin.describeConfigs(List.of(group)).all().get().get(group);
                return "earliest".equals(config.get("share.auto.offset.reset").value())
                        && "read_committed".equals(config.get("share.isolation.level").value());
            });
        } finally {
            hasher.close();
        }
        hasher.run().get();
    }
}
