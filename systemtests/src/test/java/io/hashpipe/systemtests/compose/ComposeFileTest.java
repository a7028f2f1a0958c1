package io.hashpipe.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.cli.EnvDefaults;
import io.hashpipe.launcher.Main;
import io.hashpipe.testkit.KafkaFixture;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * docker-compose.yml and the Prometheus and Grafana files beside it, checked against the launcher without
 * Docker: each service runs a real command whose options parse, sets only environment variables that
 * command reads, scales without clashing, waits for healthy dependencies, and is scraped by Prometheus.
 */
class ComposeFileTest {

    /** Services meant for {@code --scale}: several replicas on one host must not clash. */
    private static final List<String> SCALABLE = List.of("hasher", "saver");

    private static ComposeFile compose;

    @BeforeAll
    static void load() throws IOException {
        compose = ComposeFile.load();
    }

    @Test
    void composeRunsEveryServiceOfThePipeline() {
        assertEquals(List.of("dbapi", "hasher", "saver", "producer", "exporter"), compose.hashpipeServices());
        assertTrue(compose.names().containsAll(List.of("kafka", "postgres", "prometheus", "grafana")), compose.names()::toString);
    }

    @Test
    void everyServiceRunsARealCommandWhoseOptionsParseWithItsEnvironment() {
        for (String service : compose.hashpipeServices()) {
            List<String> args = compose.arguments(service);
            CommandLine cli = Main.commandLine(compose.environment(service));
            ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
            assertTrue(parsed.hasSubcommand(), () -> service + " runs a hashpipe command: " + args);
            assertEquals(service, parsed.subcommand().commandSpec().name(), service + "'s command");
        }
    }

    @Test
    void everyHashpipeVariableAServiceSetsIsOneItsCommandReads() {
        for (String service : compose.hashpipeServices()) {
            String command = compose.arguments(service).get(0);
            Set<String> read = envNames(command);
            Set<String> set = compose.environment(service).keySet().stream()
                    .filter(name -> name.startsWith("HASHPIPE_")).collect(Collectors.toCollection(TreeSet::new));
            set.removeAll(read);
            assertTrue(set.isEmpty(), () -> service + " sets variables '" + command + "' does not read: " + set + "; it reads " + read);
        }
    }

    @Test
    void scalableServicesHaveNoFixedNameHostPortOrTransactionalId() {
        for (String service : SCALABLE) {
            Map<String, Object> spec = compose.service(service);
            assertFalse(spec.containsKey("container_name"), service + " has a container_name: replicas would clash");
            assertFalse(spec.containsKey("ports"), service + " publishes host ports: replicas would clash");
            Map<String, String> env = compose.environment(service);
            assertFalse(env.containsKey("HASHPIPE_TRANSACTIONAL_ID") || env.containsKey("HASHPIPE_INSTANCE"),
                    service + " fixes its transactional id: replicas would fence each other");
        }
    }

    @Test
    void everyServiceServesItsManagementPortAndPrometheusScrapesIt() throws IOException {
        Map<String, Object> prometheus = ComposeFile.yaml("deploy/prometheus/prometheus.yml");
        for (String service : compose.hashpipeServices()) {
            String port = compose.environment(service).get("HASHPIPE_MANAGEMENT_PORT");
            assertNotNull(port, service + " sets HASHPIPE_MANAGEMENT_PORT");
            assertTrue(Integer.parseInt(port) > 0, service + "'s management port is on");
            assertTrue(scrapes(prometheus, service, Integer.parseInt(port)),
                    () -> "Prometheus scrapes " + service + ":" + port + " (dns_sd_configs or static_configs)");
        }
    }

    @Test
    void longRunningServicesHaveHealthchecksOnTheirManagementPortAndRestartPolicies() {
        for (String service : List.of("dbapi", "hasher", "saver", "exporter")) {
            String port = compose.environment(service).get("HASHPIPE_MANAGEMENT_PORT");
            Object test = ((Map<?, ?>) compose.service(service).get("healthcheck")).get("test");
            assertTrue(test.toString().contains(":" + port + "/health/ready"), () -> service + " healthcheck asks /health/ready: " + test);
            assertEquals("unless-stopped", compose.service(service).get("restart"), service + " restarts");
        }
        for (String service : List.of("kafka", "postgres", "prometheus")) {
            assertTrue(compose.service(service).containsKey("healthcheck"), service + " has a healthcheck");
        }
        assertEquals("no", compose.service("producer").get("restart"), "the one-shot producer is not restarted");
        assertEquals(List.of("producer"), compose.service("producer").get("profiles"), "`up` does not start the producer");
    }

    @Test
    void servicesWaitForTheirDependenciesToBeHealthy() {
        for (String service : compose.names()) {
            Object dependsOn = compose.service(service).get("depends_on");
            if (dependsOn == null) {
                continue;
            }
            assertTrue(dependsOn instanceof Map<?, ?>, service + " depends_on with conditions");
            ((Map<?, ?>) dependsOn).forEach((dependency, condition) -> assertEquals("service_healthy",
                    ((Map<?, ?>) condition).get("condition"), service + " waits for " + dependency));
        }
    }

    @Test
    void kafkaRunsTheReleaseOfTheClientsAndOfTheTestBroker() throws IOException {
        Properties clients = new Properties();
        try (InputStream in = Admin.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            clients.load(in); // what kafka-clients reports as its version
        }
        String release = clients.getProperty("version");
        assertEquals("apache/kafka:" + release, compose.service("kafka").get("image"), "compose's broker is the clients' release");
        assertEquals(KafkaFixture.IMAGE, compose.service("kafka").get("image"), "the tests' Testcontainers broker is compose's");
    }

    @Test
    void kafkaHasOneReplicaInternalTopicsAndAHostListener() {
        Map<String, String> env = compose.environment("kafka");
        for (String key : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
            assertEquals("1", env.get(key), key);
        }
        assertTrue(env.get("KAFKA_ADVERTISED_LISTENERS").contains("localhost:9092"), "clients on the host reach localhost:9092");
        assertTrue(compose.environment("hasher").get("HASHPIPE_BOOTSTRAP_SERVERS").startsWith("kafka:"), "containers use the internal listener");
    }

    /** The environment variables {@code command} reads: two per long option, the command's own and the shared one (EnvDefaults). */
    private static Set<String> envNames(String command) {
        CommandLine sub = Main.commandLine(Map.of()).getSubcommands().get(command);
        assertNotNull(sub, "no command " + command);
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : sub.getCommandSpec().options()) {
            String flag = option.longestName();
            if (!flag.equals("--help") && !flag.equals("--version")) {
                String bare = flag.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
                names.add("HASHPIPE_" + bare);
                names.add("HASHPIPE_" + command.replace('-', '_').toUpperCase(Locale.ROOT) + "_" + bare);
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static boolean scrapes(Map<String, Object> prometheus, String service, int port) {
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            for (Map<String, Object> dns : (List<Map<String, Object>>) job.getOrDefault("dns_sd_configs", List.of())) {
                if (((List<?>) dns.get("names")).contains(service) && Integer.valueOf(port).equals(dns.get("port"))) {
                    return true;
                }
            }
            for (Map<String, Object> targets : (List<Map<String, Object>>) job.getOrDefault("static_configs", List.of())) {
                if (((List<?>) targets.get("targets")).contains(service + ":" + port)) {
                    return true;
                }
            }
        }
        return false;
    }
}
