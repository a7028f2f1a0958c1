package io.hashpipe.launcher;

import io.hashpipe.cli.ConfigOptions;
import io.hashpipe.cli.ExitCode;
import io.hashpipe.cli.ProgressLog;
import io.hashpipe.cli.ShutdownSignal;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Service;
import io.hashpipe.management.Management;
import io.hashpipe.management.ManagementConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
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
     * Runs a consumer service until Ctrl-C/SIGTERM closes it or it fails ({@link #runUntilStopped}), with a log
     * line every 10 s counting {@code counter} as {@code what}.
     *
     * @param build builds the service on the registry the endpoint serves
     */
    protected final <S extends Service> void runConsumerService(Function<MeterRegistry, S> build, Function<S, Duration> closeTimeout,
                                                                String counter, String what) {
        try (Management management = startManagement()) {
            MeterRegistry registry = management.registry();
            S service = build.apply(registry);
            try (ProgressLog progress = new ProgressLog(registry, spec.name(), counter, what, 10)) {
                runUntilStopped(service, management, closeTimeout.apply(service), () -> { });
            }
        }
    }

    /**
     * The one way a command runs a service: the management endpoint's health follows it (when there is one), it is
     * started, {@code started} runs, and it runs until it stops on its own (a one-shot job, a failure) or
     * Ctrl-C/SIGTERM closes it within {@code closeTimeout}. The service is closed in any case; its failure is
     * rethrown.
     *
     * @return the signal's exit code when a signal stopped it ({@link ShutdownSignal#exitCode()}), else {@link ExitCode#OK}
     */
    protected static int runUntilStopped(Service service, Management management, Duration closeTimeout, Runnable started) {
        if (management != null) {
            management.health().follow(service);
        }
        try (service; ShutdownSignal signal = ShutdownSignal.onSignal(() -> service.close(closeTimeout))) {
            try {
                service.start();
            } catch (IllegalStateException e) {
                if (signal.signalled()) {
                    return signal.exitCode(); // Ctrl-C/SIGTERM came before the start: the service was closed unstarted
                }
                throw e;
            }
            started.run();
            try {
                while (!service.awaitStopped(Duration.ofDays(1))) {
                    // a day is no limit: until it stops
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            service.close(closeTimeout);
            service.throwIfFailed();
            return signal.signalled() ? signal.exitCode() : ExitCode.OK;
        }
    }
}
