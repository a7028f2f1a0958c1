package io.hashpipe.testkit;

import io.hashpipe.common.GroupOffsets;
import io.hashpipe.common.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The topic chores of the modules' Kafka tests, on a real broker: create topics, write records and wait for
 * their acknowledgements, read topics back as a read_committed consumer, and compare a group's committed
 * offsets with the topics' ends ({@link GroupOffsets}, the services' own reader).
 */
public class KafkaTopics implements AutoCloseable {

    /** How long a reader waits for the records it expects. */
    private static final Duration READ_WAIT = Duration.ofSeconds(90);

    private final String bootstrap;
    private final Admin admin;

    public KafkaTopics(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** Creates the topics with {@code partitions} partitions and waits until they are served ({@link Topics#ensure}). */
    public void create(int partitions, String... topics) {
        Topics.ensure(admin, partitions, topics);
    }

    /**
     * Sends {@code records} in order and waits for each acknowledgement; the producer takes requests up to
     * 2 MiB, so that records the broker accepts but a stage's own producer could not send again (about
     * 1 MiB) can be written.
     */
    public void send(List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<String, byte[]> record : records) {
                acks.add(producer.send(record));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot send the test's records: " + e.getCause(), e.getCause());
        }
    }

    /** Sends {@code values} to {@code topic}, keyed {@code key-0}, {@code key-1}, ... */
    public void sendValues(String topic, List<byte[]> values) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        int i = 0;
        for (byte[] value : values) {
            records.add(new ProducerRecord<>(topic, "key-" + i++, value));
        }
        send(records);
    }

    /**
     * Every record of {@code topic} a read_committed reader sees once {@code expected} have come, and for
     * {@code extra} more (to catch duplicates).
     */
    public List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int expected, Duration extra) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            awaitTrue(READ_WAIT, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            }, () -> records.size() + " of " + expected + " records of " + topic);
            consumer.poll(extra).forEach(records::add);
        }
        return records;
    }

    /** Every committed record of {@code topic}, up to its last stable offsets as they are now, in no particular order. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 << 20),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            awaitTrue(READ_WAIT, () -> {
                if (ends.entrySet().stream().noneMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                    return true;
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return false;
            }, () -> "reading " + topic + " up to " + ends);
        }
        return records;
    }

    /** The last stable offset of each partition of {@code topic}. */
    public Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        return GroupOffsets.ends(admin, GroupOffsets.partitions(admin, topic));
    }

    /** The group's committed offsets of {@code topic}'s partitions (a partition without one is absent). */
    public Map<TopicPartition, Long> committed(String group, String topic) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>(GroupOffsets.committed(admin, group));
        committed.keySet().removeIf(tp -> !tp.topic().equals(topic));
        return committed;
    }

    /** Waits until {@code group}'s committed offsets on {@code topic} equal the topic's end offsets now. */
    public void awaitCommittedToTheEnd(String group, String topic, Duration wait) throws Exception {
        Map<TopicPartition, Long> end = endOffsets(topic);
        awaitTrue(wait, () -> {
            try {
                return committed(group, topic).equals(end);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, () -> "group " + group + " committing " + topic + " up to " + end);
    }

    /** The group as the coordinator describes it now. */
    public ConsumerGroupDescription describe(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    }

    /** Whether the group has {@code members} members and each owns at least one partition. */
    public boolean everyMemberAssigned(String group, int members) throws Exception {
        ConsumerGroupDescription description;
        try {
            description = describe(group);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false; // no member has joined yet
            }
            throw e;
        }
        return description.members().size() == members
                && description.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }

    @Override
    public void close() {
        admin.close();
    }

    private static void awaitTrue(Duration wait, BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + wait.toSeconds() + " s: " + what.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted: " + what.get(), e);
            }
        }
    }
}
