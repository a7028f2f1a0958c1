package io.hashpipe.launcher;

import io.hashpipe.cli.ConfigOptions;
import io.hashpipe.cli.ProgressLog;
import io.hashpipe.cli.ShutdownSignal;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.management.Management;
import io.hashpipe.management.ManagementConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that runs one service: its options are the service's config keys, added by {@link Main} from
 * the service's {@link ConfigDef} (one flag, env variable, default and doc per key), plus the management
 * endpoint's ({@code --management-port}) unless the command opts out.
 */
abstract class ServiceCommand implements Callable<Integer> {

    /** Injected by picocli: the command's model, where the config options are added. */
    @Spec
    CommandSpec spec;

    private ConfigOptions options;
    private ConfigOptions managementOptions;

    /** The service's keys. */
    protected abstract ConfigDef configDef();

    /** The prefix stripped from the service's keys to spell its flags, e.g. {@code dbapi.}. */
    protected abstract String keyPrefix();

    /** Adds the config options to this command; called once by {@link Main} before parsing. */
    final void installOptions() {
        options = ConfigOptions.addTo(spec, configDef(), keyPrefix(), repeatableKeys());
        if (managed()) {
            managementOptions = ConfigOptions.addTo(spec, ManagementConfig.CONFIG_DEF, "");
        }
    }

    /** The service's keys whose flag may be given many times (see {@link ConfigOptions}). */
    protected Set<String> repeatableKeys() {
        return Set.of();
    }

    /** Whether the command has a management endpoint (metrics and health); the broker has none. */
    protected boolean managed() {
        return true;
    }

    /** The parsed options, to build the service's config from. */
    protected final ConfigOptions options() {
        return options;
    }

    /**
     * Starts the registry the service reports to and, when {@code --management-port} is set, the endpoint
     * serving it with the service's health. Validates the management options first, so a bad port fails
     * with the usual message before any socket is opened.
     */
    protected final Management startManagement() {
        ManagementConfig config = managementOptions.build(ManagementConfig::new);
        // Consumers' meters carry their group, so that dashboards can show lag per group.
        String group = options.values().get(CommonConfigs.GROUP);
        return Management.start(spec.name(), config.bindAddress(), config.port(), group == null ? Tags.empty() : Tags.of("group", group));
    }

    /**
     * Runs a consumer service until its loop returns or Ctrl-C/SIGTERM stops it. The management endpoint
     * reports it ready while the service says it can work ({@link ConsumerService#ready}: its loop polls, and
     * for the saver its API takes requests), stopping once a signal came and failed when the loop throws; a log line every 10 s counts {@code counter} as {@code what}.
     *
     * @param start builds the service on the registry the endpoint serves
     */
    protected final void runConsumerService(Function<MeterRegistry, ConsumerService> start, String counter, String what) {
        try (Management management = startManagement()) {
            MeterRegistry registry = management.registry();
            ConsumerService service = start.apply(registry);
            management.health().readyWhen(service::ready);
            try (service;
                 ShutdownSignal signal = ShutdownSignal.onSignal(() -> {
                     management.health().stopping();
                     service.close();
                 });
                 ProgressLog progress = new ProgressLog(registry, spec.name(), counter, what, 10)) {
                service.run();
            } catch (RuntimeException e) {
                management.health().failed();
                throw e;
            }
        }
    }

    /** A service's poll loop ({@code run}) and the idempotent {@code close} that stops it from another thread. */
    protected interface ConsumerService extends AutoCloseable {
        void run();

        @Override
        void close();

        /** Whether the service can do its work now (the service's own word, for readiness). */
        boolean ready();

        /** {@code run}, {@code close} and {@code ready} of a service that has them without this interface. */
        static ConsumerService of(Runnable run, Runnable close, BooleanSupplier ready) {
            return new ConsumerService() {
                @Override
                public boolean ready() {
                    return ready.getAsBoolean();
                }

                @Override
                public void run() {
                    run.run();
                }

                @Override
                public void close() {
                    close.run();
                }
            };
        }
    }
}
