package io.hashpipe.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Limits;
import io.hashpipe.dbapi.StoredResult;
import io.hashpipe.producer.TaskProducer;
import io.hashpipe.producer.TaskProducerConfig;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code producer --from FILE} lines at the default {@code record.max.bytes} (64 KiB), through the whole
 * pipeline: a task of exactly the limit is sent, hashed and stored; one byte more is a bad line, reported with
 * its number and both sizes, and the lines after it go on. Nothing of the bad line reaches Kafka.
 */
@ExtendWith(KafkaFixture.class)
class ProducerLineLimitTest {

    @Test
    void aLineOfExactlyTheRecordLimitIsStoredAndOneByteMoreIsReportedWhileTheRestGoOn(KafkaCluster kafka) throws Exception {
        int limit = Limits.DEFAULT_RECORD_MAX_BYTES;
        String at = task("at-the-limit", limit);
        String over = task("one-byte-over", limit + 1);
        String after = task("after", 200);
        assertEquals(limit, at.getBytes(StandardCharsets.UTF_8).length);
        try (Pipeline pipeline = Pipeline.start(kafka.bootstrapServers())) {
            TaskProducer.LinesReport report;
            try (TaskProducer producer = new TaskProducer(new TaskProducerConfig(Map.of(CommonConfigs.BOOTSTRAP_SERVERS,
                    kafka.bootstrapServers(), CommonConfigs.TASKS_TOPIC, pipeline.tasks, TaskProducerConfig.ID_FIELD, "id")),
                    new SimpleMeterRegistry(), new StringReader(at + "\n" + over + "\n" + after + "\n"))) {
                producer.produce();
                report = producer.linesReport();
            }
            assertEquals(2, report.sent());
            assertEquals(1, report.skipped());
            assertEquals(List.of("line 2: the task is " + (limit + 1) + " bytes: at most " + limit + " (record.max.bytes)"),
                    report.firstProblems());

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> pipeline.failure() != null || pipeline.dbApi.store().count() >= 2);
            assertNull(pipeline.failure(), "no stage stopped");
            Map<String, StoredResult> stored = new HashMap<>();
            pipeline.dbApi.store().forEach(row -> stored.put(row.id(), row));
            assertEquals(List.of("after", "at-the-limit"), stored.keySet().stream().sorted().toList());
            assertTrue(BCrypt.checkpw("pw-at-the-limit", stored.get("at-the-limit").hash()), "the task at the limit is hashed as sent");
            assertEquals(0, TopicReader.readAll(kafka.bootstrapServers(), pipeline.tasksDeadLetters(), Pipeline.PARTITIONS).size(),
                    "the bad line never reached the tasks topic, so it is no dead letter");
        }
    }

    /** A bcrypt task of exactly {@code bytes} bytes as one compact JSON line, padded by a field the hasher ignores. */
    private static String task(String id, int bytes) {
        String open = "{\"id\":\"" + id + "\",\"password\":\"pw-" + id + "\",\"difficulty\":4,\"pad\":\"";
        return open + "x".repeat(bytes - open.length() - 2) + "\"}";
    }
}
