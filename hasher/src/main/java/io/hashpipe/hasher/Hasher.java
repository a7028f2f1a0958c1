package io.hashpipe.hasher;

import io.hashpipe.api.Processor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.KafkaClientMeters;
import io.hashpipe.common.Topics;
import io.hashpipe.hasher.internals.HashWorkers;
import io.hashpipe.hasher.internals.LagGauge;
import io.hashpipe.hasher.internals.PollLoop;
import io.hashpipe.hasher.internals.ResultCommitter;
import io.hashpipe.hasher.internals.ShareGroupSettings;
import io.hashpipe.hasher.internals.ShareLoop;
import io.hashpipe.hasher.internals.TaskDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU stage (the worker): a member of the hashers' consumer group that runs its processor (bcrypt by
 * default, {@code --processor}) on tasks on every worker thread and
 * writes each result together with its task's offset in one Kafka transaction, so that every task yields
 * exactly one committed result (or dead letter) however the hashers crash, restart or rebalance.
 *
 * <p>With {@code hasher.group.type=share} it is a member of a share group instead ({@link ShareLoop}): a
 * share consumer in explicit acknowledgement mode and an idempotent producer, each task acknowledged once its
 * result or dead letter is on the broker, so every task yields at least one result.
 *
 * <p>{@link #run()} blocks until {@link #close()} is called from another thread, or rethrows the fatal
 * error that stopped it ({@link HasherFencedException} when another hasher took its transactional id).
 * One thread (the caller of {@code run}) owns the consumer and the transactional producer.
 */
public final class Hasher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Hasher.class);
    /** Transactions last one flush (milliseconds); a crashed hasher's open one blocks its partitions' next owner this long. */
    private static final int TRANSACTION_TIMEOUT_MS = 30_000;
    /** Sends give up before the transaction times out, so a slow broker aborts rather than fences. */
    private static final int DELIVERY_TIMEOUT_MS = 20_000;
    private static final int REQUEST_TIMEOUT_MS = 10_000;

    private final HasherConfig config;
    private final MeterRegistry registry;
    private final String transactionalId;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile KafkaShareConsumer<byte[], byte[]> shareConsumer;

    private final Processor processor;

    /**
     * Loads and configures the processor (before any socket is opened).
     *
     * @throws ProcessorLoadException when the processor is not found or its plugin is broken
     * @throws IllegalArgumentException when the processor refuses its settings
     */
    public Hasher(HasherConfig config, MeterRegistry registry) {
        this(config, registry, Processors.load(config.processorName(), config.pluginPath()));
    }

    /** With {@code processor} (not configured yet) instead of the one {@code --processor} names. */
    public Hasher(HasherConfig config, MeterRegistry registry, Processor processor) {
        this.config = config;
        this.registry = registry;
        this.transactionalId = config.transactionalId();
        this.processor = processor;
        processor.configure(new ProcessorContext(transactionalId, config.threads(), config.processorSettings()));
    }

    /** This hasher's name in results and its Kafka transactional id. */
    public String name() {
        return transactionalId;
    }

    /**
     * Creates the topics it needs if missing, joins the group and hashes until {@link #close()}.
     *
     * @throws HasherFencedException when another hasher with the same transactional id took over
     */
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("run() runs once per Hasher");
        }
        KafkaProducer<byte[], byte[]> producer = null;
        KafkaClientMeters clientMeters = new KafkaClientMeters(registry);
        try {
            if (closing) {
                return;
            }
            String tasks = config.getString(CommonConfigs.TASKS_TOPIC);
            String deadLetters = CommonConfigs.deadLettersTopic(config, tasks);
            try (Admin admin = Admin.create(CommonConfigs.clientProperties(config))) {
                Topics.ensure(admin, config.getInt(CommonConfigs.PARTITIONS), tasks,
                        config.getString(CommonConfigs.RESULTS_TOPIC), deadLetters);
                if (config.shareGroup()) {
                    ShareGroupSettings.apply(admin, config.getString(CommonConfigs.GROUP));
                }
            }
            if (config.shareGroup()) {
                producer = new KafkaProducer<>(ShareClients.producerProperties(config, transactionalId),
                        new ByteArraySerializer(), new ByteArraySerializer());
                runShared(producer, clientMeters, tasks, deadLetters);
                return;
            }
            producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
            consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            clientMeters.bind(producer);
            clientMeters.bind(consumer);
            LagGauge.register(registry, consumer, transactionalId);
            int maxRecordBytes = config.getInt(CommonConfigs.RECORD_MAX_BYTES);
            HashWorkers workers = new HashWorkers(config.threads(), transactionalId, processor,
                    config.getString(CommonConfigs.RESULTS_TOPIC), deadLetters, maxRecordBytes, config.taskTimeout(), registry,
                    consumer::wakeup);
            PollLoop loop = new PollLoop(consumer, workers, new ResultCommitter(producer, transactionalId, registry),
                    new TaskDecoder(maxRecordBytes, processor), config.threads(), config.transactionMaxRecords(),
                    config.transactionMaxMs());
            consumer.subscribe(List.of(tasks), loop);
            log.info("Hasher {} running {} on {} with {} threads{} in group {}", transactionalId, processor.name(), tasks,
                    config.threads(), processor.name().equals("bcrypt") ? " (" + config.getString(HasherConfig.BCRYPT_IMPL) + " bcrypt)" : "",
                    config.getString(CommonConfigs.GROUP));
            loop.run(() -> closing);
        } catch (RuntimeException e) {
            log.error("Hasher {} stopped: {}", transactionalId, e.getMessage());
            throw e;
        } finally {
            clientMeters.close();
            closeClients(producer);
            stopped.countDown();
        }
    }

    /** The share-group member: a share consumer in explicit acknowledgement mode and an idempotent producer. */
    private void runShared(KafkaProducer<byte[], byte[]> producer, KafkaClientMeters clientMeters, String tasks, String deadLetters) {
        shareConsumer = new KafkaShareConsumer<>(ShareClients.consumerProperties(config, transactionalId, config.threads()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        clientMeters.bind(producer);
        clientMeters.bind(shareConsumer);
        Semaphore news = new Semaphore(0);
        int maxRecordBytes = config.getInt(CommonConfigs.RECORD_MAX_BYTES);
        HashWorkers workers = new HashWorkers(config.threads(), transactionalId, processor,
                config.getString(CommonConfigs.RESULTS_TOPIC), deadLetters, maxRecordBytes, config.taskTimeout(), registry,
                news::release);
        ShareLoop loop = new ShareLoop(shareConsumer, producer, workers, new TaskDecoder(maxRecordBytes, processor), registry, news);
        shareConsumer.subscribe(List.of(tasks));
        log.info("Hasher {} running {} on {} with {} threads in share group {}", transactionalId, processor.name(), tasks,
                config.threads(), config.getString(CommonConfigs.GROUP));
        loop.run(() -> closing);
    }

    private void closeClients(KafkaProducer<byte[], byte[]> producer) {
        try {
            if (shareConsumer != null) {
                shareConsumer.close(); // releases what is still acquired and leaves the group
            }
            if (consumer != null) {
                consumer.close(); // leaves the group; the listener commits what is contiguous first
            }
        } catch (RuntimeException e) {
            log.warn("Closing the consumer failed: {}", e.toString());
        } finally {
            if (producer != null) {
                producer.close();
            }
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = CommonConfigs.consumerProperties(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(CommonConfigs.GROUP));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        // Classic with cooperative-sticky, not Kafka 4's consumer protocol: with this loop's pause/resume, the
        // consumer protocol's client (AsyncKafkaConsumer, 4.1) spent about half a core of 2 on its background
        // and poll threads, which the bcrypt workers need (measured with `hashpipe run`, see BENCHMARKS.md).
        // group.protocol=consumer in --kafka-config still selects it.
        props.putIfAbsent(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CLASSIC.name);
        if (GroupProtocol.CLASSIC.name.equalsIgnoreCase(String.valueOf(props.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            // The classic protocol's default (range, eager) stops every member at each rebalance.
            props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId);
        return props;
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> props = CommonConfigs.producerProperties(config);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        if (!props.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG) && !props.containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        }
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        return props;
    }

    /**
     * Stops {@link #run()}: drops queued tasks, lets running hashes finish briefly, commits what is done,
     * leaves the group and waits for all that. Idempotent; safe from a shutdown hook.
     */
    @Override
    public void close() {
        closing = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        KafkaShareConsumer<byte[], byte[]> currentShare = shareConsumer;
        if ((current != null || currentShare != null) && stopped.getCount() > 0) {
            try {
                if (current != null) {
                    current.wakeup(); // a poll returns at once instead of after its timeout
                } else {
                    currentShare.wakeup();
                }
            } catch (RuntimeException e) {
                log.debug("Waking the consumer failed: {}", e.toString());
            }
        }
        if (started.get()) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
