package io.hashpipe.launcher;

import io.hashpipe.cli.InvalidOptionException;
import io.hashpipe.hasher.Hasher;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.hasher.ProcessorLoadException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/**
 * {@code hashpipe hasher} (or {@code hashpipe worker}, the same command): one member of the hashers' consumer
 * group, running its processor on every core.
 */
@Command(name = "hasher", aliases = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        header = "One member of the hashers' consumer group, running its --processor (bcrypt by default) on every core.",
        description = {"Joins the hashers' consumer group, runs the --processor (bcrypt by default) on tasks on --threads workers"
            + " and writes results with the consumed offsets in Kafka transactions, until Ctrl-C. Run more processes to scale"
            + " out. With --group-type share it joins a share group instead: any number of hashers per partition, each task"
            + " acknowledged once its result is on the broker (at least once). 'hashpipe worker' is the same command."})
final class HasherCommand extends ServiceCommand {

    /** The longest a stop takes: the workers', the last commit's and each client's close (~20 s) with a margin. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Override
    protected ConfigDef configDef() {
        return HasherConfig.CONFIG_DEF;
    }

    @Override
    protected String keyPrefix() {
        return "hasher.";
    }

    @Override
    protected Set<String> repeatableKeys() {
        return HasherConfig.REPEATABLE_KEYS;
    }

    /**
     * A hasher with its processor loaded and configured, before any socket opens: an unknown {@code --processor}
     * or a setting it refuses is an invalid option (exit 2); a broken plugin jar fails with the jar and the class.
     */
    static Hasher newHasher(HasherConfig config, MeterRegistry registry) {
        try {
            return new Hasher(config, registry);
        } catch (ProcessorLoadException e) {
            if (e.unknownName()) {
                throw new InvalidOptionException(e.getMessage(), e);
            }
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("processor " + config.processorName() + " refused its settings: " + e.getMessage(), e);
        }
    }

    @Override
    public Integer call() {
        HasherConfig config = options().build(HasherConfig::new);
        Hasher first = newHasher(config, new SimpleMeterRegistry()); // fails here, before the service starts, on a bad processor
        first.close();
        runConsumerService(registry -> newHasher(config, registry), hasher -> CLOSE_TIMEOUT, HasherMeters.HASHES, "hashed");
        return 0;
    }
}
