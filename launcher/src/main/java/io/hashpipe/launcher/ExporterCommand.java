package io.hashpipe.launcher;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.launcher.internals.ExporterConfig;
import io.hashpipe.launcher.internals.GroupLag;
import io.hashpipe.launcher.internals.ShutdownSignal;
import io.hashpipe.management.Management;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code hashpipe exporter}: the consumer groups' lag as the brokers see it ({@link GroupLag}), on the
 * management endpoint. It consumes nothing itself, so the lag of a stage whose every consumer is down is
 * still reported, where the consumers' own lag meters go with them.
 */
@Command(name = "exporter", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Serves the consumer groups' lag as the brokers see it, on /metrics.",
        description = {"Reads the consumer groups' committed offsets and the partitions' end offsets every --interval-ms and serves"
            + " the lag per group and partition (" + ExporterMeters.GROUP_LAG_SERIES + ") on GET /metrics, until Ctrl-C."})
final class ExporterCommand extends ServiceCommand {

    private static final Logger log = LoggerFactory.getLogger(ExporterCommand.class);
    /** Reads as old as this many intervals still count as current for readiness. */
    private static final int READY_INTERVALS = 3;

    @Override
    protected ConfigDef configDef() {
        return ExporterConfig.CONFIG_DEF;
    }

    @Override
    protected String keyPrefix() {
        return "exporter.";
    }

    @Override
    public Integer call() throws InterruptedException {
        ExporterConfig config = options().build(ExporterConfig::new);
        Duration interval = config.interval();
        CountDownLatch stopped = new CountDownLatch(1);
        try (Management management = startManagement();
             Admin admin = Admin.create(adminProperties(config, interval));
             GroupLag lag = new GroupLag(admin, management.registry(), config.groups());
             ShutdownSignal signal = ShutdownSignal.onSignal(() -> {
                 management.health().stopping();
                 stopped.countDown();
             })) {
            long current = interval.multipliedBy(READY_INTERVALS).toNanos();
            management.health().readyWhen(() -> lag.hasRead() && System.nanoTime() - lag.lastReadNanos() <= current);
            System.out.println("exporter: lag of " + (config.groups().isEmpty() ? "every consumer group" : config.groups())
                    + " every " + interval.toMillis() + " ms (Ctrl-C to stop)");
            boolean failing = false;
            do {
                try {
                    lag.refresh();
                    if (failing) {
                        log.info("Reading the groups' offsets works again");
                    }
                    failing = false;
                } catch (KafkaException e) {
                    if (!failing) {
                        log.warn("{}; the lag meters keep their last values, and the exporter reports not ready until a read succeeds", e.getMessage());
                    }
                    failing = true;
                }
            } while (!stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        }
        return 0;
    }

    /** The client settings, with a request that cannot hang for much longer than a few intervals. */
    private static Map<String, Object> adminProperties(ExporterConfig config, Duration interval) {
        Map<String, Object> props = KafkaClients.admin(config);
        int timeout = (int) Math.max(10_000, interval.toMillis() * 2);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "hashpipe-exporter");
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 30_000));
        return props;
    }
}
