package io.hashpipe.systemtests.compose;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashpipe.testkit.KafkaFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The compose stack in containers: the image built from the repository's Dockerfile, run with
 * docker-compose.yml's commands and environment variables unchanged, beside Kafka ({@code apache/kafka},
 * reachable as {@code kafka:19092}) and PostgreSQL (as {@code postgres}), with two hasher replicas as
 * {@code --scale hasher=2} makes. N tasks in, N rows in PostgreSQL, each once.
 *
 * <p>Needs a Docker engine; skipped with a message where none answers. The first run builds the image
 * (minutes: Maven downloads the dependencies inside the build); later runs reuse Docker's layer cache.
 */
class ComposeStackContainersTest {

    private static final int TASKS = 40;

    @Test
    void composeServicesInContainersStoreEveryTaskOnce() throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine answers: the image build and the containerised stack are not tested here;"
                        + " ComposeFileTest and ComposeServicesTest cover the compose file and the services without Docker");
        ComposeFile compose = ComposeFile.load();
        String image = new ImageFromDockerfile("hashpipe-test", false).withFileFromPath(".", ComposeFile.root()).get();
        List<GenericContainer<?>> started = new ArrayList<>();
        try (Network network = Network.newNetwork();
             KafkaContainer kafka = new KafkaContainer(KafkaFixture.IMAGE).withNetwork(network)
                     .withNetworkAliases("kafka").withListener("kafka:19092");
             PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17").withNetwork(network)
                     .withNetworkAliases("postgres").withDatabaseName("hashpipe").withUsername("hashpipe").withPassword("hashpipe")) {
            kafka.start();
            postgres.start();
            GenericContainer<?> dbapi = service(compose, image, network, "dbapi").withExposedPorts(8080, 9404);
            dbapi.start();
            started.add(dbapi);
            for (String service : List.of("hasher", "hasher", "saver")) {
                GenericContainer<?> container = service(compose, image, network, service);
                container.start();
                started.add(container);
            }
            List<String> producerCommand = new ArrayList<>(compose.arguments("producer"));
            producerCommand.addAll(List.of("--tasks", Integer.toString(TASKS), "--difficulty", "4"));
            try (GenericContainer<?> producer = new GenericContainer<>(image).withNetwork(network)
                    .withEnv(compose.environment("producer"))
                    .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("java", "-jar", ComposeFile.JAR))
                    .withCommand(producerCommand.toArray(String[]::new))
                    .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
                producer.start();
            }
            String count = "http://" + dbapi.getHost() + ":" + dbapi.getMappedPort(8080) + "/count";
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> get(count).contains("\"count\":" + TASKS));
            try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), "hashpipe", "hashpipe");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id) FROM results")) {
                rs.next();
                assertEquals(TASKS, rs.getInt(1), "rows");
                assertEquals(TASKS, rs.getInt(2), "distinct ids");
            }
        } finally {
            started.forEach(GenericContainer::stop);
        }
    }

    /** A compose service's container: the image, its command and its environment as the compose file has them. */
    private static GenericContainer<?> service(ComposeFile compose, String image, Network network, String name) {
        return new GenericContainer<>(image).withNetwork(network).withNetworkAliases(name)
                .withEnv(compose.environment(name))
                .withCommand(compose.arguments(name).toArray(String[]::new))
                .withExposedPorts(9404)
                .waitingFor(Wait.forHttp("/health/ready").forPort(9404).withStartupTimeout(Duration.ofMinutes(2)));
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
