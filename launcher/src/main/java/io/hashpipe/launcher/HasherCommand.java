package io.hashpipe.launcher;

import io.hashpipe.hasher.Hasher;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.hasher.internals.ResultCommitter;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe hasher}: one member of the hashers' consumer group, hashing on every core. */
@Command(name = "hasher", mixinStandardHelpOptions = true, sortOptions = false,
        header = "One member of the hashers' consumer group, hashing on every core.",
        description = {"Joins the hashers' consumer group, bcrypts tasks on --threads workers and writes results with the consumed"
            + " offsets in Kafka transactions, until Ctrl-C. Run more processes to scale out."})
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
        runConsumerService(registry -> {
            Hasher hasher = new Hasher(config, registry);
            return ConsumerService.of(hasher::run, hasher::close);
        }, ResultCommitter.HASHES, "hashed");
        return 0;
    }
}
