package io.hashpipe.operations;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.KafkaClients;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * How an operator's tool (status, the dead letters) reaches Kafka: the bootstrap servers, a client properties
 * file, consumer and producer settings, the keys every service has (so the flags are spelled the same). Immutable.
 */
public final class KafkaAccess extends AbstractConfig {

    public static final ConfigDef CONFIG_DEF = CommonConfigs.withProducerProperties(CommonConfigs.withConsumerProperties(
            CommonConfigs.withKafka(new ConfigDef())));

    public KafkaAccess(Map<String, String> values) {
        super(CONFIG_DEF, values, false);
    }

    /** {@code --bootstrap-servers}. */
    public String bootstrapServers() {
        return getString(CommonConfigs.BOOTSTRAP_SERVERS);
    }

    /** The client properties: the file's, then the bootstrap servers. */
    public Map<String, Object> clientProperties() {
        return CommonConfigs.clientProperties(this);
    }

    /**
     * These settings, once a broker answered at the bootstrap servers.
     *
     * @throws io.hashpipe.common.BrokerUnreachableException within seconds when none does, naming the address and the flag
     */
    public KafkaAccess reachable() {
        KafkaClients.requireReachable(this, KafkaClients.PROBE_TIMEOUT);
        return this;
    }
}
