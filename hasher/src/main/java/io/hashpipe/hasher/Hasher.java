package io.hashpipe.hasher;

import io.hashpipe.api.Processor;
import io.hashpipe.api.ProcessorContext;
import io.hashpipe.common.AbstractService;
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
import java.util.concurrent.Semaphore;
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
 * <p>A {@link io.hashpipe.common.Service}: {@link #start()} starts its poll thread, which owns the consumer and the
 * transactional producer and opens them once Kafka answers; the hasher is STARTING until its loop turns, RUNNING
 * while the loop turns and Kafka answers, WAITING while Kafka does not or the loop has not turned for a minute, and
 * FAILED on the fatal error that stopped it ({@link HasherFencedException} when another hasher took its
 * transactional id, {@link DuplicateMemberException}, {@link FatalKafkaException}). Its {@link #name()} is its
 * name in results and its Kafka transactional id.
 */
public final class Hasher extends AbstractService {

    private static final Logger log = LoggerFactory.getLogger(Hasher.class);
    /** The longest each Kafka client takes to close; with the workers' and the last commit's, a stop takes at most ~20 s. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How often the state is checked against the loop's turns and Kafka's answers. */
    private static final Duration WATCH_PERIOD = Duration.ofSeconds(1);

    private final HasherConfig config;
    private final MeterRegistry registry;
    private final String transactionalId;
    private volatile boolean closing;
    private volatile Thread pollThread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile KafkaShareConsumer<byte[], byte[]> shareConsumer;
    private volatile BrokerWatch watch;
    /** Whether the consumer leaves its group on close (a one-off run) rather than staying a static member. */
    private volatile boolean leaveGroupOnClose;

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
        super(config.transactionalId());
        this.config = config;
        this.registry = registry;
        this.transactionalId = config.transactionalId();
        this.processor = processor;
        processor.configure(new ProcessorContext(transactionalId, config.threads(), config.processorSettings()));
    }

    /** One turn of the poll loop, for the state; true once {@link #close} was called. */
    private boolean turn() {
        turned();
        return closing;
    }

    /** Starts the poll thread, which opens the clients once Kafka answers. */
    @Override
    protected void startUp() {
        // A loop that has not turned for a minute is stalled (it polls every 100 ms, even while its partitions are paused).
        watchLoop(DEFAULT_STALL_AFTER, WATCH_PERIOD, this::kafkaReachable);
        // It works until closed: ending before (interrupted, say) is not a clean stop; a fatal error fails it.
        pollThread = startThread("hashpipe-hasher-" + transactionalId, this::run, false);
    }

    /**
     * On the poll thread: waits for Kafka, creates the topics it needs if missing, claims its member id, joins
     * the group and hashes until {@link #close}.
     *
     * @throws HasherFencedException when another hasher with the same transactional id took over
     * @throws DuplicateMemberException when another live hasher runs with this transactional id: this one does
     *                                  not start, so that it does not fence that one
     * @throws FatalKafkaException on an error retrying cannot fix (credentials, permissions, versions, settings)
     */
    private void run() {
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
     * are free at once rather than after the session timeout. Call before {@link #start()}.
     */
    public void leaveGroupOnClose() {
        leaveGroupOnClose = true;
    }

    /** Whether Kafka answers: false while the hasher waits for its broker (it is not RUNNING then). */
    private boolean kafkaReachable() {
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
     * Stops the poll thread: drops queued tasks, lets running hashes finish briefly, commits what is done, closes
     * the clients, waiting at most {@code timeout} for all that.
     */
    @Override
    protected void shutDown(Duration timeout) throws InterruptedException {
        closing = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        KafkaShareConsumer<byte[], byte[]> currentShare = shareConsumer;
        try {
            if (current != null) {
                current.wakeup(); // a poll returns at once instead of after its timeout
            } else if (currentShare != null) {
                currentShare.wakeup();
            }
        } catch (RuntimeException e) {
            log.debug("Waking the consumer failed: {}", e.toString());
        }
        Thread thread = pollThread;
        if (thread != null && thread != Thread.currentThread()) {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                log.warn("Hasher {} did not stop within {} ms", transactionalId, timeout.toMillis());
            }
        }
    }
}
