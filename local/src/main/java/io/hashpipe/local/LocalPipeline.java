package io.hashpipe.local;

import io.hashpipe.broker.EmbeddedBroker;
import io.hashpipe.broker.EmbeddedBrokerConfig;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Service;
import io.hashpipe.common.Topics;
import io.hashpipe.dbapi.DbApiConfig;
import io.hashpipe.dbapi.DbApiServer;
import io.hashpipe.hasher.Hasher;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.producer.TaskProducer;
import io.hashpipe.producer.TaskProducerConfig;
import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every long-running stage of hashpipe in this JVM, wired together: an embedded Kafka broker, the database
 * API on H2, {@code hashers} hasher instances and one saver. The caller sends the tasks ({@link #newProducer})
 * and watches the results arrive in {@link #dbApi()}'s store.
 *
 * <p>The stages are one list of {@link Service}s, started in order (broker, database API, saver, hashers) and
 * closed in the reverse order, so that every stage's downstream is still there while it finishes.
 *
 * <p>One JVM rather than child processes: start-up is a few seconds instead of one JVM start per stage,
 * Ctrl-C stops everything at once, and the stages still talk only through real sockets (Kafka protocol to
 * the broker, HTTP to the database API), exactly as separate processes would.
 */
public final class LocalPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPipeline.class);
    /** How long {@link #start} waits for the consumer groups to get their partitions. */
    private static final long READY_TIMEOUT_NANOS = 60_000_000_000L;

    /** How long each stage's close may take. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Null when the pipeline runs on an existing cluster. */
    private final EmbeddedBroker broker;
    private final String bootstrapServers;
    private final Settings settings;
    /** Null when the saver writes to an existing database API. */
    private final DbApiServer dbApi;
    /** The stages started so far, in the order they started. */
    private final List<Service> stages = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final MeterRegistry registry;

    /**
     * What to start.
     *
     * @param bootstrapServers an existing Kafka cluster; null starts an embedded broker
     * @param dataDir          where the embedded broker and the H2 database keep their files; null for a
     *                         temporary broker directory and an in-memory database
     * @param jdbcUrl          the database behind the API; null for H2 (in {@code dataDir}, or in memory)
     * @param namespace        prefix of the topics ({@code <ns>.tasks}, {@code <ns>.hashes}) and groups
     * @param hashers          hasher instances (each its own consumer and transactional producer)
     * @param threadsPerHasher worker threads of each hasher
     * @param dbLatencyMs      the database API's response latency
     * @param maxInFlight      the saver's concurrent requests
     * @param batchSize        results per saver request (1 = POST /add per result)
     * @param groupType        the hashers' group: {@link HasherConfig#GROUP_TYPE_CONSUMER} or {@link HasherConfig#GROUP_TYPE_SHARE}
     */
    public record Settings(String bootstrapServers, Path dataDir, String jdbcUrl, String namespace, int hashers,
                           int threadsPerHasher, long dbLatencyMs, int maxInFlight, int batchSize, String groupType) {

        /** With the hashers in a consumer group. */
        public Settings(String bootstrapServers, Path dataDir, String jdbcUrl, String namespace, int hashers,
                        int threadsPerHasher, long dbLatencyMs, int maxInFlight, int batchSize) {
            this(bootstrapServers, dataDir, jdbcUrl, namespace, hashers, threadsPerHasher, dbLatencyMs, maxInFlight, batchSize,
                    HasherConfig.GROUP_TYPE_CONSUMER);
        }

        /** The tasks topic. */
        public String tasksTopic() {
            return namespace + ".tasks";
        }

        /** The results topic. */
        public String resultsTopic() {
            return namespace + ".hashes";
        }
    }

    private LocalPipeline(MeterRegistry registry, Settings settings, Map<String, String> dbApiSettings, URI externalDb) {
        this.registry = registry;
        this.settings = settings;
        Path dir = settings.dataDir();
        this.broker = settings.bootstrapServers() != null ? null : new EmbeddedBroker(new EmbeddedBrokerConfig(Map.of(
                EmbeddedBrokerConfig.PORT, "0",
                EmbeddedBrokerConfig.DATA_DIR, dir == null ? "" : dir.resolve("kafka").toString())));
        if (broker != null) {
            startStage(broker);
        }
        this.bootstrapServers = broker == null ? settings.bootstrapServers() : broker.bootstrapServers();
        String h2 = dir == null
                ? "jdbc:h2:mem:hashpipe-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
                : "jdbc:h2:file:" + dir.resolve("db").resolve("hashpipe").toAbsolutePath();
        Map<String, String> db = new HashMap<>(Map.of(
                DbApiConfig.PORT, "0",
                DbApiConfig.BIND_ADDRESS, "127.0.0.1",
                DbApiConfig.JDBC_URL, settings.jdbcUrl() != null ? settings.jdbcUrl() : h2 + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                DbApiConfig.LATENCY_MS, Long.toString(settings.dbLatencyMs())));
        db.putAll(dbApiSettings);
        this.dbApi = externalDb != null ? null : new DbApiServer(new DbApiConfig(db), registry);
    }

    /** Starts the broker, the database API, the hashers and the saver; returns when all are running. */
    public static LocalPipeline start(Settings settings, MeterRegistry registry) {
        return start(settings, registry, Map.of(), null);
    }

    /**
     * Like {@link #start(Settings, MeterRegistry)}, with more database API settings (e.g. {@link
     * DbApiConfig#MAX_CONCURRENCY}), or with the saver writing to an existing database API at {@code
     * externalDb} instead of a local one (then {@link #dbApi()} is null).
     */
    public static LocalPipeline start(Settings settings, MeterRegistry registry, Map<String, String> dbApiSettings, URI externalDb) {
        return start(settings, registry, dbApiSettings, externalDb, Map.of());
    }

    /** Like {@link #start(Settings, MeterRegistry, Map, URI)}, with more hasher settings (e.g. {@link HasherConfig#PROCESSOR}). */
    public static LocalPipeline start(Settings settings, MeterRegistry registry, Map<String, String> dbApiSettings, URI externalDb,
                                      Map<String, String> hasherSettings) {
        LocalPipeline pipeline = new LocalPipeline(registry, settings, dbApiSettings, externalDb);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers))) {
            Topics.ensure(admin, Topics.DEFAULT_PARTITIONS, settings.tasksTopic(), settings.resultsTopic(),
                    Topics.deadLetters(settings.tasksTopic()), Topics.deadLetters(settings.resultsTopic()));
            if (pipeline.dbApi != null) {
                pipeline.startStage(pipeline.dbApi);
            }
            Map<String, String> props = pipeline.kafka("saver");
            // The saver's --db-url is the write endpoint; an external API here is hashpipe's dbapi at a base URL.
            props.put(SaverConfig.DB_URL, externalDb != null ? writeUrl(externalDb) : "http://127.0.0.1:" + pipeline.dbApi.port());
            props.put(SaverConfig.MAX_IN_FLIGHT, Integer.toString(settings.maxInFlight()));
            props.put(SaverConfig.BATCH_SIZE, Integer.toString(settings.batchSize()));
            pipeline.startStage(new Saver(new SaverConfig(props), registry));
            for (int i = 0; i < settings.hashers(); i++) {
                Map<String, String> hasher = pipeline.kafka("hasher");
                hasher.put(HasherConfig.THREADS, Integer.toString(settings.threadsPerHasher()));
                hasher.put(HasherConfig.INSTANCE, Integer.toString(i));
                hasher.put(HasherConfig.GROUP_TYPE, settings.groupType());
                hasher.putAll(hasherSettings);
                pipeline.startStage(new Hasher(new HasherConfig(hasher), registry));
            }
            if (HasherConfig.GROUP_TYPE_SHARE.equals(settings.groupType())) {
                pipeline.awaitShareMembers(admin, settings.namespace() + "-hasher", settings.hashers());
            } else {
                pipeline.awaitAssigned(admin, settings.namespace() + "-hasher", settings.hashers());
            }
            pipeline.awaitAssigned(admin, settings.namespace() + "-saver", 1);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /** The write URL of hashpipe's dbapi at {@code base}: {@code <base>/add}. */
    private static String writeUrl(URI base) {
        String text = base.toString();
        return (text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + DbApiContract.ADD;
    }

    /**
     * Waits until {@code members} members of {@code group} share every partition of its topic, so that the
     * clock of a run starts with every stage ready rather than with consumers still joining.
     */
    private void awaitAssigned(Admin admin, String group, int members) {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (failure.get() == null && System.nanoTime() < deadline) {
            try {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
                int assigned = description.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
                if (description.members().size() == members && assigned == Topics.DEFAULT_PARTITIONS) {
                    return;
                }
                Thread.sleep(50);
            } catch (ExecutionException e) {
                log.debug("Group {} not described yet: {}", group, e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for group " + group, e);
            }
        }
        failure().ifPresent(e -> {
            throw new IllegalStateException("A stage failed while starting: " + e, e);
        });
        log.warn("Group {} did not get its partitions within {} s; starting anyway", group, READY_TIMEOUT_NANOS / 1_000_000_000L);
    }

    /** Waits until {@code members} members have joined the share group {@code group} (each reads every partition it is given). */
    private void awaitShareMembers(Admin admin, String group, int members) {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (failure.get() == null && System.nanoTime() < deadline) {
            try {
                ShareGroupDescription description = admin.describeShareGroups(List.of(group)).describedGroups().get(group).get();
                if (description.members().size() == members
                        && description.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                Thread.sleep(50);
            } catch (ExecutionException e) {
                log.debug("Share group {} not described yet: {}", group, e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for share group " + group, e);
            }
        }
        failure().ifPresent(e -> {
            throw new IllegalStateException("A stage failed while starting: " + e, e);
        });
        log.warn("Share group {} did not get its {} members within {} s; starting anyway", group, members, READY_TIMEOUT_NANOS / 1_000_000_000L);
    }

    /** A producer of {@code tasks} tasks at cost {@code difficulty} into this pipeline. */
    public TaskProducer newProducer(int tasks, int difficulty, double rate) {
        Map<String, String> props = kafka(null);
        props.put(TaskProducerConfig.TASKS, Integer.toString(tasks));
        props.put(TaskProducerConfig.DIFFICULTY, Integer.toString(difficulty));
        props.put(TaskProducerConfig.RATE, Double.toString(rate));
        return new TaskProducer(new TaskProducerConfig(props), registry);
    }

    /**
     * A producer of one task per JSON line of {@code lines} into this pipeline ({@link TaskProducer}'s lines path:
     * bad lines skipped and counted in its {@link TaskProducer#linesReport()}).
     *
     * @param source  where the lines come from, for the producer's messages ({@code --from})
     * @param idField the field of each line holding its id; empty to generate ids
     */
    public TaskProducer newProducer(Reader lines, String source, String idField, double rate) {
        Map<String, String> props = kafka(null);
        props.put(TaskProducerConfig.FROM, source);
        props.put(TaskProducerConfig.ID_FIELD, idField);
        props.put(TaskProducerConfig.RATE, Double.toString(rate));
        return new TaskProducer(new TaskProducerConfig(props), registry, lines);
    }

    /** The tasks topic's end offset of each partition now: where the tasks sent from now on begin. */
    public Map<TopicPartition, Long> tasksEnd() {
        try (KafkaConsumer<String, byte[]> consumer = tasksReader()) {
            return consumer.endOffsets(tasksPartitions(consumer), Duration.ofSeconds(30));
        }
    }

    /**
     * The task records on the tasks topic from {@code since} ({@link #tasksEnd()}, taken before they were sent) to
     * its end now, by key: each task's id, the last record of an id winning.
     */
    public Map<String, byte[]> tasksSince(Map<TopicPartition, Long> since) {
        Map<String, byte[]> records = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = tasksReader()) {
            List<TopicPartition> partitions = tasksPartitions(consumer);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, since.getOrDefault(partition, 0L));
            }
            long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read back the tasks of " + settings.tasksTopic() + " within "
                            + READY_TIMEOUT_NANOS / 1_000_000_000L + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition())) && record.key() != null) {
                        records.put(record.key(), record.value());
                    }
                }
            }
        }
        return records;
    }

    private KafkaConsumer<String, byte[]> tasksReader() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.namespace() + "-tasks-reader");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> tasksPartitions(KafkaConsumer<String, byte[]> consumer) {
        return consumer.partitionsFor(settings.tasksTopic(), Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    /** The broker's bootstrap address. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The database API, and through it the stored results; null when the saver writes to an existing one. */
    public DbApiServer dbApi() {
        return dbApi;
    }

    /** The first error that stopped a stage, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Closes the stages in the reverse order of their start: the hashers, then the saver (each committing what it
     * finished), the database API and the broker. Idempotent.
     */
    @Override
    public void close() {
        List<Service> started;
        synchronized (stages) {
            started = new ArrayList<>(stages);
        }
        Collections.reverse(started);
        for (Service stage : started) {
            stage.close(stage instanceof Saver saver ? saver.closeTimeout() : CLOSE_TIMEOUT);
        }
    }

    /** The shared settings of a stage: cluster, topics and, for a consumer {@code stage}, its group. */
    private Map<String, String> kafka(String stage) {
        Map<String, String> props = new HashMap<>();
        props.put(CommonConfigs.BOOTSTRAP_SERVERS, bootstrapServers);
        props.put(CommonConfigs.TASKS_TOPIC, settings.tasksTopic());
        props.put(CommonConfigs.RESULTS_TOPIC, settings.resultsTopic());
        if (stage != null) {
            props.put(CommonConfigs.GROUP, settings.namespace() + "-" + stage);
        }
        return props;
    }

    /** Starts {@code stage} and adds it to the stages; its failure, if it fails, is the pipeline's {@link #failure()}. */
    private void startStage(Service stage) {
        stage.addStateListener((now, before) -> {
            if (now == Service.State.FAILED) {
                Throwable cause = stage.failure().orElseThrow();
                log.error("{} stopped: {}", stage.name(), cause.toString(), cause);
                failure.compareAndSet(null, cause);
            }
        });
        synchronized (stages) {
            stages.add(stage);
        }
        stage.start();
    }
}
