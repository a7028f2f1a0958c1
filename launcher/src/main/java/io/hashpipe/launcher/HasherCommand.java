package io.hashpipe.launcher;

import io.hashpipe.hasher.Hasher;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.launcher.internals.Management;
import io.hashpipe.launcher.internals.MeterReadings;
import io.hashpipe.launcher.internals.ProgressLog;
import io.hashpipe.launcher.internals.ShutdownSignal;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe hasher}: one member of the hashers' consumer group, hashing on every core. */
@Command(name = "hasher", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Joins the hashers' consumer group, bcrypts tasks on --threads workers and writes results with",
            "the consumed offsets in Kafka transactions, until Ctrl-C. Run more processes to scale out."})
final class HasherCommand extends ServiceCommand {

    @Override
    protected ConfigDef configDef() {
        return HasherConfig.CONFIG_DEF;
    }

    @Override
    protected String keyPrefix() {
        return "hasher.";
    }

    @Override
    public Integer call() {
        HasherConfig config = options().build(HasherConfig::new);
        try (Management management = startManagement()) {
            MeterRegistry registry = management.registry();
            // Ready while its consumer polls: Kafka answered, and the loop is not stuck.
            management.health().readyWhen(() -> MeterReadings.consumerPolledRecently(registry));
            try (Hasher hasher = new Hasher(config, registry);
                 ShutdownSignal signal = ShutdownSignal.onSignal(() -> {
                     management.health().stopping();
                     hasher.close();
                 });
                 ProgressLog progress = new ProgressLog(registry, "hasher", "hashpipe.hasher.hashes", "hashed", 10)) {
                hasher.run();
            } catch (RuntimeException e) {
                management.health().failed();
                throw e;
            }
        }
        return 0;
    }
}
