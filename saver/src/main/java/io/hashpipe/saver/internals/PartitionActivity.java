package io.hashpipe.saver.internals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The dispatcher's view of partition ownership: which assignment ("incarnation") of each partition is
 * current, how many of its records are busy (in a request or a dead-letter send), and which releases wait
 * for them to be done.
 *
 * <p>Confined to the dispatcher's event loop.
 */
final class PartitionActivity {

    /** Busy records per partition; absent means none. */
    private final Map<TopicPartition, Integer> busy = new HashMap<>();
    /** The current assignment number of each partition; records stamped with an older one are stale. */
    private final Map<TopicPartition, Long> incarnations = new HashMap<>();
    /** Releases waiting for their partitions' busy records. */
    private final List<Release> releases = new ArrayList<>();

    /** Marks a newly submitted record as belonging to its partition's current assignment. */
    void stamp(PendingRecord record) {
        record.incarnation = incarnations.getOrDefault(record.partition(), 0L);
    }

    /** Whether the record's partition has not been released since the record was submitted. */
    boolean current(PendingRecord record) {
        return record.incarnation == incarnations.getOrDefault(record.partition(), 0L);
    }

    void busy(TopicPartition tp) {
        busy.merge(tp, 1, Integer::sum);
    }

    /** One record of {@code tp} is done; completes the releases that waited only for it. */
    void idle(TopicPartition tp) {
        busy.computeIfPresent(tp, (k, n) -> n <= 1 ? null : n - 1);
        completeReleases();
    }

    /** Makes the partitions' records stale; {@code done} completes once none of theirs is busy. */
    void release(Set<TopicPartition> partitions, CompletableFuture<Void> done) {
        partitions.forEach(tp -> incarnations.merge(tp, 1L, Long::sum));
        releases.add(new Release(partitions, done));
        completeReleases();
    }

    private void completeReleases() {
        for (Iterator<Release> it = releases.iterator(); it.hasNext(); ) {
            Release release = it.next();
            if (release.partitions().stream().noneMatch(busy::containsKey)) {
                release.done().complete(null);
                it.remove();
            }
        }
    }

    /** Partitions being released and the future that says their busy records are done. */
    private record Release(Set<TopicPartition> partitions, CompletableFuture<Void> done) {
    }
}
