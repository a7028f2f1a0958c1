package io.hashpipe.launcher;

import io.hashpipe.cli.ConfigOptions;
import io.hashpipe.operations.KafkaAccess;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that reaches a live pipeline through Kafka (status, the dead letters): its Kafka options are {@link
 * KafkaAccess}'s keys, spelled as every service spells them, ahead of the command's own.
 */
abstract class KafkaToolCommand implements Callable<Integer>, ConfiguredCommand {

    /** Injected by picocli: the command's model, where the Kafka options are added. */
    @Spec
    CommandSpec spec;

    private ConfigOptions kafkaOptions;

    @Override
    public final void installOwnOptions() {
        kafkaOptions = ConfigOptions.addOwnTo(spec, KafkaAccess.CONFIG_DEF, "");
    }

    /** The Kafka options as settings: a missing file or a malformed property is a usage error (exit 2). */
    protected final KafkaAccess kafka() {
        return kafkaOptions.build(KafkaAccess::new);
    }
}
