package io.hashpipe.launcher;

import io.hashpipe.broker.EmbeddedBroker;
import io.hashpipe.broker.EmbeddedBrokerConfig;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code hashpipe broker}: a standalone single-node KRaft broker for local runs and scaling experiments. */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        header = "A single-node Kafka broker (KRaft) on this machine.",
        description = {"Runs a single-node Kafka broker (KRaft, Apache Kafka's own server) until Ctrl-C. Formats the data directory on"
            + " first start and keeps topics across restarts."})
final class BrokerCommand extends ServiceCommand {

    /** Kafka's own shutdown is not cut short; this is how long the command waits for it. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

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
        EmbeddedBroker broker = new EmbeddedBroker(config);
        runUntilStopped(broker, null, CLOSE_TIMEOUT, () -> System.out.println("Kafka broker ready: --bootstrap-servers "
                + broker.bootstrapServers() + "  (data in " + broker.dataDir() + "; Ctrl-C to stop)"));
        return 0;
    }
}
