package io.hashpipe.launcher;

import io.hashpipe.bench.HasherReplayReport;
import io.hashpipe.bench.ReplayConfig;
import io.hashpipe.cli.ConfigDefaults;
import io.hashpipe.cli.ConfigOptions;
import io.hashpipe.cli.ShutdownSignal;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.common.MeterReadings;
import io.hashpipe.hasher.Hasher;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.operations.GroupProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/**
 * {@code hashpipe replay hasher}: hashes an existing tasks topic again with a fresh consumer group, until
 * the group reaches the end offsets taken at start, then prints the rate beside the single-thread bcrypt
 * rate measured in the same run.
 *
 * <p>Results go to their own topic by default, so a replay does not add to what the saver stores; run two
 * with the same {@code --group} to measure replicas (each prints the group's rate).
 */
@Command(name = "hasher", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Re-hashes the tasks topic with a fresh group and prints hashes/s.",
        description = {"Re-hashes the tasks topic with a fresh consumer group, results to their own topic (--results-topic, default"
            + " hashpipe.hashes.replay), until the group reaches the end offsets taken at start. Prints hashes/s, the mean"
            + " hash time per cost and the ratio to the single-thread bcrypt rate measured in the same run. Two replays with"
            + " the same --group measure two replicas."})
final class ReplayHasherCommand extends ServiceCommand implements ConfiguredCommand {

    /** Where a replay's results go unless --results-topic says otherwise. */
    static final String REPLAY_RESULTS = "hashpipe.hashes.replay";
    /** Where a replay's dead letters go unless --dead-letters-topic says otherwise: not the live hashers'. */
    static final String REPLAY_DEAD_LETTERS = "hashpipe.tasks.replay.dlq";
    private static final long WATCH_MILLIS = 5;
    private static final long CHECK_MILLIS = 100;
    /** Longest pause between two reads of the group's offsets, early in a long replay. */
    private static final long MAX_CHECK_MILLIS = 1_000;

    private ConfigOptions replayOptions;

    private final String freshName = "hashpipe-replay-hasher-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public void installOwnOptions() {
        replayOptions = ConfigOptions.addOwnTo(spec, ReplayConfig.HASHER_DEF, ReplayConfig.PREFIX);
    }

    @Override
    protected ConfigDef configDef() {
        return ConfigDefaults.withDefaults(HasherConfig.CONFIG_DEF, Map.of(CommonConfigs.GROUP, freshName,
                CommonConfigs.RESULTS_TOPIC, REPLAY_RESULTS, HasherConfig.TRANSACTIONAL_ID, freshName,
                CommonConfigs.DEAD_LETTERS_TOPIC, REPLAY_DEAD_LETTERS));
    }

    @Override
    protected String keyPrefix() {
        return "hasher.";
    }

    /** A replay is a measurement that exits when done: it reports on its own output, not on an endpoint. */
    @Override
    protected boolean managed() {
        return false;
    }

    @Override
    protected Set<String> repeatableKeys() {
        return HasherConfig.REPEATABLE_KEYS;
    }

    @Override
    public Integer call() throws Exception {
        HasherConfig config = options().build(HasherConfig::new);
        boolean fromBeginning = replayOptions.build(ReplayConfig::hasher).fromBeginning();
        String group = config.getString(CommonConfigs.GROUP);
        String tasks = config.getString(CommonConfigs.TASKS_TOPIC);
        MeterRegistry registry = new SimpleMeterRegistry();
        KafkaClients.requireReachable(config, KafkaClients.PROBE_TIMEOUT);
        try (Admin admin = Admin.create(KafkaClients.admin(config));
             Hasher hasher = HasherCommand.newHasher(config, registry);
             ShutdownSignal signal = ShutdownSignal.onSignal(hasher::close)) {
            GroupProgress progress = GroupProgress.begin(admin, group, tasks, fromBeginning, config.shareGroup());
            spec.commandLine().getOut().printf("hashpipe replay hasher: %,d tasks of %s in %s group %s, %d thread(s), results to %s%n",
                    progress.total(), tasks, config.getString(HasherConfig.GROUP_TYPE), group, config.threads(),
                    config.getString(CommonConfigs.RESULTS_TOPIC));
            spec.commandLine().getOut().flush();
            if (progress.total() == 0) {
                return 0;
            }
            hasher.leaveGroupOnClose(); // a later --from-beginning rewinds the group at once
            CompletableFuture<Void> running = CompletableFuture.runAsync(hasher::run);
            long start = awaitFirstHash(registry, running, progress);
            long cpuAtStart = HasherReplayReport.processCpuNanos();
            for (long remaining = progress.remaining(); remaining > 0 && !running.isDone(); remaining = progress.remaining()) {
                Thread.sleep(checkMillis(remaining, progress.total(), System.nanoTime() - start));
            }
            long wall = System.nanoTime() - start;
            long cpu = cpuAtStart < 0 ? -1 : HasherReplayReport.processCpuNanos() - cpuAtStart;
            hasher.close();
            running.join(); // rethrows the hasher's failure
            if (signal.signalled()) {
                spec.commandLine().getErr().printf("Stopped by %s: %,d of %,d tasks hashed.%n", signal.signalName(), progress.done(), progress.total());
                spec.commandLine().getErr().flush();
                return signal.exitCode();
            }
            HasherReplayReport report = new HasherReplayReport(config.threads(), wall, cpu, progress.done(),
                    MeterReadings.count(registry, HasherMeters.HASHES), Search.in(registry).name(HasherMeters.HASH_DURATION).timers(),
                    config.processorName(), config.fastBcrypt());
            spec.commandLine().getOut().print(report.format());
            spec.commandLine().getOut().flush();
            return 0;
        }
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
    private static long awaitFirstHash(MeterRegistry registry, CompletableFuture<Void> running, GroupProgress progress)
            throws InterruptedException {
        for (long waited = 0; !running.isDone(); waited += WATCH_MILLIS) {
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
