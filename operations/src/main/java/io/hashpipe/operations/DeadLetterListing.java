package io.hashpipe.operations;

import io.hashpipe.common.Json;
import io.hashpipe.common.KafkaClients;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * Reads a dead-letter topic from its beginning up to its end offsets at the start (no consumer group: listing
 * moves nothing), and prints each dead letter with its reasons, as text or as one JSON object a line.
 */
public final class DeadLetterListing {

    private static final Duration POLL = Duration.ofMillis(500);

    private DeadLetterListing() {
    }

    /**
     * Hands every record of {@code topic} up to its end offsets now to {@code each}, partition by partition in
     * offset order; returns how many there were.
     */
    public static long read(AbstractConfig kafka, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(kafka, null, null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("No topic " + topic + " (or it has no partitions): check --topic and --bootstrap-servers");
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                        count++;
                    }
                }
            }
            return count;
        }
    }

    /** The redrive group's committed offset per partition of {@code topic}: below it, a dead letter was sent back. */
    public static Map<Integer, Long> redriven(Admin admin, String group, String topic) throws Exception {
        Map<Integer, Long> committed = new TreeMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        offsets.forEach((tp, om) -> {
            if (tp.topic().equals(topic) && om != null) {
                committed.put(tp.partition(), om.offset());
            }
        });
        return committed;
    }

    /** One line of text: position, key, class, reason, source, the stage's details and the redrive state. */
    public static void printText(PrintWriter out, DeadLetterView letter, boolean redriven) {
        StringBuilder line = new StringBuilder();
        line.append(letter.partition()).append('@').append(letter.offset())
                .append("  key=").append(letter.key())
                .append("  class=").append(letter.errorClass())
                .append("  from=").append(letter.source());
        letter.reasons().forEach((name, value) -> {
            if (!name.startsWith("hashpipe.error.") && !name.startsWith("hashpipe.source.")) {
                line.append("  ").append(name.substring("hashpipe.".length())).append('=').append(value);
            }
        });
        line.append("  redrives=").append(letter.redrives()).append(redriven ? "  (redriven)" : "")
                .append("  reason=").append(letter.message().replace('\n', ' '));
        out.println(line);
    }

    /** One JSON object: every field of {@link #printText} under its own name. */
    public static void printJson(PrintWriter out, DeadLetterView letter, boolean redriven) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("partition", letter.partition());
        json.put("offset", letter.offset());
        json.put("key", letter.key());
        json.put("errorClass", letter.errorClass());
        json.put("reason", letter.message());
        json.put("source", letter.source());
        json.put("headers", letter.reasons());
        json.put("redrives", letter.redrives());
        json.put("redriven", redriven);
        out.println(Json.toString(json));
    }
}
