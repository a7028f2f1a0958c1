package io.hashpipe.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.api.Processor;
import io.hashpipe.api.Task;
import io.hashpipe.api.Verdict;
import io.hashpipe.common.Json;
import io.hashpipe.common.MeterReadings;
import io.hashpipe.dbapi.StoredResult;
import io.hashpipe.hasher.HasherConfig;
import io.hashpipe.hasher.HasherMeters;
import io.hashpipe.hasher.Processors;
import io.hashpipe.local.LocalPipeline;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own work, end to end: the example processor's jar (examples/sha256, built by the reactor, not on
 * this test's class path) copied into a plugin directory, the hashers loading it with --plugin-path, tasks sent
 * by {@code hashpipe producer --from} a JSON-lines file, the saver posting each output to the database API on
 * H2 over HTTP, on a real Kafka broker; every output stored once and accepted by the processor's check.
 */
@ExtendWith(KafkaFixture.class)
class PluginEndToEndTest {

    private static final int TASKS = 200;

    @Test
    void theExamplePluginRunsEveryTaskOfAFileAndEachOutputIsStoredOnceAndVerifies(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = Path.of(System.getProperty("hashpipe.example.jar", "examples/sha256/target/missing.jar"));
        assertTrue(Files.isRegularFile(jar), "the example's jar is built by the reactor before this test: " + jar);
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        assertTrue(!Processors.find(null).containsKey("sha256"), "the example is not on the class path");

        CliRun listed = CliRun.execute("processors", "--plugin-path", plugins.toString());
        assertTrue(listed.out().matches("(?s).*\\nsha256 +SHA-256 of the field text.*\\(" + java.util.regex.Pattern.quote(
                plugins.resolve(jar.getFileName()).toString()) + "\\)\\n"), listed.out());

        Map<String, Map<String, Object>> inputs = new HashMap<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < TASKS; i++) {
            String key = "doc-" + i;
            Map<String, Object> input = Map.of("key", key, "text", "text number " + i + " \u00e9", "rounds", 1 + i * 10);
            inputs.put(key, input);
            lines.append(Json.toString(input)).append('\n');
        }
        lines.append("{\"key\": \"bad\", \"text\": \"x\", \"rounds\": 0}\n"); // the processor's bad input: a dead letter
        Path file = Files.writeString(dir.resolve("tasks.jsonl"), lines, StandardCharsets.UTF_8);

        String namespace = "plugin-" + UUID.randomUUID();
        LocalPipeline.Settings settings = new LocalPipeline.Settings(kafka.bootstrapServers(), null, null, namespace, 1, 2, 20, 100, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LocalPipeline pipeline = LocalPipeline.start(settings, registry, Map.of(), null,
                Map.of(HasherConfig.PROCESSOR, "sha256", HasherConfig.PLUGIN_PATH, plugins.toString()))) {
            CliRun produced = CliRun.execute("producer", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--tasks-topic", settings.tasksTopic(), "--from", file.toString(), "--id-field", "key");
            assertEquals(0, produced.exitCode(), produced.out() + produced.err());
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> (pipeline.dbApi().store().count() >= TASKS
                            && MeterReadings.count(registry, HasherMeters.DEAD_LETTERS) >= 1) || pipeline.failure().isPresent());
            assertTrue(pipeline.failure().isEmpty(), () -> "a stage failed: " + pipeline.failure().get());

            List<StoredResult> rows = new ArrayList<>();
            pipeline.dbApi().store().forEach(rows::add);
            assertEquals(TASKS, rows.size(), "one row per good task");
            assertEquals(TASKS, rows.stream().map(StoredResult::id).distinct().count(), "no id twice");
            assertEquals(1, MeterReadings.count(registry, HasherMeters.DEAD_LETTERS), "the bad input, dead-lettered");

            Processor check = Processors.load("sha256", plugins.toString());
            for (StoredResult row : rows) {
                Map<String, Object> input = inputs.get(row.id());
                assertNotNull(input, row.id());
                assertEquals("sha256", row.processor());
                @SuppressWarnings("unchecked")
                Map<String, Object> output = Json.mapper().readValue(row.output(), Map.class);
                assertEquals(row.id(), output.get("id"));
                assertEquals(Verdict.passed(), check.check(Task.of(row.id(), input), output), row.id() + ": " + row.output());
            }
        }
    }
}
