package io.hashpipe.operations;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Sends dead letters back to the topic they came from, each exactly once: a consumer group on the dead-letter
 * topic, and a transactional producer that writes each poll's records and the group's offsets in one
 * transaction ({@code sendOffsetsToTransaction}), so that a crash or a second run neither loses nor repeats
 * one. Stops at the end offsets taken at the start, so that records dead-lettered again meanwhile (a
 * cause not fixed yet) wait for the next run instead of looping.
 *
 * <p>A redriven record has the dead letter's key and value and its original headers, plus
 * {@link DeadLetterView#REDRIVE_COUNT} one higher. A dead letter that was cut to fit its topic
 * ({@link DeadLetters#TRUNCATED}) is not sent back: it is no longer the record, and would only be refused
 * again as malformed; it stays in the dead-letter topic, counted as skipped.
 */
public final class Redrive {

    private static final Duration POLL = Duration.ofMillis(500);
    /** Prefix of the redrive group and transactional id: one of each per dead-letter topic unless told otherwise. */
    public static final String PREFIX = "hashpipe-redrive-";

    /** What to redrive, from where to where, at most how many (0: all). */
    public record Plan(String from, String to, String group, String transactionalId, long maxRecords) {
    }

    /** What a run did: records sent back, and truncated dead letters passed over. */
    public record Outcome(long sent, long skipped) {
        Outcome plus(Outcome other) {
            return new Outcome(sent + other.sent, skipped + other.skipped);
        }
    }

    private Redrive() {
    }

    /** The group that remembers what was redriven from {@code from}. */
    public static String defaultGroup(String from) {
        return PREFIX + from;
    }

    /** Redrives what {@code plan} says. */
    public static Outcome run(AbstractConfig kafka, Plan plan) {
        Map<String, Object> consumerProps = KafkaClients.consumer(kafka, plan.group(), null);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.transactionalProducer(kafka, plan.transactionalId()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(plan.from(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(plan.from(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("No topic " + plan.from() + ": check --from and --bootstrap-servers");
            }
            if (consumer.partitionsFor(plan.to(), Duration.ofSeconds(30)).isEmpty()) {
                throw new IllegalArgumentException("No topic " + plan.to() + ": check --to");
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            producer.initTransactions();
            consumer.subscribe(List.of(plan.from()));
            Outcome total = new Outcome(0, 0);
            Set<TopicPartition> done = new HashSet<>();
            while (done.size() < partitions.size() && (plan.maxRecords() == 0 || total.sent() < plan.maxRecords())) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                total = total.plus(sendBack(records, end, plan, total.sent(), producer, consumer));
                for (TopicPartition tp : consumer.assignment()) {
                    if (consumer.position(tp) >= end.get(tp)) {
                        done.add(tp);
                    }
                }
            }
            return total;
        }
    }

    /**
     * One transaction: the records below their partition's end (and the plan's bound, {@code sentBefore}
     * having been sent already), and the offsets after them.
     */
    private static Outcome sendBack(ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, Long> end, Plan plan, long sentBefore,
                                    KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer) {
        if (records.isEmpty()) {
            return new Outcome(0, 0);
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long sent = 0;
        long skipped = 0;
        producer.beginTransaction();
        try {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= end.get(tp) || (plan.maxRecords() > 0 && sentBefore + sent >= plan.maxRecords())) {
                    consumer.seek(tp, offsets.containsKey(tp) ? offsets.get(tp).offset() : record.offset());
                    continue; // after the end taken at the start, or over the bound: left for the next run
                }
                offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
                if (record.headers().lastHeader(DeadLetters.TRUNCATED) != null) {
                    skipped++;
                    continue;
                }
                producer.send(new ProducerRecord<>(plan.to(), null, record.key(), record.value(), DeadLetterView.redrivenHeaders(record.headers())));
                sent++;
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            return new Outcome(sent, skipped);
        } catch (ProducerFencedException e) {
            throw new IllegalStateException("Another redrive from " + plan.from() + " started with the transactional id "
                    + plan.transactionalId() + " and took over; this one stops (nothing it did not commit was sent back)", e);
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw new IllegalStateException("Redrive from " + plan.from() + " to " + plan.to() + " failed; nothing of this batch was sent "
                    + "back, and the next run starts where the last committed one ended: " + e.getMessage(), e);
        }
    }
}
