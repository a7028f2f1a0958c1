package io.hashpipe.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline's topic names and their creation. */
public final class Topics {

    /** Where the producer writes tasks. */
    public static final String TASKS = "hashpipe.tasks";
    /** Where the hashers write results. */
    public static final String RESULTS = "hashpipe.hashes";
    /** Default partition count: the ceiling on hasher parallelism across the group. */
    public static final int DEFAULT_PARTITIONS = 12;
    /** How long {@link #ensure} waits for the partitions to be served. */
    private static final long SERVED_WAIT_NANOS = 30_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(Topics.class);

    private Topics() {
    }

    /** The dead-letter topic that belongs to {@code topic}. */
    public static String deadLetters(String topic) {
        return topic + ".dlq";
    }

    /**
     * Creates the topics that do not exist yet, with {@code partitions} partitions and the broker's
     * default replication factor (topics that exist are left as they are), then waits until every partition
     * of {@code names} is served by its leader.
     *
     * <p>The wait matters for idempotent and transactional producers: a broker before Kafka 4.5 that is sent
     * two requests for a partition it is still creating can reject the first (NOT_LEADER_OR_FOLLOWER) and
     * append the second, after which the first is refused as out of order until it expires, and its records
     * are lost (KAFKA-15591). Producing only to partitions that already answer avoids that window. Still
     * needed on Kafka 4.4.0, the release hashpipe runs: the fix (apache/kafka pull request 23234, a
     * never-written partition accepts only a first sequence of 0) was merged after the 4.4 branch and ships
     * in 4.5, and 4.4.0's {@code ProducerAppendInfo.checkSequence} is 4.1's. Remove the wait once both the
     * embedded broker and the brokers users run are 4.5 or newer.
     */
    public static void ensure(Admin admin, int partitions, String... names) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, Optional.of(partitions), Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                create(admin, missing);
            }
            awaitServed(admin, List.of(names));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing topics " + List.of(names), e);
        }
    }

    private static void create(Admin admin, List<NewTopic> missing) throws InterruptedException {
        for (Map.Entry<String, KafkaFuture<Void>> entry : admin.createTopics(missing).values().entrySet()) {
            try {
                entry.getValue().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }

    /**
     * Waits until the leader of every partition of {@code names} answers a ListOffsets request for it, which
     * it does only once the partition's log exists; logs a warning and returns after a while (the clients
     * retry anyway).
     */
    private static void awaitServed(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + SERVED_WAIT_NANOS;
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get().values()) {
                    topic.partitions().forEach(p -> partitions.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
                }
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
                last = e.getCause();
            }
            Thread.sleep(50);
        }
        log.warn("The partitions of {} are not all served by their leaders yet ({}); going on, the clients will retry", names, String.valueOf(last));
    }
}
