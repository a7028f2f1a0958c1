package io.hashpipe.saver.internals;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.saver.SaverConfig;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The saver's Kafka client settings on top of {@code --kafka-config}: a read_committed consumer without
 * auto-commit, and an idempotent producer for the dead letters.
 *
 * <p>The group protocol defaults to {@code consumer} (KIP-848); a {@code group.protocol=classic} from the
 * file is kept and then gets the cooperative-sticky assignor, so that a rebalance revokes only what moves.
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
        Map<String, Object> props = CommonConfigs.consumerProperties(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(CommonConfigs.GROUP));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords(config));
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CONSUMER.name().toLowerCase(Locale.ROOT));
        if (GroupProtocol.CLASSIC.name().equalsIgnoreCase(props.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG).toString())) {
            props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        return props;
    }

    public static Map<String, Object> producer(SaverConfig config) {
        Map<String, Object> props = CommonConfigs.producerProperties(config);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }
}
