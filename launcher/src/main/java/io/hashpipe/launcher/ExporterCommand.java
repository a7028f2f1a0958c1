package io.hashpipe.launcher;

import io.hashpipe.management.Management;
import io.hashpipe.operations.ExporterConfig;
import io.hashpipe.operations.ExporterMeters;
import io.hashpipe.operations.LagExporter;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/**
 * {@code hashpipe exporter}: the consumer groups' lag as the brokers see it ({@link LagExporter}), on the
 * management endpoint. It consumes nothing itself, so the lag of a stage whose every consumer is down is
 * still reported, where the consumers' own lag meters go with them.
 */
@Command(name = "exporter", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Serves the consumer groups' lag as the brokers see it, on /metrics.",
        description = {"Reads the consumer groups' committed offsets and the partitions' end offsets every --interval-ms and serves"
            + " the lag per group and partition (" + ExporterMeters.GROUP_LAG_SERIES + ") on GET /metrics, until Ctrl-C."})
final class ExporterCommand extends ServiceCommand {

    /** The reading thread's last read and the admin client's close. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Override
    protected ConfigDef configDef() {
        return ExporterConfig.CONFIG_DEF;
    }

    @Override
    protected String keyPrefix() {
        return "exporter.";
    }

    @Override
    public Integer call() {
        ExporterConfig config = options().build(ExporterConfig::new);
        try (Management management = startManagement()) {
            System.out.println("exporter: lag of " + (config.groups().isEmpty() ? "every consumer group" : config.groups())
                    + " every " + config.interval().toMillis() + " ms (Ctrl-C to stop)");
            runUntilStopped(new LagExporter(config, management.registry()), management, CLOSE_TIMEOUT, () -> { });
        }
        return 0;
    }
}
