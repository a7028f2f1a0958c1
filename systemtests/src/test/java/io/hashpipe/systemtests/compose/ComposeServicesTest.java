package io.hashpipe.systemtests.compose;

import static io.hashpipe.testkit.PrometheusNames.counter;
import static io.hashpipe.testkit.PrometheusNames.gauge;
import static io.hashpipe.testkit.PrometheusNames.timerBuckets;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hashpipe.common.KafkaClientMeters;
import io.hashpipe.dbapi.DbApiMeters;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.operations.ExporterMeters;
import io.hashpipe.producer.ProducerMeters;
import io.hashpipe.saver.SaverMeters;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.hashpipe.testkit.PostgresDatabase;
import io.hashpipe.testkit.PostgresFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each hashpipe service of docker-compose.yml started as compose starts it (its command line and its
 * environment variables; the addresses pointed at the test's Kafka broker and PostgreSQL, the ports at
 * free ones, the topics and groups made unique), then checked over HTTP the way Prometheus and the
 * healthchecks see it: {@code /health} ready, {@code /metrics} with the service's meters, JVM meters and
 * Kafka client meters, each series once, and every metric the Grafana dashboard queries present in a real
 * scrape with the labels the queries use. With the hasher and the saver stopped, the exporter still reports
 * their groups' lag, grown by the tasks produced since.
 */
@ExtendWith({KafkaFixture.class, PostgresFixture.class})
class ComposeServicesTest {

    private static final int TASKS = 30;
    /** The consumers' per-partition lag, which Micrometer binds at its first refresh after the first fetch. */
    private static final String LAG = "kafka_consumer_fetch_manager_records_lag";
    /** Records the consumers fetched, per topic. */
    private static final String CONSUMED = "kafka_consumer_fetch_manager_records_consumed_total";
    /** The exporter's lag per group and partition, as the brokers see it. */
    private static final String GROUP_LAG = gauge(ExporterMeters.GROUP_LAG);
    /** Tasks produced while the hasher and the saver are down. */
    private static final int MORE = 20;

    @Test
    void everyServiceServesHealthAndMetricsAndTheDashboardQueriesOnlyExportedMetrics(
            KafkaCluster kafka, PostgresDatabase db) throws Exception {
        ComposeFile compose = ComposeFile.load();
        Path logs = Files.createDirectories(Path.of("target", "compose-services"));
        String unique = UUID.randomUUID().toString().substring(0, 8);
        int dbApiPort = freePort();
        Map<String, String> overrides = Map.of(
                "HASHPIPE_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "HASHPIPE_JDBC_URL", db.jdbcUrl(),
                "HASHPIPE_PORT", Integer.toString(dbApiPort),
                "HASHPIPE_DB_URL", "http://127.0.0.1:" + dbApiPort);
        Map<String, String> hasherGroup = Map.of("group", unique + "-hasher");
        Map<String, String> saverGroup = Map.of("group", unique + "-saver");
        Map<String, Scrape> scrapes = new LinkedHashMap<>();
        List<ServiceProcess> started = new ArrayList<>();
        try {
            for (String service : List.of("dbapi", "hasher", "saver", "exporter")) {
                started.add(start(compose, service, List.of(), overrides, unique, logs));
            }
            started.forEach(ComposeServicesTest::awaitReady);
            ServiceProcess hasher = started.get(1);
            ServiceProcess saver = started.get(2);
            ServiceProcess exporter = started.get(3);
            // The producer is a one-shot job: paced so that it is scraped while it runs.
            ServiceProcess producer = start(compose, "producer",
                    List.of("--tasks", Integer.toString(TASKS), "--difficulty", "4", "--rate", "10"), overrides, unique, logs);
            started.add(producer);
            awaitReady(producer);
            await().atMost(Duration.ofSeconds(30)).until(() -> scrape(producer).sum(counter(ProducerMeters.TASKS_SENT, ProducerMeters.TASKS_SENT_UNIT), Map.of()) > 0
                    && scrape(producer).names().contains("kafka_producer_record_send_total"));
            scrapes.put("producer", scrape(producer));

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> stored(saver) >= TASKS || !saver.alive());
            assertEquals(TASKS, stored(saver), saver::output);
            for (ServiceProcess process : started.subList(0, 4)) {
                assertHealthy(process);
            }
            scrapes.put("dbapi", scrape(started.get(0)));
            scrapes.put("hasher", scrapeShowing(hasher, LAG));
            scrapes.put("saver", scrapeShowing(saver, LAG));
            assertEquals(TASKS, scrapes.get("hasher").sum(CONSUMED, hasherGroup), "tasks the hasher's consumer counts");
            scrapes.put("exporter", awaitLag(exporter, hasherGroup, 0));
            awaitLag(exporter, saverGroup, 0);

            // Every consumer down: the brokers' lag is still exported, and grows with new tasks.
            hasher.close();
            saver.close();
            ServiceProcess more = start(compose, "producer", List.of("--tasks", Integer.toString(MORE), "--difficulty", "4"),
                    overrides, unique, logs);
            started.add(more);
            await().atMost(Duration.ofSeconds(60)).until(() -> !more.alive());
            assertEquals(0, more.exitCode(), more::output);
            awaitLag(exporter, hasherGroup, MORE);
            awaitLag(exporter, saverGroup, 0);
            assertHealthy(exporter);
        } finally {
            for (ServiceProcess process : started) {
                process.close();
            }
        }

        assertExports(scrapes, "dbapi", counter(DbApiMeters.ROWS_STORED), timerBuckets(DbApiMeters.REQUEST_DURATION),
                "jvm_memory_used_bytes", "process_cpu_usage");
        assertExports(scrapes, "hasher", counter(HasherMeters.HASHES), timerBuckets(HasherMeters.HASH_DURATION),
                LAG, "kafka_producer_txn_commit_time_ns_total", "jvm_gc_pause_seconds_count");
        assertExports(scrapes, "saver", counter(SaverMeters.STORED), gauge(SaverMeters.IN_FLIGHT), gauge(SaverMeters.LIMIT),
                LAG, "jvm_threads_live_threads");
        assertExports(scrapes, "producer", counter(ProducerMeters.TASKS_SENT, ProducerMeters.TASKS_SENT_UNIT), "kafka_producer_record_send_total");
        assertExports(scrapes, "exporter", GROUP_LAG, "jvm_memory_used_bytes");
        assertTrue(scrapes.get("hasher").text().contains("group=\"" + unique + "-hasher\""), "consumers' meters carry their group");
        scrapes.forEach((service, scrape) -> assertEquals(List.of(), scrape.topicTwins(), service + " exports each series once"));
        assertDashboardQueriesMatch(scrapes.values());
    }

    /** Every metric the dashboard reads is exported, with the labels its queries group by and match on. */
    private static void assertDashboardQueriesMatch(Collection<Scrape> scrapes) throws IOException {
        for (String query : Dashboard.load().queries()) {
            for (String metric : Dashboard.metricNames(query)) {
                Set<String> labels = new TreeSet<>();
                scrapes.forEach(scrape -> labels.addAll(scrape.labelNames(metric)));
                assertFalse(labels.isEmpty(), () -> "the dashboard queries " + metric + ", which no service exports: " + query);
                Set<String> grouping = Dashboard.groupingLabels(query);
                assertTrue(labels.containsAll(grouping), () -> query + " groups " + metric + " by " + grouping + "; it has " + labels);
                Map<String, String> matchers = Dashboard.matchers(query, metric);
                assertTrue(scrapes.stream().anyMatch(scrape -> scrape.samples().stream().anyMatch(
                        s -> s.name().equals(metric) && s.labels().entrySet().containsAll(matchers.entrySet()))),
                        () -> query + ": no series of " + metric + " has " + matchers);
            }
        }
    }

    /** The exporter's scrape once the lag of {@code group} (summed over its partitions) is {@code lag}. */
    private static Scrape awaitLag(ServiceProcess exporter, Map<String, String> group, double lag) {
        try {
            return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> scrape(exporter), scrape -> scrape.samples().stream().anyMatch(
                            s -> s.name().equals(GROUP_LAG) && s.labels().entrySet().containsAll(group.entrySet()))
                            && scrape.sum(GROUP_LAG, group) == lag);
        } catch (ConditionTimeoutException e) {
            Scrape last = scrape(exporter);
            return fail("the exporter's lag of " + group + " is not " + lag + ": "
                    + last.samples().stream().filter(s -> s.name().equals(GROUP_LAG)).toList() + "\n" + exporter.output(), e);
        }
    }

    private static double stored(ServiceProcess saver) {
        return scrape(saver).sum(counter(SaverMeters.STORED), Map.of("outcome", "stored"));
    }

    private static ServiceProcess start(ComposeFile compose, String service, List<String> extraArgs,
                                        Map<String, String> overrides, String unique, Path logs) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(compose.environment(service));
        overrides.forEach((key, value) -> env.computeIfPresent(key, (k, v) -> value));
        env.computeIfPresent("HASHPIPE_MANAGEMENT_PORT", (k, v) -> Integer.toString(freePortUnchecked()));
        env.computeIfPresent("HASHPIPE_GROUP", (k, v) -> unique + "-" + service);
        env.remove("JAVA_TOOL_OPTIONS"); // the child's heap is set on its command line
        if (service.equals("producer") || service.equals("hasher")) {
            env.put("HASHPIPE_TASKS_TOPIC", "compose-" + unique + ".tasks");
        }
        if (service.equals("hasher") || service.equals("saver")) {
            env.put("HASHPIPE_RESULTS_TOPIC", "compose-" + unique + ".hashes");
        }
        List<String> args = new ArrayList<>(compose.arguments(service));
        args.addAll(extraArgs);
        return ServiceProcess.start(service, args, env, logs);
    }

    private static void awaitReady(ServiceProcess process) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !process.alive() || ok(process.get("/health/ready")));
        } catch (ConditionTimeoutException e) {
            HttpResponse<String> health = process.get("/health");
            fail("not ready: " + (health == null ? "no answer" : health.body()) + "\nexports "
                    + scrape(process).names() + "\n" + process.output(), e);
        }
        assertTrue(process.alive(), process::output);
    }

    private static void assertHealthy(ServiceProcess process) {
        HttpResponse<String> health = process.get("/health");
        assertEquals(200, health.statusCode(), process::output);
        assertTrue(health.body().contains("\"ready\":true") && health.body().contains("\"live\":true"), health.body());
        assertEquals(200, process.get("/health/live").statusCode());
        assertEquals(404, process.get("/healthz").statusCode());
    }

    private static void assertExports(Map<String, Scrape> scrapes, String service, String... names) {
        Set<String> exported = scrapes.get(service).names();
        for (String name : names) {
            assertTrue(exported.contains(name), () -> service + " exports " + name + "; it exports " + new TreeSet<>(exported));
        }
    }

    /**
     * A scrape once it shows {@code name}, or the last one after three refresh periods: a client meter that
     * Kafka creates late (per partition, at the first fetch) is exported from the next refresh on.
     */
    private static Scrape scrapeShowing(ServiceProcess process, String name) {
        try {
            return await().atMost(KafkaClientMeters.REFRESH.multipliedBy(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> scrape(process), scrape -> scrape.names().contains(name));
        } catch (ConditionTimeoutException e) {
            return scrape(process); // assertExports then names what is missing
        }
    }

    private static Scrape scrape(ServiceProcess process) {
        HttpResponse<String> response = process.get("/metrics");
        return new Scrape(response == null || response.statusCode() != 200 ? "" : response.body());
    }

    private static boolean ok(HttpResponse<String> response) {
        return response != null && response.statusCode() == 200;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int freePortUnchecked() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
