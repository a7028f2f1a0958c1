package io.hashpipe.bench;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.common.Topics;
import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import io.hashpipe.saver.SaverMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;

/**
 * One {@code hashpipe replay saver}: the saver over the results topic until its group has caught up with the
 * topic's end at start (or {@code --max-records}), then its report. The caller's thread watches while the saver
 * runs.
 */
public final class SaverReplay {

    private SaverReplay() {
    }

    /**
     * Ensures the topics, appends {@code --generate-results} synthetic results, replays and prints the report
     * to {@code out}.
     *
     * @param groupGiven whether {@code --group} named the group (only then does {@code --from-beginning} rewind it)
     * @param onSignal   installs a handler that runs its argument on Ctrl-C/SIGTERM while the saver runs (it stops it)
     */
    public static void run(SaverConfig config, ReplayConfig replay, boolean groupGiven, Function<Runnable, ? extends AutoCloseable> onSignal,
                           PrintWriter out) throws Exception {
        KafkaClients.requireReachable(config, KafkaClients.PROBE_TIMEOUT);
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
            replay(config, catchUp, replay.maxRecords(), onSignal).print(out, settings, config.getInt(SaverConfig.BATCH_SIZE));
        }
    }

    /** Where hashpipe's dbapi would serve its settings: the write URL without its {@code /add}, or the origin. */
    static URI dbApiBase(URI writeUrl) {
        String path = writeUrl.getRawPath() == null ? "" : writeUrl.getRawPath();
        String base = path.endsWith(DbApiContract.ADD) ? path.substring(0, path.length() - DbApiContract.ADD.length()) : "";
        return URI.create(writeUrl.getScheme() + "://" + writeUrl.getRawAuthority() + base);
    }

    private static SaverReplayReport replay(SaverConfig config, GroupProgress catchUp, long maxRecords,
                                            Function<Runnable, ? extends AutoCloseable> onSignal) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SaverReplayReport.keepPercentiles(registry);
        SaverReplayReport report = new SaverReplayReport(registry, SaverMeters.STORED, SaverMeters.DEAD_LETTERS, SaverMeters.LIMIT,
                SaverMeters.REQUEST_DURATION, SaverMeters.IN_FLIGHT, SaverMeters.REQUESTS);
        Saver saver = new Saver(config, registry);
        try (saver; AutoCloseable signal = onSignal.apply(saver::close)) {
            saver.leaveGroupOnClose(); // a later --from-beginning rewinds the group at once
            saver.start();
            long nextCheck = 0;
            while (!saver.state().isTerminal()) {
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
        Throwable failure = saver.failure().orElse(null);
        if (failure != null) {
            throw new IllegalStateException("The saver failed: " + failure.getMessage(), failure);
        }
        return report;
    }
}
