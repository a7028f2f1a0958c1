package io.hashpipe.saver.internals;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.saver.SaverConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The saver's Kafka clients ({@link KafkaClients}): a static member of its group (its {@link SaverConfig#instanceId()})
 * with polls that fit its window, and an idempotent producer for the dead letters.
 */
public final class KafkaSettings {

    /** Records per poll at most, below the window's bound so that one poll always fits. */
    static final int MAX_POLL_RECORDS = 500;

    private KafkaSettings() {
    }

    public static int maxPollRecords(SaverConfig config) {
        return Math.min(MAX_POLL_RECORDS, config.getInt(SaverConfig.MAX_BUFFERED_RECORDS));
    }

    public static Map<String, Object> consumer(SaverConfig config) {
        Map<String, Object> props = KafkaClients.consumer(config, config.getString(CommonConfigs.GROUP), config.instanceId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords(config));
        return props;
    }

    public static Map<String, Object> producer(SaverConfig config) {
        return KafkaClients.producer(config, config.instanceId() + "-dead-letters");
    }
}
