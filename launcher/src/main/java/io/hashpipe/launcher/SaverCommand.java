package io.hashpipe.launcher;

import io.hashpipe.launcher.internals.Management;
import io.hashpipe.launcher.internals.MeterReadings;
import io.hashpipe.launcher.internals.ProgressLog;
import io.hashpipe.launcher.internals.ShutdownSignal;
import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe saver}: stores results through the database API with many async requests. */
@Command(name = "saver", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Consumes results (read_committed) and POSTs them to the database API with up to --max-in-flight",
            "requests at once; commits an offset only after every result before it was stored. Runs until Ctrl-C."})
final class SaverCommand extends ServiceCommand {

    @Override
    protected ConfigDef configDef() {
        return SaverConfig.CONFIG_DEF;
    }

    @Override
    protected String keyPrefix() {
        return "saver.";
    }

    @Override
    public Integer call() {
        SaverConfig config = options().build(SaverConfig::new);
        try (Management management = startManagement()) {
            MeterRegistry registry = management.registry();
            try (Saver saver = new Saver(config, registry);
                 ShutdownSignal signal = ShutdownSignal.onSignal(() -> {
                     management.health().stopping();
                     saver.close();
                 });
                 ProgressLog progress = new ProgressLog(registry, "saver", "hashpipe.saver.stored", "stored", 10)) {
                // Ready while its consumer polls: Kafka answered, and the loop is not stuck.
                management.health().readyWhen(() -> MeterReadings.consumerPolledRecently(registry));
                saver.run();
            } catch (RuntimeException e) {
                management.health().failed();
                throw e;
            }
        }
        return 0;
    }
}
