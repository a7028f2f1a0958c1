package io.hashpipe.launcher;

import io.hashpipe.cli.InvalidOptionException;
import io.hashpipe.cli.KafkaClientKeys;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.KafkaClients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hashpipe dead-letters}: lists a dead-letter topic with the reasons, and sends its records back once the cause is fixed. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        header = "Lists dead letters with their reasons, and sends them back once the cause is fixed.",
        description = {"Lists the records of a dead-letter topic (hashpipe.tasks.dlq, hashpipe.hashes.dlq) with why each was"
            + " dead-lettered, and redrives them to the topic they came from once the cause is fixed. Pick one as a"
            + " subcommand."},
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
        @Option(names = {"--bootstrap-servers", "--bootstrap-server"},
                defaultValue = CommonConfigs.DEFAULT_BOOTSTRAP,
                description = "Kafka bootstrap servers, a comma-separated host:port list.")
        String bootstrapServers;

        @Option(names = "--kafka-config", defaultValue = "",
                description = "A properties file of Kafka client settings (security.protocol, sasl.*, ssl.*) applied to every client.")
        String kafkaConfig;

        @Option(names = "--consumer-property", paramLabel = "<key=value>",
                description = "A Kafka consumer setting, applied after --kafka-config; repeatable.")
        List<String> consumerProperties = new ArrayList<>();

        @Option(names = "--producer-property", paramLabel = "<key=value>",
                description = "A Kafka producer setting (redrive's producer), applied after --kafka-config; repeatable.")
        List<String> producerProperties = new ArrayList<>();

        private AbstractConfig config;

        /** The client properties: the file's, then the bootstrap servers. */
        Map<String, Object> clientProperties() {
            return CommonConfigs.clientProperties(config());
        }

        /** The consumers' properties: {@link #clientProperties}, then {@code --consumer-property}. */
        Map<String, Object> consumerProperties() {
            return CommonConfigs.consumerProperties(config());
        }

        /** The producer's properties: {@link #clientProperties}, then {@code --producer-property}. */
        Map<String, Object> producerProperties() {
            return CommonConfigs.producerProperties(config());
        }

        /** The options as a config, checked once: a missing file or a malformed property is a usage error (exit 2). */
        private AbstractConfig config() {
            if (config == null) {
                Map<String, String> values = new HashMap<>();
                values.put(CommonConfigs.BOOTSTRAP_SERVERS, bootstrapServers);
                values.put(CommonConfigs.KAFKA_CONFIG, kafkaConfig);
                values.put(CommonConfigs.CONSUMER_PROPERTY, String.join("\n", consumerProperties));
                values.put(CommonConfigs.PRODUCER_PROPERTY, String.join("\n", producerProperties));
                try {
                    config = new AbstractConfig(CommonConfigs.withProducerProperties(CommonConfigs.withConsumerProperties(
                            CommonConfigs.withKafka(new ConfigDef()))), values, false);
                } catch (ConfigException e) {
                    throw new InvalidOptionException(e.getMessage().replace("configuration kafka.config", "option --kafka-config")
                            .replace("configuration kafka.consumer.property", "option --consumer-property")
                            .replace("configuration kafka.producer.property", "option --producer-property")
                            .replace("configuration bootstrap.servers", "option --bootstrap-servers"), e);
                }
                KafkaClientKeys.warnUnknown(values);
            }
            return config;
        }

        /**
         * The Kafka settings, once a broker answered at the bootstrap servers.
         *
         * @throws io.hashpipe.common.BrokerUnreachableException within seconds when none does, naming the address and the flag
         */
        AbstractConfig reachableConfig() {
            AbstractConfig config = config();
            KafkaClients.requireReachable(config, KafkaClients.PROBE_TIMEOUT);
            return config;
        }
    }
}
