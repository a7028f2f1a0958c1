package io.hashpipe.launcher;

import io.hashpipe.bench.DbApiSettings;
import io.hashpipe.bench.ReplayConfig;
import io.hashpipe.bench.ResultGenerator;
import io.hashpipe.bench.SaverReplayReport;
import io.hashpipe.cli.ConfigDefaults;
import io.hashpipe.cli.ConfigOptions;
import io.hashpipe.cli.ShutdownSignal;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.common.Topics;
import io.hashpipe.operations.GroupProgress;
import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import io.hashpipe.saver.SaverMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
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
        KafkaClients.requireReachable(config, KafkaClients.PROBE_TIMEOUT);
        PrintWriter out = spec.commandLine().getOut();
        String topic = config.getString(CommonConfigs.RESULTS_TOPIC);
        String group = config.getString(CommonConfigs.GROUP);
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            Topics.ensure(admin, config.getInt(CommonConfigs.PARTITIONS), topic, CommonConfigs.deadLettersTopic(config, topic));
            if (replay.generateResults() > 0) {
                ResultGenerator.produce(KafkaClients.producer(config, "hashpipe-replay-generator"), topic, replay.generateResults());
                out.printf("hashpipe replay saver: appended %,d synthetic results to %s%n", replay.generateResults(), topic);
            }
            GroupProgress catchUp = GroupProgress.begin(admin, group, topic, replay.fromBeginning() && groupGiven);
            DbApiSettings settings = DbApiSettings.read(dbApiBase(config.dbUrl()), replay.dbAdminToken());
            out.printf("hashpipe replay saver: %s (end offsets %,d) -> %s, group %s, in flight %s, batches of %d%n", topic,
                    catchUp.endTotal(), config.dbUrl(), group, config.getString(SaverConfig.MAX_IN_FLIGHT), config.getInt(SaverConfig.BATCH_SIZE));
            out.flush();
            SaverReplayReport report = replay(config, catchUp, replay.maxRecords());
            report.print(out, settings, config.getInt(SaverConfig.BATCH_SIZE));
        }
        return 0;
    }

    /** Where hashpipe's dbapi would serve its settings: the write URL without its {@code /add}, or the origin. */
    private static URI dbApiBase(URI writeUrl) {
        String path = writeUrl.getRawPath() == null ? "" : writeUrl.getRawPath();
        String base = path.endsWith(DbApiContract.ADD) ? path.substring(0, path.length() - DbApiContract.ADD.length()) : "";
        return URI.create(writeUrl.getScheme() + "://" + writeUrl.getRawAuthority() + base);
    }

    private SaverReplayReport replay(SaverConfig config, GroupProgress catchUp, long maxRecords) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SaverReplayReport.keepPercentiles(registry);
        SaverReplayReport report = new SaverReplayReport(registry, SaverMeters.STORED, SaverMeters.DEAD_LETTERS, SaverMeters.LIMIT,
                SaverMeters.REQUEST_DURATION, SaverMeters.IN_FLIGHT, SaverMeters.REQUESTS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Saver saver = new Saver(config, registry); ShutdownSignal signal = ShutdownSignal.onSignal(saver::close)) {
            saver.leaveGroupOnClose(); // a later --from-beginning rewinds the group at once
            Thread runner = new Thread(() -> {
                try {
                    saver.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "hashpipe-replay-saver");
            runner.start();
            long nextCheck = 0;
            while (runner.isAlive()) {
                report.sample();
                if (maxRecords > 0 && report.done() >= maxRecords) {
                    break;
                }
                if (System.nanoTime() >= nextCheck) {
                    if (catchUp.caughtUp()) {
                        break;
                    }
                    nextCheck = System.nanoTime() + 250_000_000L;
                }
                Thread.sleep(20);
            }
            report.sample();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("The saver failed: " + failure.get().getMessage(), failure.get());
        }
        return report;
    }
}
