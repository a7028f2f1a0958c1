package io.hashpipe.hasher.internals;

import static io.hashpipe.hasher.HasherMeters.DEAD_LETTERS;
import static io.hashpipe.hasher.HasherMeters.HASHES;
import static io.hashpipe.hasher.HasherMeters.TRANSACTIONS;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.FatalKafkaException;
import io.hashpipe.hasher.HasherFencedException;
import io.hashpipe.hasher.HasherMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes outputs and the offsets of the tasks they came from in one Kafka transaction, so that a result
 * is visible to read_committed readers exactly when its task counts as consumed.
 *
 * <p>An abortable failure (the group's generation moved on: {@code CommitFailedException}; a send that
 * timed out; {@code TransactionAbortableException}) aborts the transaction and reports false: nothing of
 * it is visible, and the caller keeps the outputs to send again with fresh group metadata. Being fenced
 * throws {@link HasherFencedException}; other fatal errors are rethrown.
 *
 * <p>Dead letters are cut to fit ({@link DeadLetters#fit}) before they are sent: a task the broker accepted
 * can make a dead letter larger than a producer may send, and a transaction holding it would abort every
 * time. When a record is still refused as too large (a {@code max.request.size} or a topic's
 * {@code max.message.bytes} below the defaults), the dead letters are cut to half that size from then on,
 * so the retries of the same outputs converge instead of repeating.
 */
public final class ResultCommitter {

    private static final Logger log = LoggerFactory.getLogger(ResultCommitter.class);
    private static final int COMMIT_ATTEMPTS = 3;

    private final Producer<byte[], byte[]> producer;
    private final String transactionalId;
    private final Counter hashes;
    private final Counter deadLetters;
    private final Counter committed;
    private final Counter aborted;
    /** The most a dead letter may take now; halved each time a letter was refused as too large. */
    private int deadLetterMaxBytes = DeadLetters.DEFAULT_MAX_BYTES;

    public ResultCommitter(Producer<byte[], byte[]> producer, String transactionalId, MeterRegistry registry) {
        this.producer = producer;
        this.transactionalId = transactionalId;
        this.hashes = Counter.builder(HASHES).description("Results committed").register(registry);
        this.deadLetters = Counter.builder(DEAD_LETTERS).description("Bad tasks committed to the dead-letter topic")
                .register(registry);
        this.committed = Counter.builder(TRANSACTIONS).tag(HasherMeters.TAG_OUTCOME, HasherMeters.OUTCOME_COMMITTED).register(registry);
        this.aborted = Counter.builder(TRANSACTIONS).tag(HasherMeters.TAG_OUTCOME, HasherMeters.OUTCOME_ABORTED).register(registry);
    }

    /**
     * Sends {@code outputs} and commits {@code offsets} for {@code group} in one transaction.
     *
     * @return true when committed, false when aborted (nothing of it is visible)
     * @throws HasherFencedException when another producer took the transactional id
     * @throws KafkaException on other fatal errors
     */
    public boolean commit(List<Output> outputs, Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        try {
            producer.beginTransaction();
            for (Output output : outputs) {
                producer.send(output.deadLetter() ? DeadLetters.fit(output.record(), deadLetterMaxBytes) : output.record());
            }
            producer.sendOffsetsToTransaction(offsets, group);
            commitTransaction();
        } catch (KafkaException e) {
            if (causedBy(e, RecordTooLargeException.class)) {
                cutDeadLetters(outputs, e);
            }
            abortOrThrow(e);
            return false;
        }
        committed.increment();
        long dead = outputs.stream().filter(Output::deadLetter).count();
        deadLetters.increment(dead);
        hashes.increment(outputs.size() - dead);
        return true;
    }

    /** The most a dead letter may take now, in bytes. */
    int deadLetterMaxBytes() {
        return deadLetterMaxBytes;
    }

    /** A record of {@code outputs} was refused as too large: cut the dead letters to half the largest one's size. */
    private void cutDeadLetters(List<Output> outputs, KafkaException e) {
        int largest = outputs.stream().filter(Output::deadLetter)
                .mapToInt(output -> DeadLetters.sizeInBytes(DeadLetters.fit(output.record(), deadLetterMaxBytes))).max().orElse(0);
        int smaller = DeadLetters.smallerAfterRefusal(deadLetterMaxBytes, largest);
        if (smaller > 0) {
            deadLetterMaxBytes = smaller;
            log.warn("A dead letter of {} bytes was refused as too large ({}); dead letters are cut to {} bytes from now on",
                    largest, e.getMessage(), deadLetterMaxBytes);
        } else {
            log.error("A record was refused as too large ({}) and no dead letter can be cut further: check max.request.size"
                    + " in --kafka-config and max.message.bytes of the results and dead-letter topics", e.getMessage());
        }
    }

    /**
     * Commits, retrying a commit that timed out: its outcome is unknown (the request may have reached the
     * coordinator), and KafkaProducer#commitTransaction says a timed-out commit is "safe to retry, but it is not
     * possible to attempt a different operation (such as abortTransaction) since the commit may already be in the
     * progress of completing. If not retrying, the only option is to close the producer." After the last attempt
     * the outcome is still unknown: this throws (not a KafkaException, so nothing aborts it or reports it aborted),
     * the hasher stops and closes its producer, and the coordinator completes the transaction (committed if the
     * request arrived, else aborted at its timeout) before the partitions' next owner reads their offsets
     * (read_committed consumers fetch offsets with require_stable, KIP-447, and wait for it).
     */
    private void commitTransaction() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt == COMMIT_ATTEMPTS) {
                    throw new IllegalStateException("The outcome of a transaction of " + transactionalId + " is unknown:"
                            + " committing it timed out " + attempt + " times (" + e.getMessage() + "); the hasher stops without"
                            + " aborting it, and Kafka completes it. Is the broker reachable?", e);
                }
                log.warn("Committing the transaction timed out ({}); retrying", e.getMessage());
            }
        }
    }

    private void abortOrThrow(KafkaException e) {
        if (causedBy(e, ProducerFencedException.class) || causedBy(e, InvalidProducerEpochException.class)) {
            throw new HasherFencedException(transactionalId, e);
        }
        if (FatalKafkaException.of(e, "Hasher " + transactionalId) != null) {
            throw e; // the hasher stops, explaining it (Hasher.run)
        }
        log.warn("Aborting a transaction; its results are sent again in the next one: {}", e.toString());
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailure) {
            abortFailure.addSuppressed(e);
            if (causedBy(abortFailure, ProducerFencedException.class) || causedBy(abortFailure, InvalidProducerEpochException.class)) {
                throw new HasherFencedException(transactionalId, abortFailure);
            }
            throw abortFailure;
        }
        aborted.increment();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
