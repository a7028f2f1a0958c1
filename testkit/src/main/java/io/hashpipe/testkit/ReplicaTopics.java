package io.hashpipe.testkit;

import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Task;
import io.hashpipe.common.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One test's topics and group: sends tasks, and reads the hashes topic as a read_committed consumer
 * (without a group, from the beginning), keeping every result it has seen, duplicates included.
 */
public final class ReplicaTopics implements AutoCloseable {

    /** The partitions per topic of a replica test that does not need another number. */
    public static final int PARTITIONS = 6;

    public final String bootstrap;
    public final int partitions;
    public final String tasks = "tasks-" + UUID.randomUUID();
    public final String results = "hashes-" + UUID.randomUUID();
    public final String group = "hashers-" + UUID.randomUUID();
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final List<Result> seen = new ArrayList<>();

    /** With {@code partitions} partitions per topic. */
    public ReplicaTopics(String bootstrap, int partitions) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        try (Admin admin = admin()) {
            Topics.ensure(admin, partitions, tasks, results, Topics.deadLetters(tasks));
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> resultPartitions = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(results, p)).toList();
        reader.assign(resultPartitions);
        reader.seekToBeginning(resultPartitions);
    }

    /** The hasher flags that point a child at these topics and this group. */
    public List<String> hasherArgs() {
        return List.of("--bootstrap-servers", bootstrap, "--tasks-topic", tasks, "--results-topic", results,
                "--group", group, "--partitions", Integer.toString(partitions));
    }

    public static List<Task> newTasks(int count, int difficulty) {
        List<Task> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(new Task(UUID.randomUUID().toString(), "pw" + i + "abcdefg", difficulty, Instant.now()));
        }
        return made;
    }

    public void send(List<Task> batch) {
        for (Task task : batch) {
            producer.send(new ProducerRecord<>(tasks, task.id().getBytes(StandardCharsets.UTF_8), Json.toBytes(task)));
        }
        producer.flush();
    }

    /** Polls the hashes topic once more; every committed result seen so far, in the order seen. */
    public List<Result> committedResults() {
        for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
            try {
                seen.add(Json.fromBytes(record.value(), Result.class));
            } catch (IOException e) {
                throw new UncheckedIOException("Not a result at " + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
            }
        }
        return seen;
    }

    /** Results seen so far per task id. */
    public Map<String, List<Result>> resultsById() {
        Map<String, List<Result>> byId = new HashMap<>();
        for (Result result : committedResults()) {
            byId.computeIfAbsent(result.id(), id -> new ArrayList<>()).add(result);
        }
        return byId;
    }

    /** Whether the group has {@code members} members, each owning at least one partition. */
    public boolean everyMemberAssigned(int members) throws Exception {
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            return topics.everyMemberAssigned(group, members);
        }
    }

    /** Whether the share group has {@code members} members, each given at least one partition to read. */
    public boolean everyShareMemberAssigned(int members) throws Exception {
        try (Admin admin = admin()) {
            ShareGroupDescription group = admin.describeShareGroups(List.of(this.group)).all().get().get(this.group);
            return group.members().size() == members
                    && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @Override
    public void close() {
        producer.close();
        reader.close();
    }
}
