package io.hashpipe.hasher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.api.BadInputException;
import io.hashpipe.api.Processor;
import io.hashpipe.api.Task;
import io.hashpipe.common.DeadLetters;
import io.hashpipe.common.Json;
import io.hashpipe.common.Topics;
import io.hashpipe.hasher.internals.HashWorkers;
import io.hashpipe.hasher.internals.ResultCommitter;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A processor that flags bad input, one that throws and one that runs past the time limit, in one worker stage
 * on a real broker with one worker thread: each of those tasks lands in the dead-letter topic with its reason,
 * and every other task, queued behind them on the same partition, is still processed and committed once.
 */
@ExtendWith(KafkaFixture.class)
class ProcessorOutcomesTest {

    private static Kafka kafka;

    @BeforeAll
    static void broker(KafkaCluster cluster) {
        kafka = new Kafka(cluster.bootstrapServers());
    }

    /** Does what the task's {@code kind} says. */
    static final class Outcomes implements Processor {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "outcomes";
        }

        @Override
        public String description() {
            return "ok, bad, throws or endless, as the task says";
        }

        @Override
        public Map<String, Object> process(Task task) throws Exception {
            switch (task.text("kind")) {
                case "bad" -> throw new BadInputException("UnsupportedKind", "field kind is bad");
                case "throws" -> throw new IllegalStateException("the processor broke");
                case "endless" -> {
                    while (release.getCount() > 0) { // deaf to interrupts: only the replacement thread saves the stage
                        Thread.onSpinWait();
                    }
                    return Map.of("late", true);
                }
                default -> {
                    return Map.of("upper", task.text("text").toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
    }

    @Test
    void eachFailingTaskIsADeadLetterWithItsReasonAndTheTasksBehindThemAreProcessedOnce() throws Exception {
        Kafka.Names names = Kafka.Names.random();
        kafka.createTopics(names);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (String kind : List.of("endless", "bad", "throws")) {
            records.add(new ProducerRecord<>(names.tasks(), 0, kind, Json.toBytes(Map.of("id", kind, "kind", kind))));
        }
        for (int i = 0; i < 20; i++) {
            records.add(new ProducerRecord<>(names.tasks(), 0, "ok-" + i, Json.toBytes(Map.of("id", "ok-" + i, "kind", "ok", "text", "t" + i))));
        }
        Outcomes processor = new Outcomes();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Hasher hasher = new Hasher(new HasherConfig(kafka.hasherSettings(names, Map.of(HasherConfig.THREADS, "1",
                HasherConfig.TASK_TIMEOUT_MS, "1000"))), registry, processor);
        CompletableFuture<Void> run = Kafka.stopped(hasher);
        hasher.start();
        try {
            kafka.send(records);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(registry, HasherMeters.HASHES) >= 20
                    && count(registry, HasherMeters.DEAD_LETTERS) >= 3);
        } finally {
            hasher.close();
            processor.release.countDown();
        }
        run.get();

        Map<String, String[]> dead = new HashMap<>();
        for (ConsumerRecord<String, byte[]> letter : kafka.readCommitted(Topics.deadLetters(names.tasks()), 3)) {
            dead.put(letter.key(), new String[] {DeadLetters.header(letter.headers(), DeadLetters.ERROR_CLASS),
                DeadLetters.header(letter.headers(), DeadLetters.ERROR_MESSAGE)});
        }
        assertEquals(3, dead.size(), dead.keySet().toString());
        assertEquals("UnsupportedKind", dead.get("bad")[0]);
        assertEquals("field kind is bad", dead.get("bad")[1]);
        assertEquals("IllegalStateException", dead.get("throws")[0]);
        assertTrue(dead.get("throws")[1].contains("the processor broke"), dead.get("throws")[1]);
        assertEquals(HashWorkers.TIMEOUT, dead.get("endless")[0]);
        assertTrue(dead.get("endless")[1].contains("time limit of 1000 ms"), dead.get("endless")[1]);

        List<ConsumerRecord<String, byte[]>> results = kafka.readCommitted(names.results(), 20);
        assertEquals(20, results.size(), "each other task once");
        for (ConsumerRecord<String, byte[]> result : results) {
            JsonNode json = Json.parseStrict(result.value());
            assertEquals(result.key(), json.get("id").asText());
            assertEquals("outcomes", json.get("processor").asText());
            assertEquals("T" + result.key().substring(3), json.get("upper").asText());
        }
    }

    private static double count(SimpleMeterRegistry registry, String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
