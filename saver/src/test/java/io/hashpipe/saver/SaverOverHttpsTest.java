package io.hashpipe.saver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.hashpipe.common.Topics;
import io.hashpipe.saver.internals.ApiCircuit;
import io.hashpipe.saver.testing.LogCapture;
import io.hashpipe.saver.testing.OtherApi;
import io.hashpipe.saver.testing.RunningSaver;
import io.hashpipe.saver.testing.SaverProps;
import io.hashpipe.saver.testing.TestTopics;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saver over {@code https://} against the JDK's HTTPS server with a self-signed certificate made by the
 * JDK's {@code keytool}: trusted through {@code --db-truststore}, every result is stored once; not trusted,
 * it is a misconfiguration that names the flag, and nothing is dead-lettered.
 */
@ExtendWith(KafkaFixture.class)
class SaverOverHttpsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "changeit";

    private static String bootstrap;
    private static TestTopics topics;
    @TempDir
    static Path dir;
    private static SSLContext serverTls;
    private static Path trustStore;

    private final String topic = "results-" + UUID.randomUUID();
    private final String group = "saver-" + UUID.randomUUID();

    @BeforeAll
    static void brokerAndCertificate(KafkaCluster kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        topics = new TestTopics(bootstrap);
        Path keyStore = dir.resolve("api.p12");
        Path certificate = dir.resolve("api.crt");
        trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "api", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "api", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "api", "-file", certificate.toString(), "-keystore", trustStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
    }

    @AfterAll
    static void closeTopics() {
        topics.close();
    }

    @Test
    void aCertificateTrustedThroughTheTrustStoreCarriesEveryResultOnce() throws Exception {
        topics.create(topic, 3);
        List<String> ids = topics.produceResults(topic, "tls", 100);
        try (OtherApi api = OtherApi.overTls(serverTls, 201, "");
             RunningSaver saver = RunningSaver.start(props(api.url() + "/hashes", Map.of(
                     SaverConfig.DB_TRUSTSTORE, trustStore.toString(), SaverConfig.DB_TRUSTSTORE_PASSWORD, PASSWORD)))) {
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            // Each result once, unless its answer came later than the request timeout (a loaded machine's TLS handshakes)
            // or its connection failed first: then it is sent again under the same Idempotency-Key, what the key is for.
            List<String> keys = api.received().stream().map(OtherApi.Received::idempotencyKey).toList();
            assertEquals(ids.stream().sorted().toList(), keys.stream().distinct().sorted().toList(), "every result, each under its own key");
            assertEquals(keys.size(), api.requests());
            double unknownOutcomes = saver.count(SaverMeters.REQUESTS, "status", "timeout") + saver.count(SaverMeters.REQUESTS, "status", "error");
            assertTrue(api.requests() - ids.size() <= unknownOutcomes,
                    () -> (api.requests() - ids.size()) + " requests more than results, and " + unknownOutcomes + " timed out or failed");
        }
    }

    @Test
    void anUntrustedCertificateIsAMisconfigurationThatNamesTheTrustStoreFlag() throws Exception {
        topics.create(topic, 3);
        topics.produceResults(topic, "untrusted", 20);
        try (LogCapture errors = LogCapture.of(ApiCircuit.class, Level.ERROR);
             OtherApi api = OtherApi.overTls(serverTls, 201, "");
             RunningSaver saver = RunningSaver.start(props(api.url() + "/hashes", Map.of()))) {
            await().atMost(WAIT).until(() -> saver.gauge(SaverMeters.API_STATE) == ApiCircuit.State.MISCONFIGURED.code());
            await().atMost(WAIT).until(() -> errors.lines().stream().anyMatch(l -> l.contains("--db-truststore")));
            assertEquals(0, api.received().size());
            assertEquals(0.0, saver.count(SaverMeters.DEAD_LETTERS));
        }
        assertTrue(topics.readAll(Topics.deadLetters(topic)).isEmpty());
    }

    private Map<String, Object> props(String url, Map<String, String> overrides) {
        Map<String, Object> props = SaverProps.of(bootstrap, topic, group, 3, url);
        props.put(SaverConfig.MAX_IN_FLIGHT, "8");
        props.putAll(overrides);
        return props;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool " + String.join(" ", args) + ": " + output);
    }
}
