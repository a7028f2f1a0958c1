package io.hashpipe.saver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Json;
import io.hashpipe.common.Records;
import io.hashpipe.common.Result;
import io.hashpipe.common.Service;
import io.hashpipe.common.Topics;
import io.hashpipe.saver.internals.ApiCircuit;
import io.hashpipe.saver.testing.LogCapture;
import io.hashpipe.saver.testing.OtherApi;
import io.hashpipe.saver.testing.RunningSaver;
import io.hashpipe.saver.testing.SaverProps;
import io.hashpipe.saver.testing.TestTopics;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The saver against HTTP APIs hashpipe did not write (the JDK's own server): other success answers, the bare
 * hash as body, authentication headers, and the misconfigurations and outages a user meets first. Every
 * result reaches the API exactly once (the server counts the requests), and none is dead-lettered.
 */
@ExtendWith(KafkaFixture.class)
class SaverAgainstOtherApisTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 3;
    private static final String HASH = "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS";

    private static String bootstrap;
    private static TestTopics topics;

    private final String topic = "results-" + UUID.randomUUID();
    private final String group = "saver-" + UUID.randomUUID();

    @BeforeAll
    static void broker(KafkaCluster kafka) {
        bootstrap = kafka.bootstrapServers();
        topics = new TestTopics(bootstrap);
    }

    @AfterAll
    static void closeTopics() {
        topics.close();
    }

    /** A seed-style {@code 200 {"ok":true}}, a REST {@code 201} with no body, a {@code 204}: each result once. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"200 | {\"id\":\"x\",\"ok\":true}", "201 | ''", "204 | ''"})
    void everyResultReachesAnApiOfAnotherContractExactlyOnce(int status, String body) throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "other", 300);
        try (OtherApi api = OtherApi.answering(status, body);
             RunningSaver saver = RunningSaver.start(props(api.url() + "/v1/hashes", Map.of()))) {
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertEquals(ids.size(), api.requests(), "one request per result");
            assertEquals(ids.stream().sorted().toList(), api.received().stream().map(OtherApi.Received::idempotencyKey).sorted().toList());
            assertTrue(api.received().stream().allMatch(r -> r.path().equals("/v1/hashes")));
            assertEquals(ids.size(), saver.count(SaverMeters.STORED, "outcome", "stored"), 0.0);
            assertEquals(0.0, saver.count(SaverMeters.DEAD_LETTERS));
        }
        assertTrue(topics.readAll(Topics.deadLetters(topic)).isEmpty());
    }

    /** The classic experiment's API takes the bare hash; the id travels only in the header, percent-encoded. */
    @Test
    void theBareHashBodyCarriesTheIdInTheHeaderOnly() throws Exception {
        topics.create(topic, PARTITIONS);
        String odd = "t\u00e2che 7/\u4efb\u52a1";
        topics.produceRaw(topic, odd, new String(Json.toBytes(new Result(odd, HASH, 4, Instant.now(), 1, "test")), StandardCharsets.UTF_8));
        List<String> ids = topics.produceResults(topic, "bare", 20);
        try (OtherApi api = OtherApi.answering(200, "{\"ok\":true}");
             RunningSaver saver = RunningSaver.start(props(api.url() + "/add", Map.of(SaverConfig.DB_BODY, "hash")))) {
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertEquals(ids.size() + 1, api.requests());
            assertTrue(api.received().stream().allMatch(r -> r.body().equals(HASH) && r.contentType().startsWith("text/plain")),
                    () -> api.received().toString());
            assertTrue(api.received().stream().anyMatch(r -> DbApiContract.decodeKey(r.idempotencyKey()).equals(odd)));
        }
    }

    /**
     * Another processor's result (the sha256 example's, pbkdf2's: no bcrypt hash) reaches a REST API answering
     * {@code 201} as the JSON it came as, once each, none dead-lettered; with {@code --db-body hash} too, as it
     * has no hash to send bare.
     */
    @ParameterizedTest
    @CsvSource({"sha256, json", "pbkdf2, json", "sha256, hash"})
    void anotherProcessorsResultIsPostedAsItsOwnJsonToAnApiAnswering201(String processor, String body) throws Exception {
        topics.create(topic, PARTITIONS);
        Map<String, String> sent = new HashMap<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = processor + "-" + i;
            byte[] json = Json.toBytes(Records.result(id, processor, outputOf(processor, id)));
            sent.put(id, new String(json, StandardCharsets.UTF_8));
            records.add(new ProducerRecord<>(topic, id, json));
        }
        topics.send(records);
        try (OtherApi api = OtherApi.answering(201, "");
             RunningSaver saver = RunningSaver.start(props(api.url() + "/v1/results", Map.of(SaverConfig.DB_BODY, body)))) {
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertEquals(sent.size(), api.requests(), "one request per result");
            Map<String, String> received = new HashMap<>();
            api.received().forEach(r -> received.put(DbApiContract.decodeKey(r.idempotencyKey()), r.body()));
            assertEquals(sent, received, "each result's JSON as it came, under its id");
            assertTrue(api.received().stream().allMatch(r -> r.contentType().startsWith("application/json")), () -> api.received().toString());
            assertEquals(sent.size(), saver.count(SaverMeters.STORED, "outcome", "stored"), 0.0);
            assertEquals(0.0, saver.count(SaverMeters.DEAD_LETTERS));
        }
        assertTrue(topics.readAll(Topics.deadLetters(topic)).isEmpty());
    }

    /** What the processor's output holds: the sha256 example's digest and rounds, or pbkdf2's hash, iterations and algorithm. */
    private static Map<String, Object> outputOf(String processor, String text) throws Exception {
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        return processor.equals("sha256") ? Map.of("digest", digest, "rounds", 1)
                : Map.of("hash", digest + digest.substring(0, 32), "iterations", 310_000, "algorithm", "PBKDF2WithHmacSHA256");
    }

    /** Credentials from a headers file (so they stay out of ps) are sent with every request. */
    @Test
    void headersFromAFileAuthenticateEveryRequest(@TempDir Path dir) throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "auth", 50);
        Path headers = dir.resolve("api-headers");
        Files.writeString(headers, "Authorization: Bearer s3cret-t0ken\nX-Tenant: blue\n");
        try (OtherApi api = OtherApi.answering(201, "").require("Authorization", "Bearer s3cret-t0ken").require("X-Tenant", "blue");
             RunningSaver saver = RunningSaver.start(props(api.url() + "/items", Map.of(SaverConfig.DB_HEADER_FILE, headers.toString())))) {
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertEquals(ids.size(), api.received().size());
            assertEquals(ids.size(), api.requests(), "none refused");
        }
    }

    /**
     * 401 on every request, then 404 on every request: the saver's configuration, not the records. It stops
     * sending (a probe at a time), says so naming the flag to check, reports the API unavailable, and
     * dead-letters nothing; once the API takes requests, every result is stored once.
     */
    @Test
    void refusedCredentialsOrAWrongPathOnEveryRequestDeadLetterNothingAndNameTheFlag() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "misconfigured", 100);
        try (LogCapture errors = LogCapture.of(ApiCircuit.class, Level.ERROR);
             OtherApi api = OtherApi.answering(401, "{\"message\":\"bad token\"}");
             RunningSaver saver = RunningSaver.start(props(api.url() + "/items", Map.of()))) {
            await().atMost(WAIT).until(() -> saver.gauge(SaverMeters.API_STATE) == ApiCircuit.State.MISCONFIGURED.code());
            assertFalse(saver.apiAvailable());
            await("waiting while misconfigured").atMost(WAIT).until(() -> saver.state() == Service.State.WAITING);
            await().atMost(WAIT).until(() -> errors.lines().stream().anyMatch(l -> l.contains("--db-header") && l.contains("401")));
            api.answer(404, "Not Found");
            await().atMost(WAIT).until(() -> errors.lines().stream().anyMatch(l -> l.contains("--db-url") && l.contains("404")));
            int sent = api.requests();
            // Probes, not a stream of requests: a few a second at most.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> api.requests() - sent <= 8);
            assertEquals(0.0, saver.count(SaverMeters.DEAD_LETTERS));
            assertTrue(errors.lines().size() <= 4, "once per state change, not per record: " + errors.lines());
            api.answer(201, "");
            topics.awaitCommittedToTheEnd(group, topic, WAIT);
            assertTrue(saver.apiAvailable());
            await("running again once the API takes requests").atMost(WAIT).until(() -> saver.state() == Service.State.RUNNING);
            assertEquals(ids.stream().sorted().toList(), api.received().stream().map(OtherApi.Received::idempotencyKey).sorted().toList());
        }
        assertTrue(topics.readAll(Topics.deadLetters(topic)).isEmpty());
    }

    /** Nothing listens at the saver's start: an outage. The results wait; once the API starts, each is stored once. */
    @Test
    void theApiDownAtTheStartIsWaitedFor() throws Exception {
        topics.create(topic, PARTITIONS);
        List<String> ids = topics.produceResults(topic, "late", 100);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (LogCapture warnings = LogCapture.of(ApiCircuit.class, Level.WARN);
             RunningSaver saver = RunningSaver.start(props("http://127.0.0.1:" + port + "/items", Map.of()))) {
            await().atMost(WAIT).until(() -> saver.gauge(SaverMeters.API_STATE) == ApiCircuit.State.DOWN.code());
            assertFalse(saver.apiAvailable());
            assertTrue(warnings.lines().stream().anyMatch(l -> l.contains("is failing") && l.contains(Integer.toString(port))), warnings.lines()::toString);
            try (OtherApi api = OtherApi.on(port, 200, "{\"ok\":true}")) {
                topics.awaitCommittedToTheEnd(group, topic, WAIT);
                assertEquals(ids.size(), api.requests());
                assertTrue(saver.apiAvailable());
            }
            assertEquals(0.0, saver.count(SaverMeters.DEAD_LETTERS));
        }
        assertTrue(topics.readAll(Topics.deadLetters(topic)).isEmpty());
    }

    private Map<String, Object> props(String url, Map<String, String> overrides) {
        Map<String, Object> props = SaverProps.of(bootstrap, topic, group, PARTITIONS, url);
        props.put(SaverConfig.MAX_IN_FLIGHT, "16");
        props.putAll(overrides);
        return props;
    }
}
