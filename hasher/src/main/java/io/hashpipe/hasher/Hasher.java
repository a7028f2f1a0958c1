package io.hashpipe.hasher;

import io.hashpipe.api.Processor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.common.BrokerWatch;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.DuplicateMemberException;
import io.hashpipe.common.FatalKafkaException;
import io.hashpipe.common.GroupMembers;
import io.hashpipe.common.KafkaClientMeters;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.common.Topics;
import io.hashpipe.hasher.internals.HashWorkers;
import io.hashpipe.hasher.internals.LagGauge;
import io.hashpipe.hasher.internals.PollLoop;
import io.hashpipe.hasher.internals.ResultCommitter;
import io.hashpipe.hasher.internals.ShareGroupSettings;
import io.hashpipe.hasher.internals.ShareLoop;
import io.hashpipe.hasher.internals.TaskDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
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
    /** The longest each Kafka client takes to close; with the workers' and the last commit's, a stop takes at most ~20 s. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** A poll loop that turned this recently is working (it polls even while its partitions are paused). */
    private static final long READY_WITHIN_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final HasherConfig config;
    private final MeterRegistry registry;
    private final String transactionalId;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile KafkaShareConsumer<byte[], byte[]> shareConsumer;
    private volatile BrokerWatch watch;
    /** Whether the consumer leaves its group on close (a one-off run) rather than staying a static member. */
    private volatile boolean leaveGroupOnClose;
    /** Whether the poll loop has turned once: it runs after the topics exist and the producer's transactions are set up. */
    private volatile boolean turned;
    /** {@link System#nanoTime()} of the poll loop's last turn (each turn polls Kafka). */
    private volatile long lastTurnNanos;

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
     * Whether the hasher is working: Kafka answers, its poll loop polled in the last minute (the loop is not
     * stuck), and it is not closing. For readiness probes.
     */
    public boolean ready() {
        return turned && !closing && System.nanoTime() - lastTurnNanos <= READY_WITHIN_NANOS && kafkaReachable();
    }

    /** One turn of the poll loop: notes it for {@link #ready()}; true once {@link #close()} was called. */
    private boolean turn() {
        lastTurnNanos = System.nanoTime();
        turned = true;
        return closing;
    }

    /**
     * Waits for Kafka (not ready meanwhile), creates the topics it needs if missing, claims its member id, joins
     * the group and hashes until {@link #close()}.
     *
     * @throws HasherFencedException when another hasher with the same transactional id took over
     * @throws DuplicateMemberException when another live hasher runs with this transactional id: this one does
     *                                  not start, so that it does not fence that one
     * @throws FatalKafkaException on an error retrying cannot fix (credentials, permissions, versions, settings)
     */
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("run() runs once per Hasher");
        }
        KafkaProducer<byte[], byte[]> producer = null;
        GroupMembers.Claim claim = null;
        KafkaClientMeters clientMeters = new KafkaClientMeters(registry);
        String group = config.getString(CommonConfigs.GROUP);
        try {
            watch = new BrokerWatch(Admin.create(KafkaClients.admin(config)), config.getString(CommonConfigs.BOOTSTRAP_SERVERS),
                    "Hasher " + transactionalId);
            if (closing || !watch.awaitReachable(() -> closing)) {
                return;
            }
            String tasks = config.getString(CommonConfigs.TASKS_TOPIC);
            String deadLetters = CommonConfigs.deadLettersTopic(config, tasks);
            try (Admin admin = Admin.create(KafkaClients.admin(config))) {
                Topics.ensure(admin, config.getInt(CommonConfigs.PARTITIONS), tasks,
                        config.getString(CommonConfigs.RESULTS_TOPIC), deadLetters);
                if (config.shareGroup()) {
                    ShareGroupSettings.apply(admin, group);
                } else {
                    // Before initTransactions, which would fence a live hasher with the same id.
                    claim = GroupMembers.claim(admin, group, transactionalId, "hasher",
                            "--instance (hasher.instance), or --transactional-id (hasher.transactional.id)");
                }
            }
            if (config.shareGroup()) {
                // Share members have no transactions to fence and many may share a partition: no claim.
                producer = new KafkaProducer<>(KafkaClients.shareProducer(config, transactionalId));
                runShared(producer, clientMeters, tasks, deadLetters);
                return;
            }
            producer = new KafkaProducer<>(KafkaClients.transactionalProducer(config, transactionalId));
            producer.initTransactions();
            consumer = new KafkaConsumer<>(KafkaClients.consumer(config, group, transactionalId));
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
            consumer.subscribe(List.of(tasks), loop.rebalanceListener());
            log.info("Hasher {} running {} on {} with {} threads{} in group {}", transactionalId, processor.name(), tasks,
                    config.threads(), processor.name().equals("bcrypt") ? " (" + config.getString(HasherConfig.BCRYPT_IMPL) + " bcrypt)" : "",
                    group);
            loop.run(this::turn);
        } catch (HasherFencedException | DuplicateMemberException e) {
            log.error("Hasher {} stopped: {}", transactionalId, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            FatalKafkaException fatal = FatalKafkaException.of(e, "Hasher " + transactionalId);
            log.error("Hasher {} stopped: {}", transactionalId, fatal != null ? fatal.getMessage() : e.getMessage());
            throw fatal != null ? fatal : e;
        } finally {
            clientMeters.close();
            closeClients(producer);
            if (watch != null) {
                watch.close();
            }
            if (claim != null) {
                claim.close();
            }
            stopped.countDown();
        }
    }

    /** The share-group member: a share consumer in explicit acknowledgement mode and an idempotent producer. */
    private void runShared(KafkaProducer<byte[], byte[]> producer, KafkaClientMeters clientMeters, String tasks, String deadLetters) {
        shareConsumer = new KafkaShareConsumer<>(KafkaClients.shareConsumer(config, config.getString(CommonConfigs.GROUP), transactionalId,
                ShareLoop.recordsPerPoll(config.threads())));
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
        loop.run(this::turn);
    }

    /**
     * For a one-off run (a replay): leave the group on close, so that its partitions, and a rewind of its offsets,
     * are free at once rather than after the session timeout. Call before {@link #run()}.
     */
    public void leaveGroupOnClose() {
        leaveGroupOnClose = true;
    }

    /** Whether Kafka answers (for readiness): false while the hasher waits for its broker. */
    public boolean kafkaReachable() {
        BrokerWatch current = watch;
        return current != null && current.reachable();
    }

    /**
     * Closes the clients within {@link #CLOSE_TIMEOUT} each: a close during a rebalance would otherwise wait for the
     * coordinator's answers up to 30 s. As a static member it does not leave the group: a restart within the
     * session timeout takes the same partitions back without a rebalance.
     */
    private void closeClients(KafkaProducer<byte[], byte[]> producer) {
        try {
            if (shareConsumer != null) {
                shareConsumer.close(); // releases what is still acquired and leaves the group
            }
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(leaveGroupOnClose
                        ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP : CloseOptions.GroupMembershipOperation.DEFAULT));
            }
        } catch (RuntimeException e) {
            log.warn("Closing the consumer failed: {}", e.toString());
        } finally {
            if (producer != null) {
                producer.close(CLOSE_TIMEOUT);
            }
        }
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
