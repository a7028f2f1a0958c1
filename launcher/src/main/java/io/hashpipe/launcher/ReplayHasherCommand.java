package io.hashpipe.launcher;

import io.hashpipe.bench.HasherReplay;
import io.hashpipe.bench.HasherReplayReport;
import io.hashpipe.bench.ReplayConfig;
import io.hashpipe.cli.ConfigDefaults;
import io.hashpipe.cli.ConfigOptions;
import io.hashpipe.cli.ShutdownSignal;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.hasher.Hasher;
import io.hashpipe.hasher.HasherConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
        MeterRegistry registry = new SimpleMeterRegistry();
        KafkaClients.requireReachable(config, KafkaClients.PROBE_TIMEOUT);
        try (Admin admin = Admin.create(KafkaClients.admin(config));
             Hasher hasher = HasherCommand.newHasher(config, registry);
             ShutdownSignal signal = ShutdownSignal.onSignal(hasher::close)) {
            HasherReplay replay = HasherReplay.begin(admin, config, hasher, registry, fromBeginning);
            PrintWriter out = spec.commandLine().getOut();
            out.print(replay.header());
            out.flush();
            if (replay.progress().total() == 0) {
                return 0;
            }
            HasherReplayReport report = replay.run();
            if (signal.signalled()) {
                spec.commandLine().getErr().printf("Stopped by %s: %,d of %,d tasks hashed.%n", signal.signalName(), replay.progress().done(),
                        replay.progress().total());
                spec.commandLine().getErr().flush();
                return signal.exitCode();
            }
            out.print(report.format());
            out.flush();
            return 0;
        }
    }
}
