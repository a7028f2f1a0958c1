package io.hashpipe.hasher.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Result;
import io.hashpipe.hasher.HasherFencedException;
import io.hashpipe.hasher.HasherMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResultCommitterTest {

    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("hashers");
    private static final TopicPartition TASKS_0 = new TopicPartition("tasks", 0);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final ResultCommitter committer = new ResultCommitter(producer, "hasher-a", registry);
    private final List<Output> outputs = List.of(
            Output.result("results", new Result("t1", "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS", 4, Instant.now(), 10, "hasher-a")),
            Output.deadLetter("tasks.dlq", new ConsumerRecord<>("tasks", 0, 1, null, "junk".getBytes(StandardCharsets.UTF_8)),
                    "MalformedJson", "not valid JSON"));
    private final Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(TASKS_0, new OffsetAndMetadata(2));

    @BeforeEach
    void initTransactions() {
        producer.initTransactions();
    }

    @Test
    void outputsAndOffsetsCommitInOneTransaction() {
        assertTrue(committer.commit(outputs, offsets, GROUP));

        assertTrue(producer.transactionCommitted());
        assertEquals(List.of("results", "tasks.dlq"), producer.history().stream().map(r -> r.topic()).toList());
        assertEquals(List.of(Map.of("hashers", offsets)), producer.consumerGroupOffsetsHistory());
        assertEquals(1.0, registry.get(HasherMeters.HASHES).counter().count());
        assertEquals(1.0, registry.get(HasherMeters.DEAD_LETTERS).counter().count());
        assertEquals(1.0, registry.get(HasherMeters.TRANSACTIONS).tag("outcome", "committed").counter().count());
    }

    @Test
    void aStaleGroupGenerationAbortsAndTheSameOutputsCommitOnTheNextTry() {
        producer.sendOffsetsToTransactionException = new CommitFailedException("the group moved to a newer generation");
        assertFalse(committer.commit(outputs, offsets, GROUP));
        assertTrue(producer.transactionAborted());
        assertTrue(producer.history().isEmpty(), "nothing of an aborted transaction is visible");
        assertEquals(1.0, registry.get(HasherMeters.TRANSACTIONS).tag("outcome", "aborted").counter().count());
        assertEquals(0.0, registry.get(HasherMeters.HASHES).counter().count());

        producer.sendOffsetsToTransactionException = null;
        assertTrue(committer.commit(outputs, offsets, GROUP));
        assertEquals(2, producer.history().size());
    }

    /**
     * A commit that timed out may have reached the coordinator: it is retried (KafkaProducer#commitTransaction:
     * "safe to retry ... not possible to attempt a different operation (such as abortTransaction)"), never aborted.
     */
    @Test
    void aCommitThatTimedOutIsRetriedNotAbortedAndCountsCommittedOnce() {
        TimingOutProducer timingOut = new TimingOutProducer(2);
        ResultCommitter retrying = new ResultCommitter(timingOut, "hasher-a", registry);
        timingOut.initTransactions();

        assertTrue(retrying.commit(outputs, offsets, GROUP));
        assertEquals(0, timingOut.aborts, "never aborted");
        assertEquals(2, timingOut.history().size());
        assertEquals(1.0, registry.get(HasherMeters.TRANSACTIONS).tag("outcome", "committed").counter().count());
    }

    /**
     * A commit that never answers has an unknown outcome: the committer says so and stops without aborting (nor
     * reporting an abort, after which the caller would send the same outputs again), so that the hasher stops and
     * the coordinator resolves the transaction (committed if the request arrived, else aborted at its timeout).
     */
    @Test
    void aCommitThatNeverAnswersFailsWithItsOutcomeUnknownAndIsNeverAborted() {
        TimingOutProducer timingOut = new TimingOutProducer(Integer.MAX_VALUE);
        ResultCommitter retrying = new ResultCommitter(timingOut, "hasher-a", registry);
        timingOut.initTransactions();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> retrying.commit(outputs, offsets, GROUP));
        assertTrue(e.getMessage().contains("hasher-a") && e.getMessage().contains("unknown"), e.getMessage());
        assertEquals(0, timingOut.aborts, "never aborted");
        assertTrue(timingOut.history().isEmpty() && timingOut.consumerGroupOffsetsHistory().isEmpty());
        assertEquals(0.0, registry.get(HasherMeters.TRANSACTIONS).tag("outcome", "aborted").counter().count());
    }

    @Test
    void beingFencedIsFatalAndSaysHowToFixIt() {
        producer.fenceProducer();
        HasherFencedException e = assertThrows(HasherFencedException.class, () -> committer.commit(outputs, offsets, GROUP));
        assertTrue(e.getMessage().contains("hasher-a") && e.getMessage().contains("--transactional-id")
                && e.getMessage().contains("--instance"), e.getMessage());
        assertTrue(producer.history().isEmpty());
    }

    @Test
    void aDeadLetterTooLargeToSendIsCutToFitAndSaysSo() {
        byte[] huge = new byte[DeadLetters.DEFAULT_MAX_BYTES];
        Output letter = Output.deadLetter("tasks.dlq", new ConsumerRecord<>("tasks", 0, 1, "k".getBytes(StandardCharsets.UTF_8), huge),
                "MalformedJson", "not valid JSON");
        assertTrue(committer.commit(List.of(letter), offsets, GROUP));

        ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
        assertTrue(DeadLetters.sizeInBytes(sent) <= DeadLetters.DEFAULT_MAX_BYTES, () -> "fits: " + DeadLetters.sizeInBytes(sent));
        assertTrue(sent.value().length > huge.length - 1024, "only the tail is cut: " + sent.value().length);
        assertEquals("not valid JSON", DeadLetters.header(sent.headers(), DeadLetters.ERROR_MESSAGE));
        assertTrue(DeadLetters.header(sent.headers(), DeadLetters.TRUNCATED).contains("of " + huge.length + " bytes"));
    }

    @Test
    void aRecordRefusedAsTooLargeCutsTheDeadLettersOfTheRetryToHalf() {
        Output letter = Output.deadLetter("tasks.dlq", new ConsumerRecord<>("tasks", 0, 1, null, new byte[200_000]),
                "MalformedJson", "not valid JSON");
        producer.sendOffsetsToTransactionException = new KafkaException("Cannot execute transactional method because we are in an error state",
                new RecordTooLargeException("The message is 200300 bytes when serialized which is larger than 100000"));
        assertFalse(committer.commit(List.of(letter), offsets, GROUP));
        int cut = committer.deadLetterMaxBytes();
        assertTrue(cut < 200_000 && cut > 90_000, "about half the refused letter: " + cut);

        producer.sendOffsetsToTransactionException = null;
        assertTrue(committer.commit(List.of(letter), offsets, GROUP));
        assertTrue(DeadLetters.sizeInBytes(producer.history().get(0)) <= cut);
    }

    /** Times out its first {@code timeouts} commits, as KafkaProducer does when the coordinator does not answer. */
    private static final class TimingOutProducer extends MockProducer<byte[], byte[]> {
        private int timeouts;
        int aborts;

        TimingOutProducer(int timeouts) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.timeouts = timeouts;
        }

        @Override
        public void commitTransaction() {
            if (timeouts > 0) {
                timeouts--;
                throw new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)");
            }
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            aborts++;
            super.abortTransaction();
        }
    }
}
