package io.hashpipe.systemtests;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Service;
import io.hashpipe.common.Topics;
import io.hashpipe.dbapi.DbApiConfig;
import io.hashpipe.dbapi.DbApiServer;
import io.hashpipe.hasher.Hasher;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The services under test in this JVM, talking only over real sockets: the database API on H2 (an admin
 * token, short connection timeouts), one hasher and one saver, on topics and groups of their own.
 */
final class Pipeline implements AutoCloseable {

    static final String ADMIN_TOKEN = "system-test-token";
    static final int READ_TIMEOUT_MS = 1_000;
    static final int IDLE_TIMEOUT_MS = 2_000;
    static final int PARTITIONS = 3;

    final String tasks;
    final String results;
    final String hasherGroup;
    final String saverGroup;
    final DbApiServer dbApi;
    private final String bootstrap;
    private final Hasher hasher;
    private final Saver saver;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Pipeline(String bootstrap) {
        this.bootstrap = bootstrap;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        tasks = "hostile-" + suffix + ".tasks";
        results = "hostile-" + suffix + ".hashes";
        hasherGroup = "hostile-hasher-" + suffix;
        saverGroup = "hostile-saver-" + suffix;
        try (Admin admin = admin()) {
            Topics.ensure(admin, PARTITIONS, tasks, results, Topics.deadLetters(tasks), Topics.deadLetters(results));
        }
        dbApi = new DbApiServer(new DbApiConfig(Map.of(
                DbApiConfig.PORT, "0",
                DbApiConfig.BIND_ADDRESS, "127.0.0.1",
                DbApiConfig.JDBC_URL, "jdbc:h2:mem:hostile-" + suffix + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                DbApiConfig.LATENCY_MS, "5",
                DbApiConfig.ADMIN_TOKEN, ADMIN_TOKEN,
                DbApiConfig.READ_TIMEOUT_MS, Integer.toString(READ_TIMEOUT_MS),
                DbApiConfig.IDLE_TIMEOUT_MS, Integer.toString(IDLE_TIMEOUT_MS))), new SimpleMeterRegistry());
        dbApi.start();
        Map<String, String> hasherProps = kafka(hasherGroup);
        hasherProps.put(HasherConfig.THREADS, "2");
        hasherProps.put(HasherConfig.TRANSACTIONAL_ID, "hostile-hasher-" + suffix);
        hasher = new Hasher(new HasherConfig(hasherProps), new SimpleMeterRegistry());
        Map<String, String> saverProps = kafka(saverGroup);
        saverProps.put(SaverConfig.DB_URL, dbApi.uri().toString());
        saverProps.put(SaverConfig.MAX_IN_FLIGHT, "20");
        saverProps.put(SaverConfig.COMMIT_INTERVAL_MS, "200");
        saver = new Saver(new SaverConfig(saverProps), new SimpleMeterRegistry());
        start(hasher);
        start(saver);
    }

    /** Creates the topics, starts the database API, the hasher and the saver. */
    static Pipeline start(String bootstrap) {
        return new Pipeline(bootstrap);
    }

    String tasksDeadLetters() {
        return Topics.deadLetters(tasks);
    }

    String resultsDeadLetters() {
        return Topics.deadLetters(results);
    }

    /** The first error that stopped a service, or null. */
    Throwable failure() {
        return failure.get();
    }

    /**
     * The records of {@code topic} that {@code group} has not committed: the last stable offsets (what a
     * read_committed reader can reach, transaction markers included) minus the committed offsets.
     */
    long lag(String group, String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata at = committed.get(tp);
                lag += ends.get(tp).offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        }
    }

    @Override
    public void close() {
        saver.close();
        hasher.close();
        dbApi.close();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private Map<String, String> kafka(String group) {
        Map<String, String> props = new HashMap<>();
        props.put(CommonConfigs.BOOTSTRAP_SERVERS, bootstrap);
        props.put(CommonConfigs.TASKS_TOPIC, tasks);
        props.put(CommonConfigs.RESULTS_TOPIC, results);
        props.put(CommonConfigs.GROUP, group);
        props.put(CommonConfigs.PARTITIONS, Integer.toString(PARTITIONS));
        return props;
    }

    /** Starts {@code service}, noting its failure if it fails. */
    private void start(Service service) {
        service.addStateListener((now, before) -> {
            if (now == Service.State.FAILED) {
                failure.compareAndSet(null, service.failure().orElseThrow());
            }
        });
        service.start();
    }
}
