package io.hashpipe.systemtests;

import io.hashpipe.common.GroupOffsets;
import io.hashpipe.common.Json;
import io.hashpipe.common.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a failed exactly-once run leaves on the broker, printed so that the failure tells its cause: per partition
 * of the tasks topic the hashers' committed offset, last stable offset (LSO) and high watermark (HW); per partition
 * of the results topic its LSO, HW, the saver's committed offset and each producer's open transaction; the
 * transactions the coordinator holds open; and for each missing task its partition and offset and every copy of
 * its result, committed or not (a copy above the LSO is in an open transaction, one below it that a
 * read_committed reader does not see was aborted).
 */
final class KafkaEvidence {

    private static final Duration READ_WAIT = Duration.ofSeconds(60);

    private KafkaEvidence() {
    }

    /**
     * The evidence as text; never throws (a part that cannot be read says why).
     *
     * @param missing the ids of the tasks that have no row (or of a sample, to see the evidence of a good run)
     */
    static String of(String bootstrap, String tasks, String hasherGroup, String results, String saverGroup, Collection<String> missing) {
        StringBuilder out = new StringBuilder("evidence (").append(missing.size()).append(" tasks looked up):\n");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000))) {
            part(out, () -> offsets(out, admin, tasks, hasherGroup));
            part(out, () -> offsets(out, admin, results, saverGroup));
            part(out, () -> producers(out, admin, results));
            part(out, () -> producers(out, admin, Topic.GROUP_METADATA_TOPIC_NAME)); // pending offsets of a transaction
            part(out, () -> transactions(out, admin));
            part(out, () -> missing(out, admin, bootstrap, tasks, results, missing));
        } catch (RuntimeException e) {
            out.append("  cannot reach the broker: ").append(e).append(e.getCause() == null ? "" : " (" + e.getCause() + ")").append('\n');
        }
        return out.toString();
    }

    private interface Part {
        void run() throws Exception;
    }

    private static void part(StringBuilder out, Part part) {
        try {
            part.run();
        } catch (Exception e) {
            out.append("  (failed: ").append(e).append(")\n");
        }
    }

    private static void offsets(StringBuilder out, Admin admin, String topic, String group) throws Exception {
        List<TopicPartition> partitions = GroupOffsets.partitions(admin, topic);
        Map<TopicPartition, Long> lso = ends(admin, partitions, IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, Long> hw = ends(admin, partitions, IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, Long> committed = GroupOffsets.committed(admin, group);
        out.append("  ").append(topic).append(", group ").append(group).append(":\n");
        for (TopicPartition partition : sorted(partitions)) {
            Long at = committed.get(partition);
            out.append(String.format("    %s: committed %s, LSO %d, HW %d%s%s%n", partition, at == null ? "none" : at,
                    lso.get(partition), hw.get(partition),
                    at != null && at < lso.get(partition) ? ", " + (lso.get(partition) - at) + " behind the LSO" : "",
                    lso.get(partition) < hw.get(partition) ? ", LSO below HW (a transaction is open)" : ""));
        }
    }

    private static void producers(StringBuilder out, Admin admin, String topic) throws Exception {
        List<TopicPartition> partitions = GroupOffsets.partitions(admin, topic);
        out.append("  ").append(topic).append(" producers with an open transaction (as each partition's leader holds them):\n");
        Map<TopicPartition, PartitionProducerState> states = admin.describeProducers(partitions).all().get();
        for (TopicPartition partition : sorted(partitions)) {
            PartitionProducerState state = states.get(partition);
            for (ProducerState producer : state == null ? List.<ProducerState>of() : state.activeProducers()) {
                if (producer.currentTransactionStartOffset().isPresent()) {
                    out.append(String.format("    %s: producer %d epoch %d, transaction open since offset %d, last write at %d%n",
                            partition, producer.producerId(), producer.producerEpoch(),
                            producer.currentTransactionStartOffset().getAsLong(), producer.lastTimestamp()));
                }
            }
        }
    }

    private static void transactions(StringBuilder out, Admin admin) throws Exception {
        Collection<TransactionListing> listings = admin.listTransactions().all().get();
        List<String> ids = listings.stream().map(TransactionListing::transactionalId).toList();
        out.append("  transactions at the coordinator (").append(ids.size()).append(" ids; compare their producers and epochs with the"
                + " partitions' open transactions above):\n");
        if (ids.isEmpty()) {
            return;
        }
        Map<String, TransactionDescription> descriptions = new TreeMap<>(admin.describeTransactions(ids).all().get());
        descriptions.forEach((id, d) -> out.append(String.format("    %s: %s, producer %d epoch %d%s%n", id, d.state(),
                d.producerId(), d.producerEpoch(), d.state() == TransactionState.COMPLETE_COMMIT || d.state() == TransactionState.COMPLETE_ABORT
                        || d.state() == TransactionState.EMPTY ? "" : ", open since " + d.transactionStartTimeMs() + ", partitions "
                        + d.topicPartitions())));
    }

    /** Each missing task's partition and offset, and every copy of its result with whether it is committed. */
    private static void missing(StringBuilder out, Admin admin, String bootstrap, String tasks, String results, Collection<String> ids)
            throws Exception {
        if (ids.isEmpty()) {
            return;
        }
        Set<String> wanted = new LinkedHashSet<>(ids);
        Map<String, String> where = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : read(admin, bootstrap, tasks, IsolationLevel.READ_COMMITTED)) {
            String id = taskId(record.value());
            if (id != null && wanted.contains(id)) {
                where.put(id, record.topic() + "-" + record.partition() + "@" + record.offset());
            }
        }
        Map<String, List<String>> copies = new HashMap<>();
        Set<String> committed = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : read(admin, bootstrap, results, IsolationLevel.READ_COMMITTED)) {
            committed.add(record.partition() + "@" + record.offset());
        }
        for (ConsumerRecord<byte[], byte[]> record : read(admin, bootstrap, results, IsolationLevel.READ_UNCOMMITTED)) {
            String id = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (id != null && wanted.contains(id)) {
                String at = record.partition() + "@" + record.offset();
                copies.computeIfAbsent(id, k -> new ArrayList<>()).add(results + "-" + at
                        + (committed.contains(at) ? " committed" : " not committed"));
            }
        }
        out.append("  tasks looked up:\n");
        int shown = 0;
        for (String id : wanted) {
            if (shown++ == 50) {
                out.append("    ... and ").append(wanted.size() - 50).append(" more\n");
                break;
            }
            out.append(String.format("    %s at %s, results %s%n", id, where.getOrDefault(id, "(not in the tasks topic)"),
                    copies.getOrDefault(id, List.of())));
        }
    }

    /** The task id of a task record's JSON, or null. */
    private static String taskId(byte[] value) {
        try {
            return Json.fromBytes(value, Task.class).id();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Every record of {@code topic} up to its ends as {@code isolation} sees them now. */
    private static List<ConsumerRecord<byte[], byte[]>> read(Admin admin, String bootstrap, String topic, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, Long> ends = ends(admin, GroupOffsets.partitions(admin, topic), isolation);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "evidence-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 << 20),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + READ_WAIT.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " " + isolation + " up to " + ends + " took over " + READ_WAIT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static Map<TopicPartition, Long> ends(Admin admin, Collection<TopicPartition> partitions, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get()
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        return partitions.stream().sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
    }
}
