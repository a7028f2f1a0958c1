package io.hashpipe.launcher;

import io.hashpipe.bench.ReplayConfig;
import io.hashpipe.bench.SaverReplay;
import io.hashpipe.cli.ConfigDefaults;
import io.hashpipe.cli.ConfigOptions;
import io.hashpipe.cli.ShutdownSignal;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.saver.SaverConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe replay saver}: runs the saver over the existing results topic and reports its throughput. */
@Command(name = "saver", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Runs the saver over the results topic with a fresh group and prints records/s.",
        description = {"Runs the saver over the existing results topic with a fresh consumer group (unless --group is given), until"
            + " the group has caught up with the topic's end at start (or --max-records), then prints records/s, request"
            + " latency percentiles, the in-flight limit and the database API's capacity bound."})
final class ReplaySaverCommand extends ServiceCommand implements ConfiguredCommand {

    /** Where a replay's dead letters go unless --dead-letters-topic says otherwise: not the live saver's. */
    static final String REPLAY_DEAD_LETTERS = "hashpipe.hashes.replay.dlq";

    private ConfigOptions replayOptions;

    /** The replay's group unless --group names one: a fresh group, shown in --help as the default it is. */
    private final String freshGroup = "hashpipe-replay-saver-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public void installOwnOptions() {
        replayOptions = ConfigOptions.addOwnTo(spec, ReplayConfig.SAVER_DEF, ReplayConfig.PREFIX);
    }

    @Override
    protected ConfigDef configDef() {
        return ConfigDefaults.withDefaults(SaverConfig.CONFIG_DEF, Map.of(CommonConfigs.DEAD_LETTERS_TOPIC, REPLAY_DEAD_LETTERS,
                CommonConfigs.GROUP, freshGroup));
    }

    @Override
    protected String keyPrefix() {
        return "saver.";
    }

    @Override
    protected Set<String> repeatableKeys() {
        return SaverConfig.REPEATABLE_KEYS;
    }

    /** A replay is a measurement that exits when done: it reports on its own output, not on an endpoint. */
    @Override
    protected boolean managed() {
        return false;
    }

    @Override
    public Integer call() throws Exception {
        ReplayConfig replay = replayOptions.build(ReplayConfig::saver);
        Map<String, String> values = new HashMap<>(options().values());
        boolean groupGiven = !freshGroup.equals(values.get(CommonConfigs.GROUP));
        if (!spec.commandLine().getParseResult().hasMatchedOption("--instance")) {
            // A replay's own static member id, so that two replays in one group do not fence each other.
            values.put(SaverConfig.INSTANCE, Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000)));
        }
        SaverConfig config = options().build(props -> new SaverConfig(values));
        SaverReplay.run(config, replay, groupGiven, ShutdownSignal::onSignal, spec.commandLine().getOut());
        return 0;
    }
}
