package io.hashpipe.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The pipeline's topic names and their creation. */
public final class Topics {

    /** Where the producer writes tasks. */
    public static final String TASKS = "hashpipe.tasks";
    /** Where the hashers write results. */
    public static final String RESULTS = "hashpipe.hashes";
    /** Default partition count: the ceiling on hasher parallelism across the group. */
    public static final int DEFAULT_PARTITIONS = 12;
    /** How long {@link #ensure} waits for new partitions to get leaders. */
    private static final long LEADER_WAIT_NANOS = 10_000_000_000L;

    private Topics() {
    }

    /** The dead-letter topic that belongs to {@code topic}. */
    public static String deadLetters(String topic) {
        return topic + ".dlq";
    }

    /**
     * Creates the topics that do not exist yet, with {@code partitions} partitions and the broker's
     * default replication factor; topics that exist are left as they are.
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
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while creating topic " + name, e);
                }
            });
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing topics", e);
        }
    }

    /**
     * Waits until every partition of new topics has a leader, so that the first sends do not meet
     * {@code NOT_LEADER_OR_FOLLOWER}; gives up quietly after a while (the clients retry anyway).
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + LEADER_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
                boolean led = topics.values().stream().flatMap(t -> t.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
    }
}
