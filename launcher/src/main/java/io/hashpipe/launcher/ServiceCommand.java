package io.hashpipe.launcher;

import io.hashpipe.launcher.internals.ConfigOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that runs one service: its options are the service's config keys, added by {@link Main} from
 * the service's {@link ConfigDef} (one flag, env variable, default and doc per key).
 */
abstract class ServiceCommand implements Callable<Integer> {

    /** Injected by picocli: the command's model, where the config options are added. */
    @Spec
    CommandSpec spec;

    private ConfigOptions options;

    /** The service's keys. */
    protected abstract ConfigDef configDef();

    /** The prefix stripped from the service's keys to spell its flags, e.g. {@code dbapi.}. */
    protected abstract String keyPrefix();

    /** Adds the config options to this command; called once by {@link Main} before parsing. */
    final void installOptions(Map<String, String> env) {
        options = ConfigOptions.addTo(spec, configDef(), keyPrefix(), env);
    }

    /** The parsed options, to build the service's config from. */
    protected final ConfigOptions options() {
        return options;
    }

    /** The registry the service reports to. */
    protected MeterRegistry newRegistry() {
        return new SimpleMeterRegistry();
    }
}
