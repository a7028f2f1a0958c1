package io.hashpipe.bench;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.MeterReadings;
import io.hashpipe.hasher.Hasher;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.hasher.HasherMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.apache.kafka.clients.admin.Admin;

/**
 * One {@code hashpipe replay hasher}: a hasher over the tasks topic until its group reaches the end offsets
 * taken at {@link #begin}, timed from the first hash. The caller's thread waits in {@link #run} while the hasher
 * runs; closing it (from a signal handler) ends the replay early.
 */
public final class HasherReplay {

    private static final long WATCH_MILLIS = 5;
    private static final long CHECK_MILLIS = 100;
    /** Longest pause between two reads of the group's offsets, early in a long replay. */
    private static final long MAX_CHECK_MILLIS = 1_000;

    private final HasherConfig config;
    private final Hasher hasher;
    private final MeterRegistry registry;
    private final GroupProgress progress;

    private HasherReplay(HasherConfig config, Hasher hasher, MeterRegistry registry, GroupProgress progress) {
        this.config = config;
        this.hasher = hasher;
        this.registry = registry;
        this.progress = progress;
    }

    /** Takes the end offsets of the config's tasks topic and, with {@code fromBeginning}, rewinds the group. */
    public static HasherReplay begin(Admin admin, HasherConfig config, Hasher hasher, MeterRegistry registry, boolean fromBeginning) {
        return new HasherReplay(config, hasher, registry, GroupProgress.begin(admin, config.getString(CommonConfigs.GROUP),
                config.getString(CommonConfigs.TASKS_TOPIC), fromBeginning, config.shareGroup()));
    }

    /** The line a replay starts with: what it hashes, in which group, where the results go. */
    public String header() {
        return String.format("hashpipe replay hasher: %,d tasks of %s in %s group %s, %d thread(s), results to %s%n", progress.total(),
                config.getString(CommonConfigs.TASKS_TOPIC), config.getString(HasherConfig.GROUP_TYPE), config.getString(CommonConfigs.GROUP),
                config.threads(), config.getString(CommonConfigs.RESULTS_TOPIC));
    }

    /** The group's progress: tasks done and to do. */
    public GroupProgress progress() {
        return progress;
    }

    /**
     * Hashes until the group is done (or the hasher is closed), then closes the hasher.
     *
     * @throws RuntimeException what the hasher failed with
     */
    public HasherReplayReport run() throws InterruptedException {
        hasher.leaveGroupOnClose(); // a later --from-beginning rewinds the group at once
        hasher.start();
        long start = awaitFirstHash();
        long cpuAtStart = HasherReplayReport.processCpuNanos();
        for (long remaining = progress.remaining(); remaining > 0 && !hasher.state().isTerminal(); remaining = progress.remaining()) {
            Thread.sleep(checkMillis(remaining, progress.total(), System.nanoTime() - start));
        }
        long wall = System.nanoTime() - start;
        long cpu = cpuAtStart < 0 ? -1 : HasherReplayReport.processCpuNanos() - cpuAtStart;
        hasher.close();
        hasher.throwIfFailed();
        return new HasherReplayReport(config.threads(), wall, cpu, progress.done(), MeterReadings.count(registry, HasherMeters.HASHES),
                Search.in(registry).name(HasherMeters.HASH_DURATION).timers(), config.processorName(), config.fastBcrypt());
    }

    /**
     * How long to wait before reading the group's offsets again: a quarter of the time the rest should take
     * at the rate so far, between {@link #CHECK_MILLIS} and {@link #MAX_CHECK_MILLIS}. Each read costs an
     * admin request (and the broker's work to answer it), which would otherwise take CPU from the hashers it
     * measures; near the end the reads come every 100 ms, so the clock stops at most that late.
     */
    static long checkMillis(long remaining, long total, long elapsedNanos) {
        long done = total - remaining;
        if (done <= 0) {
            return CHECK_MILLIS;
        }
        double restMillis = remaining * (elapsedNanos / 1e6) / done;
        return Math.max(CHECK_MILLIS, Math.min(MAX_CHECK_MILLIS, (long) (restMillis / 4)));
    }

    /**
     * Waits until a worker starts hashing: the clock starts there, after the group's join. Gives up when the
     * group is done without this process (the other replicas took every partition).
     */
    private long awaitFirstHash() throws InterruptedException {
        for (long waited = 0; !hasher.state().isTerminal(); waited += WATCH_MILLIS) {
            Gauge busy = registry.find(HasherMeters.BUSY).gauge();
            if ((busy != null && busy.value() > 0) || MeterReadings.count(registry, HasherMeters.HASHES) > 0
                    || (waited % CHECK_MILLIS == 0 && progress.remaining() == 0)) {
                break;
            }
            Thread.sleep(WATCH_MILLIS);
        }
        return System.nanoTime();
    }
}
