package io.hashpipe.launcher;

import io.hashpipe.common.CommonConfigs;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hashpipe dead-letters}: lists a dead-letter topic with the reasons, and sends its records back once the cause is fixed. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = {"Lists the records of a dead-letter topic (hashpipe.tasks.dlq, hashpipe.hashes.dlq) with why each was",
            "dead-lettered, and redrives them to the topic they came from once the cause is fixed. Pick one as a subcommand."},
        subcommands = {DeadLettersListCommand.class, DeadLettersRedriveCommand.class})
final class DeadLettersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The Kafka options both subcommands take, spelled as everywhere else. */
    static final class KafkaOptions {
        @Option(names = "--bootstrap-servers", defaultValue = "${env:HASHPIPE_BOOTSTRAP_SERVERS:-" + CommonConfigs.DEFAULT_BOOTSTRAP + "}",
                description = "Kafka bootstrap servers, a comma-separated host:port list. Env: HASHPIPE_BOOTSTRAP_SERVERS.")
        String bootstrapServers;

        @Option(names = "--kafka-config", defaultValue = "${env:HASHPIPE_KAFKA_CONFIG:-}",
                description = "A properties file of Kafka client settings (security.protocol, sasl.*, ssl.*) applied to every client. "
                        + "Env: HASHPIPE_KAFKA_CONFIG.")
        String kafkaConfig;

        /** The client properties: the file's, then the bootstrap servers. */
        Map<String, Object> clientProperties() {
            Map<String, String> values = new HashMap<>();
            values.put(CommonConfigs.BOOTSTRAP_SERVERS, bootstrapServers);
            values.put(CommonConfigs.KAFKA_CONFIG, kafkaConfig);
            return CommonConfigs.clientProperties(new AbstractConfig(CommonConfigs.withKafka(new ConfigDef()), values, false));
        }
    }
}
