package io.hashpipe.hasher.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hashpipe.common.offsets.OffsetWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Groups are the oldest job and the next ones of its cost, as queued now; the rest keep their order. */
class JobQueueTest {

    private final OffsetWindow<Output> partition = new OffsetWindow<>(new TopicPartition("tasks", 0));
    private final JobQueue queue = new JobQueue();

    @Test
    void anEmptyQueueGivesAnEmptyGroupAndALoneJobAGroupOfOne() {
        assertEquals(List.of(), queue.takeGroup(3));
        queue.add(job("a", 4));
        assertEquals(List.of("a"), ids(queue.takeGroup(3)));
        assertEquals(List.of(), queue.takeGroup(3));
    }

    @Test
    void aGroupTakesTheOldestJobAndTheNextOfItsCostLeavingTheOthersInOrder() {
        for (String id : List.of("a4", "b5", "c4", "d4", "e5", "f4", "g6")) {
            queue.add(job(id, id.charAt(1) - '0'));
        }
        assertEquals(List.of("a4", "c4", "d4"), ids(queue.takeGroup(3)));
        assertEquals(List.of("b5", "e5"), ids(queue.takeGroup(3)));
        assertEquals(List.of("f4"), ids(queue.takeGroup(3)));
        assertEquals(List.of("g6"), ids(queue.takeGroup(3)));
    }

    @Test
    void partnersAreLookedForOnlyNearTheHeadOfAMixedQueue() {
        queue.add(job("first", 4));
        for (int i = 0; i < JobQueue.SCAN; i++) {
            queue.add(job("other" + i, 5));
        }
        queue.add(job("far", 4));
        assertEquals(List.of("first"), ids(queue.takeGroup(3)));
        assertEquals(JobQueue.SCAN + 1, queue.clear());
    }

    @Test
    void aJobWithoutABatchKeyIsAlwaysAlone() {
        queue.add(job("a", null));
        queue.add(job("b", null));
        assertEquals(List.of("a"), ids(queue.takeGroup(3)));
        assertEquals(List.of("b"), ids(queue.takeGroup(3)));
    }

    private Job job(String id, Integer cost) {
        return new Job(partition, new ConsumerRecord<>("tasks", 0, 0, new byte[0], new byte[0]), new StageTask(id, Map.of("id", id), Map.of(), Instant.MAX), cost);
    }

    private static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(job -> job.task().id()).toList();
    }
}
