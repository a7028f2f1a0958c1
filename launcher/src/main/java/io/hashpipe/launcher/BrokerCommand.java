package io.hashpipe.launcher;

import io.hashpipe.broker.EmbeddedBroker;
import io.hashpipe.broker.EmbeddedBrokerConfig;
import io.hashpipe.cli.ShutdownSignal;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe broker}: a standalone single-node KRaft broker for local runs and scaling experiments. */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        header = "A single-node Kafka broker (KRaft) on this machine.",
        description = {"Runs a single-node Kafka broker (KRaft, Apache Kafka's own server) until Ctrl-C. Formats the data directory on"
            + " first start and keeps topics across restarts."})
final class BrokerCommand extends ServiceCommand {

    @Override
    protected ConfigDef configDef() {
        return EmbeddedBrokerConfig.CONFIG_DEF;
    }

    @Override
    protected String keyPrefix() {
        return "broker.";
    }

    /** The broker is Kafka's own server: its metrics are Kafka's (JMX), not hashpipe's. */
    @Override
    protected boolean managed() {
        return false;
    }

    @Override
    public Integer call() {
        EmbeddedBrokerConfig config = options().build(EmbeddedBrokerConfig::new);
        EmbeddedBroker broker = EmbeddedBroker.start(config);
        try (ShutdownSignal signal = ShutdownSignal.onSignal(broker::close)) {
            System.out.println("Kafka broker ready: --bootstrap-servers " + broker.bootstrapServers()
                    + "  (data in " + broker.dataDir() + "; Ctrl-C to stop)");
            broker.awaitShutdown();
        }
        return 0;
    }
}
