package io.hashpipe.broker;

import io.hashpipe.common.Topics;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of {@link EmbeddedBroker}. */
public final class EmbeddedBrokerConfig extends AbstractConfig {

    /** Address the broker listens on and advertises. */
    public static final String HOST = "broker.host";
    /** Client port; 0 picks a free one. */
    public static final String PORT = "broker.port";
    /** Data directory; empty for a temporary one deleted on close. */
    public static final String DATA_DIR = "broker.data.dir";
    /** Partitions of auto-created topics. */
    public static final String PARTITIONS = "partitions";

    /** Every key with its type, default, rule and doc. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.HIGH,
                    "Address the broker listens on and advertises to clients.")
            .define(PORT, Type.INT, 9092, ConfigDef.Range.between(0, 65535), Importance.HIGH,
                    "Port for Kafka clients; 0 picks a free one.")
            .define(DATA_DIR, Type.STRING, "data/kafka", Importance.MEDIUM,
                    "Directory of the broker's logs and metadata, formatted on first start; empty for a temporary directory deleted on exit.")
            .define(PARTITIONS, Type.INT, Topics.DEFAULT_PARTITIONS, ConfigDef.Range.between(1, 10_000), Importance.LOW,
                    "Partitions of topics the broker creates automatically.");

    public EmbeddedBrokerConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }
}
