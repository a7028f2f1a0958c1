package io.hashpipe.operations;

import io.hashpipe.common.GroupOffsets;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Consumer groups' lag as the brokers see it, as one gauge per group and partition: the records between
 * the group's committed offset and the partition's end, read through the admin client ({@link GroupOffsets}). Unlike a consumer's
 * own {@code records-lag}, it is there, and grows, while every consumer of the group is down.
 *
 * <p>The end is the last stable offset (read_committed), what hashpipe's consumers can reach: records of a
 * transaction still open are not counted yet. Lag counts offsets, as Kafka's tools do: a committed
 * transaction's marker takes one, so a transactional topic's lag is a little above its records. A partition of a topic the group has committed on, but not on
 * that partition, counts from its log start (hashpipe's consumers reset to the earliest offset). A group
 * that has never committed has no series yet. The gauges keep the last values read while the brokers do not
 * answer; {@link #lastReadNanos()} says how old they are.
 */
public final class GroupLag implements AutoCloseable {


    private final Admin admin;
    private final MeterRegistry registry;
    private final List<String> groups;
    private final Map<GroupPartition, AtomicLong> lags = new HashMap<>();
    private final Map<GroupPartition, Gauge> gauges = new HashMap<>();
    private volatile long lastReadNanos;
    private volatile boolean read;

    /** Reports the lag of {@code groups}, or of every consumer group on the cluster when it is empty. */
    public GroupLag(Admin admin, MeterRegistry registry, List<String> groups) {
        this.admin = admin;
        this.registry = registry;
        this.groups = List.copyOf(groups);
    }

    /**
     * Reads every group's committed offsets and the partitions' ends now and updates the gauges, removing
     * those of groups and partitions no longer found.
     *
     * @throws KafkaException when the brokers do not answer; the gauges keep their values
     */
    public synchronized void refresh() {
        Map<GroupPartition, Long> current = read();
        current.forEach((key, lag) -> lags.computeIfAbsent(key, this::register).set(lag));
        for (GroupPartition gone : new ArrayList<>(lags.keySet())) {
            if (!current.containsKey(gone)) {
                lags.remove(gone);
                registry.remove(gauges.remove(gone));
            }
        }
        lastReadNanos = System.nanoTime();
        read = true;
    }

    /**
     * Each group's lag per partition now, read as {@link #refresh()} reads it, without touching the gauges
     * (for {@code hashpipe status}, which shows them once).
     *
     * @throws KafkaException when the brokers do not answer
     */
    public Map<String, Map<TopicPartition, Long>> current() {
        Map<String, Map<TopicPartition, Long>> byGroup = new HashMap<>();
        read().forEach((key, lag) -> byGroup.computeIfAbsent(key.group(), g -> new HashMap<>()).put(key.partition(), lag));
        return byGroup;
    }

    /** When the last {@link #refresh()} succeeded ({@link System#nanoTime()}); read {@link #hasRead()} first. */
    public long lastReadNanos() {
        return lastReadNanos;
    }

    /** Whether a {@link #refresh()} has succeeded. */
    public boolean hasRead() {
        return read;
    }

    /** Removes the gauges. */
    @Override
    public synchronized void close() {
        gauges.values().forEach(registry::remove);
        gauges.clear();
        lags.clear();
    }

    private AtomicLong register(GroupPartition key) {
        AtomicLong lag = new AtomicLong();
        gauges.put(key, Gauge.builder(ExporterMeters.GROUP_LAG, lag, AtomicLong::get)
                .description("Records between the group's committed offset and the partition's last stable offset, as the brokers see it")
                .tags(ExporterMeters.TAG_GROUP, key.group(), ExporterMeters.TAG_TOPIC, key.partition().topic(),
                        ExporterMeters.TAG_PARTITION, Integer.toString(key.partition().partition()))
                .register(registry));
        return lag;
    }

    private Map<GroupPartition, Long> read() {
        try {
            Map<String, Map<TopicPartition, Long>> committed = committedOffsets(groupIds());
            Set<String> topics = new HashSet<>();
            committed.values().forEach(offsets -> offsets.keySet().forEach(p -> topics.add(p.topic())));
            Map<String, List<TopicPartition>> partitions = partitionsOf(topics);
            Map<GroupPartition, Long> positions = new HashMap<>(); // null: no committed offset
            Set<TopicPartition> uncommitted = new HashSet<>();
            committed.forEach((group, offsets) -> offsets.keySet().stream().map(TopicPartition::topic).distinct()
                    .flatMap(topic -> partitions.getOrDefault(topic, List.of()).stream())
                    .forEach(partition -> {
                        positions.put(new GroupPartition(group, partition), offsets.get(partition));
                        if (!offsets.containsKey(partition)) {
                            uncommitted.add(partition);
                        }
                    }));
            Map<TopicPartition, Long> ends = GroupOffsets.ends(admin, partitions.values().stream().flatMap(List::stream).toList());
            Map<TopicPartition, Long> starts = GroupOffsets.starts(admin, uncommitted);
            Map<GroupPartition, Long> lag = new HashMap<>();
            positions.forEach((key, offset) -> lag.put(key,
                    Math.max(0, ends.get(key.partition()) - (offset != null ? offset : starts.get(key.partition())))));
            return lag;
        } catch (ExecutionException e) {
            throw new KafkaException("Reading the consumer groups' offsets failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while reading the consumer groups' offsets", e);
        }
    }

    private Collection<String> groupIds() throws ExecutionException, InterruptedException {
        if (!groups.isEmpty()) {
            return groups;
        }
        return admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream().map(GroupListing::groupId).toList();
    }

    /** Each group's committed offsets; a group without any is left out. */
    private Map<String, Map<TopicPartition, Long>> committedOffsets(Collection<String> groupIds)
            throws ExecutionException, InterruptedException {
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        if (groupIds.isEmpty()) {
            return committed;
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groupIds.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> all = admin.listConsumerGroupOffsets(specs).all().get();
        all.forEach((group, offsets) -> {
            Map<TopicPartition, Long> byPartition = GroupOffsets.committed(offsets);
            if (!byPartition.isEmpty()) {
                committed.put(group, byPartition);
            }
        });
        return committed;
    }

    /** The partitions of each of {@code topics}; a topic deleted since a group committed on it is left out. */
    private Map<String, List<TopicPartition>> partitionsOf(Set<String> topics) throws ExecutionException, InterruptedException {
        Map<String, List<TopicPartition>> partitions = new HashMap<>();
        if (topics.isEmpty()) {
            return partitions;
        }
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : admin.describeTopics(topics).topicNameValues().entrySet()) {
            try {
                partitions.put(topic.getKey(), topic.getValue().get().partitions().stream()
                        .map(p -> new TopicPartition(topic.getKey(), p.partition())).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return partitions;
    }

    /** One gauge's key. */
    private record GroupPartition(String group, TopicPartition partition) {
    }
}
