package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hashpipe.common.Topics;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code hashpipe status} on a real broker and a real HTTP /count: members, lag per partition, dead letters, rows. */
@ExtendWith(KafkaFixture.class)
class StatusCommandTest {

    @Test
    void showsTheMembersTheLagPerPartitionTheDeadLettersAndTheRows(KafkaCluster kafka) throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String tasks = "status-tasks-" + unique;
        String group = "status-hashers-" + unique;
        String bootstrap = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(tasks, 2, (short) 1), new NewTopic(Topics.deadLetters(tasks), 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(tasks, 0, "k" + i, "v"));
            }
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(tasks, 1, "k" + i, "v"));
            }
            producer.send(new ProducerRecord<>(Topics.deadLetters(tasks), "bad-1", "x"));
            producer.send(new ProducerRecord<>(Topics.deadLetters(tasks), "bad-2", "x"));
        }
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/count", exchange -> {
            byte[] body = "{\"count\": 4242}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try (KafkaConsumer<String, String> member = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.CLIENT_ID_CONFIG, "status-member-" + unique,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            member.subscribe(List.of(tasks));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (member.assignment().size() < 2 && System.nanoTime() < deadline) {
                member.poll(Duration.ofMillis(100));
            }
            assertEquals(2, member.assignment().size(), "the member has both partitions");
            member.commitSync(Map.of(new TopicPartition(tasks, 0), new OffsetAndMetadata(4)));

            CliRun outcome = CliRun.execute("status", "--bootstrap-server", bootstrap, "--tasks-topic", tasks, "--hasher-group", group,
                    "--results-topic", "status-results-" + unique, "--db-url", "http://127.0.0.1:" + api.getAddress().getPort() + "/add");
            assertEquals(0, outcome.exitCode(), outcome.err());
            String out = outcome.out();
            assertTrue(out.contains(tasks + " -> group " + group + " (STABLE, 1 member)") || out.contains("(Stable, 1 member)"), out);
            assertTrue(out.contains("member  status-member-" + unique + " on ") && out.contains("partitions 0,1"), out);
            // p0: 10 records, committed at 4; p1: 5 records, never committed, so counted from its start.
            assertTrue(out.contains("lag     11: p0 6, p1 5"), out);
            assertTrue(out.contains("dead letters  " + Topics.deadLetters(tasks) + ": 2"), out);
            assertTrue(out.contains("no such topic"), "the results stage has no dead-letter topic yet: " + out);
            assertTrue(out.contains("4,242 rows"), out);
        } finally {
            api.stop(0);
        }
    }

    @Test
    void aMissingBrokerFailsWithOneLineNamingTheAddressAndTheFlag() {
        long start = System.nanoTime();
        CliRun outcome = CliRun.execute("status", "--bootstrap-servers", "127.0.0.1:1", "--timeout-s", "2");
        assertEquals(1, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("127.0.0.1:1") && outcome.err().contains("--bootstrap-servers"), outcome.err());
        assertEquals(1, outcome.err().lines().count(), outcome.err());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(12).toNanos(), "gave up after --timeout-s, not Kafka's minute");
    }
}
