package io.hashpipe.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Result;
import io.hashpipe.common.Topics;
import io.hashpipe.hasher.Hasher;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.operations.DeadLetterView;
import io.hashpipe.saver.Saver;
import io.hashpipe.saver.SaverConfig;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code hashpipe dead-letters list} and {@code redrive} on a real broker, for both dead-letter topics, with
 * the dead letters written by the real stages: a result the API refused (the saver's) and a task the hasher
 * could not take. Each dead letter is listed with its reasons, sent back once with its original headers and a
 * redrive count, and a second redrive sends nothing.
 */
@ExtendWith(KafkaFixture.class)
class DeadLettersCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HASH = "$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS";

    private static String bootstrap;
    private final String unique = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void broker(KafkaCluster kafka) {
        bootstrap = kafka.bootstrapServers();
    }

    /** The saver's dead letter: refused by the API (400), listed with its status, redriven once the API takes it, stored. */
    @Test
    void aResultTheApiRefusedIsListedRedrivenOnceAndThenStored() throws Exception {
        String results = "results-" + unique;
        String dlq = Topics.deadLetters(results);
        Set<String> refuse = ConcurrentHashMap.newKeySet();
        refuse.add("refused-1");
        Map<String, Integer> stored = new ConcurrentHashMap<>();
        HttpServer api = api(refuse, stored);
        try {
            ensure(results, dlq);
            produce(results, "good-1", Json.toBytes(new Result("good-1", HASH, 4, Instant.now(), 1, "t")), "trace", "t-1");
            produce(results, "refused-1", Json.toBytes(new Result("refused-1", HASH, 4, Instant.now(), 1, "t")), "trace", "t-2");
            Map<String, Object> props = saverProps(results, api);
            try (Saver saver = new Saver(new SaverConfig(props), new SimpleMeterRegistry())) {
                saver.start();
                await().atMost(WAIT).until(() -> stored.containsKey("good-1") && read(dlq).size() == 1);
                saver.close();
            }
            CliRun list = CliRun.execute("dead-letters", "list", "--topic", dlq, "--bootstrap-servers", bootstrap);
            assertEquals(0, list.exitCode(), list.err());
            assertTrue(list.out().contains("key=refused-1") && list.out().contains("class=Rejected") && list.out().contains("saver.http.status=400")
                    && list.out().contains("from=" + results + "/") && list.out().contains("redrives=0"), list.out());
            assertTrue(list.out().contains(dlq + ": 1 dead letter(s); by class {Rejected=1}"), list.out());

            refuse.clear(); // the cause is fixed
            CliRun redrive = CliRun.execute("dead-letters", "redrive", "--from", dlq, "--bootstrap-servers", bootstrap);
            assertEquals(0, redrive.exitCode(), redrive.err());
            assertTrue(redrive.out().contains("sent 1 record(s) from " + dlq + " back to " + results), redrive.out());
            List<ConsumerRecord<byte[], byte[]>> all = read(results);
            assertEquals(3, all.size(), "the two results and the one sent back");
            ConsumerRecord<byte[], byte[]> back = all.stream().filter(r -> r.headers().lastHeader(DeadLetterView.REDRIVE_COUNT) != null)
                    .findFirst().orElseThrow();
            assertEquals("refused-1", new String(back.key(), StandardCharsets.UTF_8));
            assertEquals("t-2", DeadLetters.header(back.headers(), "trace"), "the original headers");
            assertEquals("1", DeadLetters.header(back.headers(), DeadLetterView.REDRIVE_COUNT));
            assertEquals(null, DeadLetters.header(back.headers(), DeadLetters.ERROR_CLASS), "no dead-letter bookkeeping");
            try (Saver saver = new Saver(new SaverConfig(props), new SimpleMeterRegistry())) {
                saver.start();
                await().atMost(WAIT).until(() -> stored.containsKey("refused-1"));
                saver.close();
            }
            CliRun again = CliRun.execute("dead-letters", "redrive", "--from", dlq, "--bootstrap-servers", bootstrap);
            assertTrue(again.out().contains("sent 0 record(s)"), again.out() + again.err());
            assertTrue(CliRun.execute("dead-letters", "list", "--topic", dlq, "--bootstrap-servers", bootstrap).out().contains("(redriven)"));
            assertEquals(1, read(dlq).size(), "stored once redriven: no new dead letter");
        } finally {
            api.stop(0);
        }
    }

    /** The hasher's dead letter: a task it cannot take, redriven, dead-lettered again with the count, listed as JSON. */
    @Test
    void aTaskTheHasherRefusedIsRedrivenToTheTasksTopicWithItsCount() throws Exception {
        String tasks = "tasks-" + unique;
        String dlq = Topics.deadLetters(tasks);
        ensure(tasks, dlq, "results-" + unique);
        produce(tasks, "too-costly", "{\"id\":\"too-costly\",\"password\":\"abcdefghij\",\"difficulty\":99}".getBytes(StandardCharsets.UTF_8),
                "trace", "t-9");
        Map<String, String> props = new HashMap<>();
        props.put(CommonConfigs.BOOTSTRAP_SERVERS, bootstrap);
        props.put(CommonConfigs.TASKS_TOPIC, tasks);
        props.put(CommonConfigs.RESULTS_TOPIC, "results-" + unique);
        props.put(CommonConfigs.GROUP, "hasher-" + unique);
        props.put(HasherConfig.THREADS, "1");
        props.put(HasherConfig.INSTANCE, Integer.toString(ThreadLocalRandom.current().nextInt(1000, 1_000_000)));
        try (Hasher hasher = new Hasher(new HasherConfig(props), new SimpleMeterRegistry())) {
            hasher.start();
            await().atMost(WAIT).until(() -> read(dlq).size() == 1);
            CliRun redrive = CliRun.execute("dead-letters", "redrive", "--from", dlq, "--to", tasks, "--bootstrap-servers", bootstrap);
            assertEquals(0, redrive.exitCode(), redrive.err());
            await().atMost(WAIT).until(() -> read(dlq).size() == 2); // the cause is not fixed: dead-lettered again
            hasher.close();
        }
        ConsumerRecord<byte[], byte[]> second = read(dlq).get(1);
        assertEquals("1", DeadLetters.header(second.headers(), DeadLetterView.REDRIVE_COUNT), "the count travels with the record");
        assertEquals("t-9", DeadLetters.header(second.headers(), "trace"));
        CliRun list = CliRun.execute("dead-letters", "list", "--topic", dlq, "--json", "--bootstrap-servers", bootstrap);
        assertEquals(0, list.exitCode(), list.err());
        List<String> lines = list.out().lines().toList();
        assertEquals(2, lines.size(), list.out());
        assertEquals(true, Json.mapper().readTree(lines.get(0)).get("redriven").asBoolean());
        assertEquals(1, Json.mapper().readTree(lines.get(1)).get("redrives").asInt());
        assertEquals("InvalidTask", Json.mapper().readTree(lines.get(1)).get("errorClass").asText(), lines.get(1));
    }

    /** A dead letter cut to fit its topic is not the record any more: left where it is, and said so. */
    @Test
    void aTruncatedDeadLetterIsNotSentBack() throws Exception {
        String results = "cut-" + unique;
        String dlq = Topics.deadLetters(results);
        ensure(results, dlq);
        produce(dlq, "big", "{\"id\":\"big\",\"hash\":\"$2a$04$".getBytes(StandardCharsets.UTF_8), DeadLetters.TRUNCATED,
                "value cut from 900000 to 20 bytes");
        produce(dlq, "whole", Json.toBytes(new Result("whole", HASH, 4, Instant.now(), 1, "t")), DeadLetters.ERROR_CLASS, "Rejected");
        CliRun redrive = CliRun.execute("dead-letters", "redrive", "--from", dlq, "--bootstrap-servers", bootstrap);
        assertEquals(0, redrive.exitCode(), redrive.err());
        assertTrue(redrive.out().contains("sent 1 record(s)") && redrive.out().contains("1 truncated dead letter(s) left where they are"),
                redrive.out());
        List<ConsumerRecord<byte[], byte[]>> back = read(results);
        assertEquals(List.of("whole"), back.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList());
        assertTrue(CliRun.execute("dead-letters", "list", "--topic", dlq, "--bootstrap-servers", bootstrap).out()
                .contains("truncated=value cut from 900000 to 20 bytes"));
    }

    @Test
    void aRedriveWithoutATargetOrOfAMissingTopicFailsClearly() {
        CliRun noTarget = CliRun.execute("dead-letters", "redrive", "--from", "not-a-dead-letter-topic", "--bootstrap-servers", bootstrap);
        assertEquals(Main.INVALID_OPTION, noTarget.exitCode());
        assertTrue(noTarget.err().contains("--to"), noTarget.err());
        CliRun missing = CliRun.execute("dead-letters", "list", "--topic", "no-such-" + unique, "--bootstrap-servers", bootstrap);
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("No topic no-such-" + unique), missing.err());
    }

    private static HttpServer api(Set<String> refuse, Map<String, Integer> stored) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            String id = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            exchange.getRequestBody().readAllBytes();
            int status = refuse.contains(id) ? 400 : 201;
            if (status == 201) {
                stored.merge(id, 1, Integer::sum);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private Map<String, Object> saverProps(String results, HttpServer api) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonConfigs.BOOTSTRAP_SERVERS, bootstrap);
        props.put(CommonConfigs.RESULTS_TOPIC, results);
        props.put(CommonConfigs.GROUP, "saver-" + unique);
        props.put(SaverConfig.DB_URL, "http://127.0.0.1:" + api.getAddress().getPort() + "/items");
        props.put(SaverConfig.MAX_IN_FLIGHT, "4");
        props.put(SaverConfig.COMMIT_INTERVAL_MS, "200");
        return props;
    }

    private static void ensure(String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Topics.ensure(admin, 3, names);
        }
    }

    private static void produce(String topic, String key, byte[] value, String header, String headerValue) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(header, headerValue.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), value, headers));
        }
    }

    /** Every committed record of {@code topic}, in partition and offset order. */
    private static List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }
}
