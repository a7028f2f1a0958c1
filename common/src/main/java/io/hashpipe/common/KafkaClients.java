package io.hashpipe.common;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one place that builds Kafka client properties: every stage's consumers (share consumers too), producers
 * and admin clients start from {@code --kafka-config}'s file, then {@code bootstrap.servers}, then
 * {@code --consumer-property}/{@code --producer-property}, then the settings here. A key set before wins over a
 * default below (tuning), except those the guarantees depend on (isolation, idempotence, acks, auto-commit,
 * acknowledgement mode, the group and transactional ids), which are always set.
 *
 * <p>Group members use the classic protocol with the cooperative-sticky assignor and static membership
 * ({@code group.instance.id}), chosen over the consumer protocol (KIP-848) on these figures (BENCHMARKS.md,
 * "Recovery", two hashers as processes): a hasher SIGKILLed and restarted at once hashed again after 2.7 s on the
 * classic protocol, while on the consumer protocol the broker refused the restarted member
 * ({@code UnreleasedInstanceIdException}: the dead member still owned its instance id) until the broker-side
 * session ({@code group.consumer.session.timeout.ms}, 45 s, not settable by the client) ran out. A rolling
 * restart moved no partition on the classic protocol. The idle CPU with the broker down was 1-4% of a core either
 * way. The classic protocol also lets the client choose its session timeout, and it kept the hasher's poll
 * thread at 2% of a core where the consumer protocol's client took 46% ({@code hashpipe run}, BENCHMARKS.md).
 * {@code group.protocol=consumer} in the file still selects it.
 */
public final class KafkaClients {

    /**
     * Session timeout of the group members (classic protocol): how long a member that stopped heartbeating keeps
     * its partitions. A restarted static member takes them back at once, whatever this is; one that does not
     * come back hands them over after this long. Ten seconds outlasts a GC pause or a broker's leader move.
     */
    public static final int SESSION_TIMEOUT_MS = 10_000;
    /** A third of the session, as Kafka recommends. */
    public static final int HEARTBEAT_INTERVAL_MS = 3_000;
    /** A share consumer's {@code share.acknowledgement.mode} in which the application acknowledges each record. */
    public static final String EXPLICIT_ACKNOWLEDGEMENT = "explicit";
    /** A share consumer's {@code share.acquire.mode} in which a fetch hands out at most {@code max.poll.records}. */
    public static final String RECORD_LIMIT = "record_limit";
    /** How long a one-shot command waits for a broker to answer before it gives up. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private KafkaClients() {
    }

    /**
     * The settings every client of {@code config} starts from: the {@code kafka.config} file's, then
     * {@code bootstrap.servers} ({@link CommonConfigs#clientProperties}).
     *
     * @throws ConfigException when the file cannot be read, naming the key and the path
     */
    public static Map<String, Object> common(AbstractConfig config) {
        return CommonConfigs.clientProperties(config);
    }

    /** An admin client's settings. */
    public static Map<String, Object> admin(AbstractConfig config) {
        return common(config);
    }

    /** An idempotent producer of byte arrays, acks=all, sending after at most 5 ms. */
    public static Map<String, Object> producer(AbstractConfig config, String clientId) {
        return producer(config, clientId, 5);
    }

    /**
     * The producer of a share-group member ({@code --group-type share}): {@link #producer} without transactions
     * (a share group has none to join, so {@code transactional.id} and {@code transaction.timeout.ms} of the
     * file are dropped), sending after at most 1 ms: the member acknowledges a task once its send is, and polls
     * again only once its batch is acknowledged, so the linger adds to every batch.
     */
    public static Map<String, Object> shareProducer(AbstractConfig config, String clientId) {
        Map<String, Object> props = producer(config, clientId, 1);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.remove(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        return props;
    }

    private static Map<String, Object> producer(AbstractConfig config, String clientId, int lingerMs) {
        Map<String, Object> props = CommonConfigs.producerProperties(config); // with --producer-property
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /**
     * A transactional producer: {@link #producer} with {@code transactionalId}. Its sends give up (20 s) before
     * its transaction times out (30 s), so a slow broker aborts the transaction rather than fencing the producer;
     * a crashed producer's open transaction blocks its partitions' next reader at most the transaction timeout.
     */
    public static Map<String, Object> transactionalProducer(AbstractConfig config, String transactionalId) {
        Map<String, Object> props = producer(config, transactionalId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        if (!props.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG) && !props.containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        }
        return props;
    }

    /**
     * A read_committed consumer of byte arrays without auto-commit, starting at the earliest offset.
     *
     * @param group      its consumer group, or null for a consumer that assigns partitions itself
     * @param instanceId its {@code group.instance.id} (static membership, stable across restarts), or null for a
     *                   dynamic member (a one-off replay)
     */
    public static Map<String, Object> consumer(AbstractConfig config, String group, String instanceId) {
        Map<String, Object> props = CommonConfigs.consumerProperties(config); // with --consumer-property
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (group == null) {
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
            return props;
        }
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.putIfAbsent(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CLASSIC.name().toLowerCase(Locale.ROOT));
        boolean classic = GroupProtocol.CLASSIC.name().equalsIgnoreCase(props.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG).toString());
        if (classic) {
            // The classic protocol's default (range, eager) stops every member at each rebalance.
            props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
            props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        }
        if (instanceId != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
            props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, GroupMembers.clientId(instanceId));
        } else {
            props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        }
        return props;
    }

    /**
     * A share-group member's consumer of byte arrays ({@code --group-type share}) in {@code group}: explicit
     * acknowledgement (each record acknowledged by the member once its output is on the broker), at most
     * {@code maxPollRecords} a poll unless the file or {@code --consumer-property} says otherwise, strictly
     * ({@code share.acquire.mode=record_limit}) so that the other members get the rest. A share group keeps
     * where it starts and its isolation on the broker, per group: the classic consumer's settings that a share
     * consumer refuses are dropped, since the file may hold them for consumer mode.
     */
    public static Map<String, Object> shareConsumer(AbstractConfig config, String group, String clientId, int maxPollRecords) {
        Map<String, Object> props = CommonConfigs.consumerProperties(config); // with --consumer-property
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, EXPLICIT_ACKNOWLEDGEMENT);
        props.putIfAbsent(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, RECORD_LIMIT);
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, maxPollRecords));
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        for (String classicOnly : List.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG)) {
            props.remove(classicOnly);
        }
        return props;
    }

    /**
     * Waits up to {@code timeout} for a broker at {@code config}'s bootstrap servers to answer, for a one-shot
     * command that should fail plainly rather than retry for a minute.
     *
     * @throws BrokerUnreachableException naming the address and {@code --bootstrap-servers}
     */
    public static void requireReachable(AbstractConfig config, Duration timeout) {
        Map<String, Object> props = admin(config);
        int millis = (int) Math.max(1, timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        String address = config.getString(CommonConfigs.BOOTSTRAP_SERVERS);
        try (Admin admin = Admin.create(props)) {
            reachable(admin, timeout, address);
        } catch (IllegalArgumentException | org.apache.kafka.common.KafkaException e) {
            throw new BrokerUnreachableException(address, e.getMessage(), e);
        }
    }

    /**
     * Asks {@code admin}'s cluster for its id within {@code timeout}.
     *
     * @throws BrokerUnreachableException when no broker answered, naming {@code address}
     * @throws RuntimeException the broker's answer when it refused (e.g. authentication), to classify with
     *                          {@link FatalKafkaException#of}
     */
    public static void reachable(Admin admin, Duration timeout, String address) {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException(address, "interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BrokerUnreachableException(address, "no answer within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new BrokerUnreachableException(address, "no answer within " + timeout.toSeconds() + " s", e.getCause());
            }
            FatalKafkaException fatal = FatalKafkaException.of(e.getCause(), "Kafka at " + address);
            if (fatal != null) {
                throw fatal;
            }
            throw new BrokerUnreachableException(address, e.getCause().toString(), e.getCause());
        }
    }
}
