package io.hashpipe.saver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Topics;
import io.hashpipe.dbapi.DbApiConfig;
import io.hashpipe.saver.testing.RealDbApi;
import io.hashpipe.saver.testing.RunningSaver;
import io.hashpipe.saver.testing.SaverProps;
import io.hashpipe.saver.testing.SaverProcess;
import io.hashpipe.saver.testing.TestTopics;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** End to end against the real database API over sockets: injected faults, capacity limits, a killed saver. */
@ExtendWith(KafkaFixture.class)
class SaverAgainstDbApiTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int PARTITIONS = 3;

    private static String bootstrap;
    private static TestTopics topics;

    private final String topic = "results-" + UUID.randomUUID();
    private final String group = "saver-" + UUID.randomUUID();

    @TempDir
    Path dir;

    @BeforeAll
    static void broker(KafkaCluster kafka) {
        bootstrap = kafka.bootstrapServers();
        topics = new TestTopics(bootstrap);
    }

    @AfterAll
    static void closeTopics() {
        topics.close();
    }

    /**
     * 10% injected 503s, 2% requests never answered, 503 bursts with Retry-After from a concurrency limit the
     * adaptive saver overshoots while it starts, and three results the API refuses with 400: every other
     * result is stored exactly once and the dead letters hold exactly the refused three.
     */
    @Test
    void underInjectedFaultsEveryResultIsStoredOnceAndOnlyRefusedOnesAreDeadLettered() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "faulty", 300);
        Set<String> refused = produceRefused("refused", 3);
        try (RealDbApi api = RealDbApi.start(dir, Map.of(DbApiConfig.LATENCY_MS, 5, DbApiConfig.ERROR_RATE, 0.1,
                DbApiConfig.TIMEOUT_RATE, 0.02, DbApiConfig.TIMEOUT_HOLD_MS, 2_000, DbApiConfig.MAX_CONCURRENCY, 8));
             RunningSaver saver = RunningSaver.start(props(api, Map.of(SaverConfig.MAX_IN_FLIGHT, "adaptive",
                     SaverConfig.REQUEST_TIMEOUT_MS, "300", SaverConfig.MAX_ATTEMPTS, "100")))) {
            await().atMost(WAIT).until(() -> api.count() == ids.size());
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            // One acknowledgement per result: stored:true, or stored:false when a write the saver timed out on had in fact
            // been stored (a loaded machine's answer later than the 300 ms timeout) and its retry found it there.
            double duplicates = saver.count(SaverMeters.STORED, "outcome", "duplicate");
            assertEquals(ids.size(), saver.count(SaverMeters.STORED, "outcome", "stored") + duplicates, 0.0, "one acknowledgement per result");
            assertTrue(duplicates <= saver.count(SaverMeters.REQUESTS, "status", "timeout"), "a duplicate only after a timeout");
            assertTrue(saver.count(SaverMeters.REQUESTS, "status", "503") > 0, "faults were injected");
            assertTrue(saver.count(SaverMeters.REQUESTS, "status", "timeout") > 0, "timeouts were injected");
            assertExactlyOnce(api, ids);
        }
        List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(Topics.deadLetters(topic));
        Set<String> deadIds = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            deadIds.add(new String(r.key(), StandardCharsets.UTF_8));
            assertEquals("400", DeadLetters.header(r.headers(), Saver.HTTP_STATUS_HEADER));
        }
        assertEquals(refused, deadIds);
        assertEquals(refused.size(), dead.size());
    }

    @Test
    void adaptiveLimitSettlesNearTheApisConcurrencyLimitWithFewRefusals() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "capped", 3_000);
        try (RealDbApi api = RealDbApi.start(dir, Map.of(DbApiConfig.LATENCY_MS, 100, DbApiConfig.MAX_CONCURRENCY, 50));
             RunningSaver saver = RunningSaver.start(props(api, Map.of(SaverConfig.MAX_IN_FLIGHT, "adaptive")))) {
            List<Integer> limits = new ArrayList<>();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                limits.add(limit(saver));
                return api.count() == ids.size();
            });
            List<Integer> settled = limits.subList(limits.size() / 2, limits.size());
            double mean = settled.stream().mapToInt(Integer::intValue).average().orElse(0);
            double requests = saver.count(SaverMeters.REQUESTS, "status", "200") + saver.count(SaverMeters.REQUESTS, "status", "503");
            double refusals = saver.count(SaverMeters.REQUESTS, "status", "503") / requests;
            assertTrue(mean >= 35 && mean <= 75, "mean limit in the second half " + mean + " from " + limits);
            assertTrue(refusals < 0.15, "503s per request " + refusals);
        }
    }

    @Test
    void adaptiveLimitRisesPastFiveHundredWhenTheApiHasNoLimit() throws Exception {
        topics.create(topic, PARTITIONS);
        // Enough results that a loaded machine's slower round trips still give the slow start time to pass 500.
        topics.produceResults(topic, "open", 20_000);
        try (RealDbApi api = RealDbApi.start(dir, Map.of(DbApiConfig.LATENCY_MS, 100));
             RunningSaver saver = RunningSaver.start(props(api, Map.of(SaverConfig.MAX_IN_FLIGHT, "adaptive")))) {
            AtomicInteger peak = new AtomicInteger();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                peak.accumulateAndGet(limit(saver), Math::max);
                return peak.get() > 500 || api.count() == 20_000;
            });
            assertTrue(peak.get() > 500, "peak limit " + peak.get());
        }
    }

    /**
     * Bulk mode against the real dbapi, whose refused items carry status 400: a bad item goes to the dead
     * letters on its first answer (no retries holding its partition back), the others of its request are
     * stored once.
     */
    @Test
    void inBulkModeARefusedItemIsDeadLetteredOnItsFirstAnswerAndTheRestOfItsRequestIsStoredOnce() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "bulk", 200);
        Set<String> refused = produceRefused("bulk-refused", 3);
        topics.produceResults(topic, "bulk-after", 100).forEach(ids::add);
        try (RealDbApi api = RealDbApi.start(dir, Map.of(DbApiConfig.LATENCY_MS, 5));
             RunningSaver saver = RunningSaver.start(props(api, Map.of(SaverConfig.BATCH_SIZE, "50", SaverConfig.BATCH_LINGER_MS, "20",
                     SaverConfig.MAX_IN_FLIGHT, "4")))) {
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertExactlyOnce(api, ids);
            assertEquals(0.0, saver.count(SaverMeters.RETRIES), "a refused item is not retried");
            assertTrue(saver.count(SaverMeters.REQUESTS, "status", "200") < 50, "results went in batches");
        }
        List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(Topics.deadLetters(topic));
        Set<String> deadIds = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            deadIds.add(new String(r.key(), StandardCharsets.UTF_8));
            assertEquals("400", DeadLetters.header(r.headers(), Saver.HTTP_STATUS_HEADER));
            assertEquals("1", DeadLetters.header(r.headers(), Saver.ATTEMPTS_HEADER));
            assertEquals("Rejected", DeadLetters.header(r.headers(), DeadLetters.ERROR_CLASS));
        }
        assertEquals(refused, deadIds);
        assertEquals(refused.size(), dead.size());
    }

    /** A saver JVM killed with SIGKILL mid-run, then another: every result stored, no row twice, offsets at the end. */
    @Test
    void aSaverKilledMidRunLosesNothingAndStoresNothingTwice() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "killed", 1_000);
        // The classic protocol with a short session: the killed member's partitions move on after 6 s, not 45 s.
        Path kafkaConfig = dir.resolve("kafka.properties");
        Files.writeString(kafkaConfig, "group.protocol=classic\nsession.timeout.ms=6000\nheartbeat.interval.ms=500\n");
        try (RealDbApi api = RealDbApi.start(dir, Map.of(DbApiConfig.LATENCY_MS, 50))) {
            Map<String, Object> props = props(api, Map.of(SaverConfig.MAX_IN_FLIGHT, "8", CommonConfigs.KAFKA_CONFIG, kafkaConfig.toString()));
            Process first = SaverProcess.start(props);
            try {
                await().atMost(WAIT).until(() -> api.count() >= 200);
            } finally {
                first.destroyForcibly(); // SIGKILL: no drain, no last commit
                first.waitFor(30, TimeUnit.SECONDS);
            }
            assertTrue(api.count() < ids.size(), "killed mid-run");
            Process second = SaverProcess.start(props);
            try {
                await().atMost(WAIT).until(() -> api.count() == ids.size());
                topics.awaitCommittedToTheEnd(group, topic, WAIT);
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
            assertExactlyOnce(api, ids);
        }
    }

    private static void assertExactlyOnce(RealDbApi api, List<String> ids) {
        List<String> rows = api.storedIds();
        assertEquals(ids.size(), rows.size(), "one row per result");
        assertEquals(Set.copyOf(ids), Set.copyOf(rows));
    }

    /** Results the API refuses with 400 (hashed after year 9999, which the saver does not check): permanent, so never retried. */
    private Set<String> produceRefused(String prefix, int count) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            Result result = new Result(id, "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS", 4,
                    Instant.parse("+10000-01-01T00:00:00Z"), 1, "test");
            topics.produceRaw(topic, id, new String(Json.toBytes(result), StandardCharsets.UTF_8));
            ids.add(id);
        }
        return ids;
    }

    private static int limit(RunningSaver saver) {
        var gauge = saver.registry().find(SaverMeters.LIMIT).gauge();
        return gauge == null ? 0 : (int) gauge.value();
    }

    private Map<String, Object> props(RealDbApi api, Map<String, String> overrides) {
        Map<String, Object> props = SaverProps.of(bootstrap, topic, group, PARTITIONS, api.url().toString());
        props.putAll(overrides);
        return props;
    }

}
