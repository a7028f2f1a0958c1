package io.hashpipe.saver;

import io.hashpipe.common.AbstractService;
import io.hashpipe.common.BrokerWatch;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.DuplicateMemberException;
import io.hashpipe.common.GroupMembers;
import io.hashpipe.common.KafkaClients;
import io.hashpipe.common.KafkaClientMeters;
import io.hashpipe.common.Topics;
import io.hashpipe.saver.internals.Ack;
import io.hashpipe.saver.internals.AdaptiveLimit;
import io.hashpipe.saver.internals.ApiCircuit;
import io.hashpipe.saver.internals.ApiEndpoint;
import io.hashpipe.saver.internals.BatchSettings;
import io.hashpipe.saver.internals.ConsumerLoop;
import io.hashpipe.saver.internals.DbApiClient;
import io.hashpipe.saver.internals.DeadLetterSender;
import io.hashpipe.saver.internals.Dispatcher;
import io.hashpipe.saver.internals.FixedLimit;
import io.hashpipe.saver.internals.KafkaSettings;
import io.hashpipe.saver.internals.Limit;
import io.hashpipe.saver.internals.RetryPolicy;
import io.hashpipe.saver.internals.SaverMetrics;
import io.hashpipe.saver.internals.Storer;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saver service: consumes results and stores them through the database API with many concurrent
 * asynchronous POSTs, committing each partition's offset only up to its lowest record not yet stored.
 *
 * <p>Only bad records go to {@code <results-topic>.dlq}, with the headers named here, before their offsets
 * are committed: not a result, rejected by the API, or failing alone while the API takes other records. While
 * the API fails as a whole (or refuses the saver's configuration) the records wait, and the saver probes
 * until it is back. Delivery to the API is at least once; the {@code Idempotency-Key} header makes repeats
 * harmless ({@code stored:false}).
 *
 * <p>A {@link io.hashpipe.common.Service}: {@link #start()} opens the Kafka clients and the HTTP client and starts
 * the consumer's thread; the saver is RUNNING while its loop turns, Kafka answers and the API takes requests,
 * WAITING while the API's circuit is open (an outage or a misconfiguration: the records wait), Kafka does not
 * answer or the loop has not turned for a minute.
 */
public final class Saver extends AbstractService {

    /** Dead-letter header: the API's last HTTP status for the record (absent when it never answered). */
    public static final String HTTP_STATUS_HEADER = DeadLetterSender.HTTP_STATUS;
    /** Dead-letter header: the API's error (or the failure) for the record. */
    public static final String HTTP_ERROR_HEADER = DeadLetterSender.HTTP_ERROR;
    /** Dead-letter header: requests made for the record. */
    public static final String ATTEMPTS_HEADER = DeadLetterSender.ATTEMPTS;

    private static final Logger log = LoggerFactory.getLogger(Saver.class);
    /**
     * The longest the consumer takes to close (its last commits' answers). As a static member it does not leave
     * the group: a restart within the session timeout takes the same partitions back without a rebalance.
     */
    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Extra wait beyond the drain timeout, for the last commit and the consumer's close: see {@link #closeTimeout()}. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(15);
    /** Event loops for the HTTP connections and the dispatcher; I/O-bound, so two are plenty. */
    private static final int IO_THREADS = 2;
    /** How often the state is checked against the loop's turns, Kafka's and the API's answers. */
    private static final Duration WATCH_PERIOD = Duration.ofSeconds(1);

    private final SaverConfig config;
    private final MeterRegistry registry;
    // Opened by startUp (on the caller of start), closed by shutDown (on the caller of close).
    private volatile SaverClients clients;
    private volatile KafkaClientMeters clientMeters;
    private volatile EventLoopGroup group;
    private volatile DbApiClient dbApi;
    private volatile DeadLetterSender deadLetters;
    private volatile Dispatcher dispatcher;
    private volatile ConsumerLoop loop;
    private volatile Thread consumerThread;
    private volatile boolean closing;
    private volatile BrokerWatch watch;
    /** Whether the consumer leaves its group on close (a one-off run) rather than staying a static member. */
    private volatile boolean leaveGroupOnClose;
    private GroupMembers.Claim claim;

    /** Nothing is opened here: {@link #start()} does. */
    public Saver(SaverConfig config, MeterRegistry registry) {
        super("saver");
        this.config = config;
        this.registry = registry;
    }

    /** How long a close may take: the drain timeout and a margin for the last commit and the consumer's close. */
    public Duration closeTimeout() {
        return config.drainTimeout().plus(CLOSE_MARGIN);
    }

    /** {@link #close(Duration)} with {@link #closeTimeout()}. */
    @Override
    public void close() {
        close(closeTimeout());
    }

    /** Opens the clients and starts the consumer's thread, which waits for Kafka and then consumes and stores. */
    @Override
    protected void startUp() {
        SaverMetrics metrics = new SaverMetrics(registry);
        int maxInFlight = config.maxInFlight();
        this.clients = SaverClients.create(config); // what startUp opened before a failure is closed by shutDown
        this.group = new MultiThreadIoEventLoopGroup(IO_THREADS, new DefaultThreadFactory("hashpipe-saver-io", true), NioIoHandler.newFactory());
        this.clientMeters = new KafkaClientMeters(registry);
        clientMeters.bind(clients.consumer());
        clientMeters.bind(clients.producer());
        ApiEndpoint endpoint = config.endpoint();
        this.dbApi = new DbApiClient(endpoint, maxInFlight, config.requestTimeout(), group);
        this.deadLetters = new DeadLetterSender(clients.producer(),
                CommonConfigs.deadLettersTopic(config, config.getString(CommonConfigs.RESULTS_TOPIC)));
        Queue<Ack> acks = new ConcurrentLinkedQueue<>();
        RetryPolicy retry = new RetryPolicy(config.getInt(SaverConfig.MAX_ATTEMPTS),
                config.getLong(SaverConfig.RETRY_BACKOFF_MS), config.getLong(SaverConfig.RETRY_BACKOFF_MAX_MS));
        Limit limit = config.adaptiveInFlight() ? AdaptiveLimit.withCeiling(maxInFlight) : new FixedLimit(maxInFlight);
        ApiCircuit circuit = new ApiCircuit(endpoint.describe(), config.maxOutage(), limit, System.nanoTime());
        this.dispatcher = new Dispatcher(group.next(), new Storer(dbApi, endpoint, metrics), deadLetters, retry, limit, circuit,
                BatchSettings.of(config), acks, metrics);
        this.loop = new ConsumerLoop(clients.consumer(), dispatcher, acks, new ConsumerLoop.Settings(
                config.getString(CommonConfigs.RESULTS_TOPIC), config.getInt(SaverConfig.MAX_BUFFERED_RECORDS),
                config.getLong(SaverConfig.MAX_BUFFERED_BYTES), clients.maxPollRecords(),
                config.commitInterval(), config.drainTimeout()));
        metrics.committedLag(loop.committedLag());
        watchLoop(DEFAULT_STALL_AFTER, WATCH_PERIOD, () -> apiAvailable() && kafkaReachable());
        // It works until closed: ending before (interrupted, say) is not a clean stop; an error it cannot retry fails it.
        consumerThread = startThread("hashpipe-saver-consumer", this::run, false);
    }

    /**
     * Whether the API takes requests: false while the saver waits out an outage or a misconfiguration (its
     * records wait; none is dead-lettered for it, and the saver is WAITING). False before {@link #start()}.
     */
    public boolean apiAvailable() {
        Dispatcher current = dispatcher;
        return current != null && current.apiAvailable();
    }

    /** One turn of the poll loop, for the state; true once {@link #close} was called. */
    private boolean turn() {
        turned();
        return closing;
    }

    /**
     * For a one-off run (a replay): leave the group on close, so that its partitions, and a rewind of its offsets,
     * are free at once rather than after the session timeout. Call before {@link #start()}.
     */
    public void leaveGroupOnClose() {
        leaveGroupOnClose = true;
    }

    /** Whether Kafka answers: false while the saver waits for its broker. */
    private boolean kafkaReachable() {
        BrokerWatch current = watch;
        return current != null && current.reachable();
    }

    /**
     * On the consumer's thread: waits for Kafka, creates the topics if missing, then consumes and stores until
     * {@link #close} is called.
     *
     * @throws DuplicateMemberException when another live saver runs with this {@code --instance} on this host
     * @throws io.hashpipe.common.FatalKafkaException on an error retrying cannot fix (credentials, permissions, settings)
     */
    private void run() {
        try {
            watch = new BrokerWatch(Admin.create(KafkaClients.admin(config)), config.getString(CommonConfigs.BOOTSTRAP_SERVERS), "Saver");
            if (!closing && watch.awaitReachable(() -> closing)) {
                prepareTopics();
                ApiEndpoint endpoint = config.endpoint();
                log.info("Saver storing {} into {} (bulk: {}; body {}; success {}; extra headers {}; in flight: {}; batches of {})",
                        config.getString(CommonConfigs.RESULTS_TOPIC), endpoint.describe(), endpoint.batchTarget(), endpoint.body(),
                        endpoint.success(), endpoint.headers(), config.getString(SaverConfig.MAX_IN_FLIGHT), config.getInt(SaverConfig.BATCH_SIZE));
                loop.run(this::turn);
            }
        } finally {
            stop();
        }
    }

    /** On the consumer's thread: last commit, leave the group; the close waiting for the thread then goes on. */
    private void stop() {
        try {
            loop.shutdown();
        } catch (RuntimeException e) {
            log.error("Saver could not commit on shutdown; uncommitted results will be stored again (idempotently) by the next owner", e);
        }
        try {
            clients.consumer().close(CloseOptions.timeout(CONSUMER_CLOSE_TIMEOUT).withGroupMembershipOperation(leaveGroupOnClose
                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP : CloseOptions.GroupMembershipOperation.DEFAULT));
        } catch (RuntimeException e) {
            log.warn("Saver's consumer did not close cleanly: {}", e.toString());
        } finally {
            if (watch != null) {
                watch.close();
            }
            if (claim != null) {
                claim.close();
            }
        }
    }

    /**
     * Stops polling, waits (within {@code timeout}; {@link #closeTimeout()} is what a drain may take) for requests
     * in flight, commits what was stored, leaves the group, then closes the HTTP client and the producer.
     */
    @Override
    protected void shutDown(Duration timeout) throws InterruptedException {
        closing = true;
        Thread thread = consumerThread;
        if (thread == null) {
            if (clients != null) {
                clients.consumer().close(CloseOptions.timeout(Duration.ZERO));
            }
        } else if (thread != Thread.currentThread()) {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                log.warn("Saver did not stop in time; closing its connections anyway");
            }
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (dbApi != null) {
            dbApi.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (clients != null) {
            clients.producer().close(CONSUMER_CLOSE_TIMEOUT);
        }
        if (clientMeters != null) {
            clientMeters.close();
        }
        log.info("Saver closed");
    }

    private void prepareTopics() {
        String results = config.getString(CommonConfigs.RESULTS_TOPIC);
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            Topics.ensure(admin, config.getInt(CommonConfigs.PARTITIONS), results, deadLetters.topic());
            claim = GroupMembers.claim(admin, config.getString(CommonConfigs.GROUP), config.instanceId(), "saver", "--instance (saver.instance)");
        }
        clients.producer().partitionsFor(deadLetters.topic());
    }

    /** The saver's Kafka clients, built from the configuration. */
    private record SaverClients(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, int maxPollRecords) {
        static SaverClients create(SaverConfig config) {
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(config));
            try {
                return new SaverClients(new KafkaConsumer<>(KafkaSettings.consumer(config)), producer, KafkaSettings.maxPollRecords(config));
            } catch (RuntimeException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
        }
    }
}
