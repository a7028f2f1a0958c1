package io.hashpipe.hasher;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.hasher.internals.bcrypt.Bcrypt;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings of a share-group hasher ({@code --group-type share}): a share consumer in
 * explicit acknowledgement mode and an idempotent, non-transactional producer. Settings in
 * {@code --kafka-config} and {@code --consumer-property}/{@code --producer-property} win where noted.
 */
final class ShareClients {

    /** Tasks per poll and hashing thread: a batch is acknowledged before the next poll, so it is a few groups deep. */
    static final int RECORDS_PER_THREAD = 4 * Bcrypt.LANES;
    /** Kafka's explicit acknowledgement mode: each record is acknowledged by the application, one by one. */
    static final String EXPLICIT = "explicit";
    /** The broker hands out at most {@code max.poll.records} per fetch (the default may hand out whole batches). */
    static final String RECORD_LIMIT = "record_limit";

    private ShareClients() {
    }

    /**
     * The share consumer: explicit acknowledgement, {@value #RECORDS_PER_THREAD} tasks per thread per poll
     * (the loop polls again only once a poll's tasks are all acknowledged, so that is the batch the workers
     * share), strictly ({@code share.acquire.mode=record_limit}) so that other members get the rest.
     */
    static Map<String, Object> consumerProperties(HasherConfig config, String clientId, int threads) {
        Map<String, Object> props = CommonConfigs.consumerProperties(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(CommonConfigs.GROUP));
        props.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, EXPLICIT);
        props.putIfAbsent(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, RECORD_LIMIT);
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, threads * RECORDS_PER_THREAD));
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // Settings of the classic consumer that a share consumer refuses; --kafka-config may hold them for consumer mode.
        props.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        props.remove(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
        props.remove(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        props.remove(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
        props.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        props.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        return props;
    }

    /**
     * The producer of results and dead letters: idempotent with {@code acks=all}, no transactions (a share
     * group has none to join); a task is acknowledged once its send is.
     */
    static Map<String, Object> producerProperties(HasherConfig config, String clientId) {
        Map<String, Object> props = CommonConfigs.producerProperties(config);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.remove(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
