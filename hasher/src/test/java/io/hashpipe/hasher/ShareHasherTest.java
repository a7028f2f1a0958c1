package io.hashpipe.hasher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import io.hashpipe.hasher.internals.ResultCommitter;
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
import org.apache.kafka.clients.admin.Config;
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
            await().atMost(Duration.ofSeconds(90)).until(() -> hashers.stream().mapToDouble(h -> h.count(ResultCommitter.HASHES)).sum() >= good.size()
                    && hashers.stream().mapToDouble(h -> h.count(ResultCommitter.DEAD_LETTERS)).sum() >= 1);
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
