package io.hashpipe.hasher.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.Result;
import io.hashpipe.hasher.HasherFencedException;
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
import org.apache.kafka.common.TopicPartition;
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
            Output.result("results", new Result("t1", "$2a$04$x", 4, Instant.now(), 10, "hasher-a")),
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
        assertEquals(1.0, registry.get(ResultCommitter.HASHES).counter().count());
        assertEquals(1.0, registry.get(ResultCommitter.DEAD_LETTERS).counter().count());
        assertEquals(1.0, registry.get(ResultCommitter.TRANSACTIONS).tag("outcome", "committed").counter().count());
    }

    @Test
    void aStaleGroupGenerationAbortsAndTheSameOutputsCommitOnTheNextTry() {
        producer.sendOffsetsToTransactionException = new CommitFailedException("the group moved to a newer generation");
        assertFalse(committer.commit(outputs, offsets, GROUP));
        assertTrue(producer.transactionAborted());
        assertTrue(producer.history().isEmpty(), "nothing of an aborted transaction is visible");
        assertEquals(1.0, registry.get(ResultCommitter.TRANSACTIONS).tag("outcome", "aborted").counter().count());
        assertEquals(0.0, registry.get(ResultCommitter.HASHES).counter().count());

        producer.sendOffsetsToTransactionException = null;
        assertTrue(committer.commit(outputs, offsets, GROUP));
        assertEquals(2, producer.history().size());
    }

    @Test
    void beingFencedIsFatalAndSaysHowToFixIt() {
        producer.fenceProducer();
        HasherFencedException e = assertThrows(HasherFencedException.class, () -> committer.commit(outputs, offsets, GROUP));
        assertTrue(e.getMessage().contains("hasher-a") && e.getMessage().contains("--transactional-id")
                && e.getMessage().contains("--instance"), e.getMessage());
        assertTrue(producer.history().isEmpty());
    }
}
