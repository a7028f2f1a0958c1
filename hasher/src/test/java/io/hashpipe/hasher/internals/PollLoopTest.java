package io.hashpipe.hasher.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.api.Processor;
import io.hashpipe.api.Task;
import io.hashpipe.common.Limits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop over Kafka's MockConsumer and MockProducer, one step at a time on the test's thread (the
 * consumer's poll tasks play the group's rebalances): what it commits when a transaction's outcome is unknown.
 */
class PollLoopTest {

    private static final TopicPartition T0 = new TopicPartition("tasks", 0);
    private static final TopicPartition T1 = new TopicPartition("tasks", 1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    /** Answers every commit after a number of timeouts set by the test. */
    private final TimingOutProducer producer = new TimingOutProducer();
    /** Holds each hash until released, so that the test decides when a task is done. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final Processor held = new Processor() {
        @Override
        public String name() {
            return "held";
        }

        @Override
        public String description() {
            return "returns its task's id once released";
        }

        @Override
        public Map<String, Object> process(Task task) throws Exception {
            assertTrue(release.await(30, TimeUnit.SECONDS), "released");
            return Map.of("echo", task.id());
        }
    };
    private final HashWorkers workers = new HashWorkers(1, "hasher-a", held, "hashes", "tasks.dlq",
            Limits.DEFAULT_RECORD_MAX_BYTES, Duration.ofMinutes(1), registry, () -> { });
    private final PollLoop loop = new PollLoop(consumer, workers, new ResultCommitter(producer, "hasher-a", registry),
            new TaskDecoder(Limits.DEFAULT_RECORD_MAX_BYTES, held), 1, 10, 50);
    private final AtomicBoolean stopping = new AtomicBoolean();

    @BeforeEach
    void assign() {
        producer.initTransactions();
        consumer.subscribe(List.of(T0.topic()), loop.rebalanceListener());
        consumer.rebalance(List.of(T0));
        consumer.updateBeginningOffsets(Map.of(T0, 0L));
    }

    @AfterEach
    void stopWorkers() {
        release.countDown();
        workers.shutdown(Duration.ofSeconds(5));
    }

    /**
     * A revoke whose commit never learns its outcome (every attempt timed out), while the hasher is being stopped
     * (the wake-up of a SIGTERM ends that poll): the hasher must fail with it, not stop as if all were committed.
     */
    @Test
    void aCommitWithAnUnknownOutcomeInARevokeFailsTheLoopAlsoWhenItIsStopping() {
        producer.timeouts.set(Integer.MAX_VALUE);
        consumer.schedulePollTask(() -> consumer.addRecord(task(0, "a")));
        consumer.schedulePollTask(() -> {
            release.countDown();
            awaitDone();
            consumer.rebalance(List.of()); // revokes T0: its commit times out every time
            stopping.set(true);
            consumer.wakeup(); // as Hasher.close does: this poll ends with a WakeupException
        });

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.run(stopping::get));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertEquals(List.of(), producer.history(), "nothing committed");
        assertEquals(List.of(), producer.consumerGroupOffsetsHistory(), "no offset committed");
    }

    /** Once a commit's outcome is unknown nothing more is committed, also by the stop's last flush. */
    @Test
    void afterACommitWithAnUnknownOutcomeNothingMoreIsCommitted() {
        producer.timeouts.set(Integer.MAX_VALUE);
        consumer.schedulePollTask(() -> consumer.addRecord(task(0, "a")));
        consumer.schedulePollTask(() -> {
            release.countDown();
            awaitDone();
            consumer.rebalance(List.of()); // the revoke's commit times out every time
            producer.timeouts.set(0); // from now on a commit would succeed
            consumer.rebalance(List.of(T0));
            consumer.addRecord(task(1, "b"));
        });

        assertThrows(IllegalStateException.class, () -> loop.run(stopping::get));
        assertEquals(List.of(), producer.consumerGroupOffsetsHistory(), "no offset committed after the unknown outcome");
    }

    /** A commit that timed out and then succeeded on a retry counts as committed, once. */
    @Test
    void aCommitThatTimedOutAndThenSucceededIsCommittedOnce() {
        producer.timeouts.set(2);
        consumer.schedulePollTask(() -> consumer.addRecord(task(0, "a")));
        consumer.schedulePollTask(() -> {
            release.countDown();
            awaitDone();
        });
        consumer.schedulePollTask(() -> { });
        consumer.schedulePollTask(() -> stopping.set(true));

        loop.run(stopping::get);
        assertEquals(1, producer.history().size(), "one result");
        assertEquals(List.of(Map.of(consumer.groupMetadata().groupId(), Map.of(T0, new OffsetAndMetadata(1)))),
                producer.consumerGroupOffsetsHistory());
        assertEquals(0, producer.aborts.get(), "a commit that timed out is retried, never aborted");
    }

    /**
     * A transaction aborted (the group moved on), then the partition revoked while the revoke's commit aborts too:
     * the revoked partition's output is dropped with its window, and the next commit, of the partition still
     * owned, carries neither that output nor that partition's offset (its next owner reads the task again).
     */
    @Test
    void aRevokeBetweenAbortsCommitsNoOffsetOfTheRevokedPartitionLater() {
        consumer.rebalance(List.of(T0, T1));
        consumer.updateBeginningOffsets(Map.of(T0, 0L, T1, 0L));
        producer.sendOffsetsToTransactionException = new CommitFailedException("the group moved to a newer generation");
        consumer.schedulePollTask(() -> {
            consumer.addRecord(task(T0, 0, "a"));
            consumer.addRecord(task(T1, 0, "b"));
        });
        consumer.schedulePollTask(() -> {
            release.countDown();
            awaitDone();
        });
        consumer.schedulePollTask(() -> { }); // this step's flush aborts
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(T1)); // revokes T0: its commit aborts as well
            producer.sendOffsetsToTransactionException = null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);

        loop.run(() -> !producer.consumerGroupOffsetsHistory().isEmpty() || System.nanoTime() > deadline);
        assertEquals(List.of(Map.of(consumer.groupMetadata().groupId(), Map.of(T1, new OffsetAndMetadata(1)))),
                producer.consumerGroupOffsetsHistory(), "only the partition still owned, with its own output");
        assertEquals(List.of("b"), producer.history().stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList());
        assertEquals(2, producer.aborts.get());
    }

    private void awaitDone() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (workers.outstanding() > 0) {
            assertTrue(System.nanoTime() < deadline, "the job is done");
            Thread.onSpinWait();
        }
    }

    private static ConsumerRecord<byte[], byte[]> task(long offset, String id) {
        return task(T0, offset, id);
    }

    private static ConsumerRecord<byte[], byte[]> task(TopicPartition partition, long offset, String id) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, id.getBytes(StandardCharsets.UTF_8),
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** Times out the next {@link #timeouts} commits, as KafkaProducer does when the coordinator does not answer. */
    private static final class TimingOutProducer extends MockProducer<byte[], byte[]> {
        final AtomicInteger timeouts = new AtomicInteger();
        final AtomicInteger aborts = new AtomicInteger();

        TimingOutProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void commitTransaction() {
            if (timeouts.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
                throw new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)");
            }
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            aborts.incrementAndGet();
            super.abortTransaction();
        }
    }
}
