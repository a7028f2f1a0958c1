package io.hashpipe.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.hasher.HasherConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every key of {@code hashpipe run} checked by its rule, and the processor keys checked together as the hashers read them. */
class RunConfigTest {

    @Test
    void withoutValuesTheRunHasItsDocumentedDefaults() {
        RunConfig config = new RunConfig(Map.of());
        LocalPipeline.Settings settings = config.pipelineSettings(8);

        assertEquals(List.of(600, 8, 1, 8), List.of(config.tasks(), config.difficulty(), config.hashers(), config.threadsPerHasher(8)));
        assertEquals(0.0, config.rate());
        assertEquals(List.of(100L, 0L), List.of(config.dbLatencyMs(), config.timeoutSeconds()));
        assertEquals(List.of(100, 1), List.of(settings.maxInFlight(), settings.batchSize()));
        assertEquals(HasherConfig.GROUP_TYPE_CONSUMER, settings.groupType());
        assertNull(settings.dataDir(), "a temporary broker directory and an in-memory database");
        assertEquals("AUTO", config.progress());
        assertEquals("bcrypt", config.processor().name());
        assertEquals(Map.of(HasherConfig.PROCESSOR, "bcrypt", HasherConfig.PLUGIN_PATH, "", HasherConfig.PROCESSOR_SETTING, ""),
                config.hasherSettings());
    }

    @Test
    void theCoresAreSharedAmongTheHashersUnlessThreadsAreGiven() {
        assertEquals(4, new RunConfig(Map.of(RunConfig.HASHERS, "2")).threadsPerHasher(8));
        assertEquals(1, new RunConfig(Map.of(RunConfig.HASHERS, "3")).threadsPerHasher(2), "at least one each");
        assertEquals(3, new RunConfig(Map.of(RunConfig.HASHERS, "2", RunConfig.THREADS, "3")).threadsPerHasher(8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run.tasks          | 0         | must be at least 1",
        "run.tasks          | many      | Not a number of type INT",
        "run.difficulty     | 3         | must be between 4 and 20, the hashers' max.difficulty",
        "run.difficulty     | 21        | must be between 4 and 20, the hashers' max.difficulty",
        "run.rate           | -1        | must be at least 0",
        "run.hashers        | 0         | must be at least 1",
        "run.threads        | -1        | must be at least 0",
        "run.group.type     | classic   | must be consumer or share",
        "run.db.latency.ms  | -1        | must be at least 0",
        "run.max.in.flight  | 0         | must be at least 1",
        "run.batch.size     | 0         | must be at least 1",
        "run.timeout.s      | -1        | must be at least 0",
        "run.progress       | sometimes | String must be one of (case insensitive): AUTO, TERMINAL, LINES",
    })
    void aBadValueFailsNamingItsKeyAndTheRule(String key, String value, String rule) {
        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig(Map.of(key, value)));
        assertTrue(e.getMessage().startsWith("Invalid value "), e::getMessage);
        assertTrue(e.getMessage().contains(" for configuration " + key + ": " + rule), e::getMessage);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run.tasks | 1", "run.difficulty | 4", "run.difficulty | 20", "run.rate | 0.5", "run.hashers | 1", "run.threads | 0",
        "run.group.type | share", "run.db.latency.ms | 0", "run.max.in.flight | 1", "run.batch.size | 1", "run.timeout.s | 0",
        "run.progress | Lines", "run.data.dir | somewhere",
    })
    void aValueWithinItsRuleIsTaken(String key, String value) {
        assertDoesNotThrow(() -> new RunConfig(Map.of(key, value)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run.processor         | no-such      | No processor named no-such (--processor",
        "run.processor         | Not_A_Name   | Invalid value Not_A_Name for configuration run.processor: Value must be a processor's name",
        "run.processor.setting | novalue      | Invalid value novalue for configuration run.processor.setting: Each setting must be key=value",
        "run.plugin.path       | /no/such/dir | The plugin directory /no/such/dir (--plugin-path",
    })
    void aBadProcessorKeyFailsNamingIt(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig(Map.of(key, value)));
        assertTrue(e.getMessage().startsWith(message), e::getMessage);
    }

    @Test
    void aSettingTheProcessorRefusesFailsWithItsReason() {
        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig(Map.of(RunConfig.PROCESSOR, "pbkdf2",
                RunConfig.PROCESSOR_SETTING, "pbkdf2.iterations=5")));
        assertTrue(e.getMessage().startsWith("processor pbkdf2 refused its settings: Invalid value 5 for processor setting"
                + " pbkdf2.iterations"), e::getMessage);
    }

    @Test
    void theProcessorKeysReachTheHashersAndTheWorkload() {
        RunConfig config = new RunConfig(Map.of(RunConfig.PROCESSOR, "pbkdf2",
                RunConfig.PROCESSOR_SETTING, "pbkdf2.iterations=2000\n other.key=1 ", RunConfig.DATA_DIR, "runs/one"));

        assertEquals("pbkdf2", config.processor().name());
        assertEquals("pbkdf2", config.hasherSettings().get(HasherConfig.PROCESSOR));
        assertEquals("pbkdf2.iterations=2000\n other.key=1", config.hasherSettings().get(HasherConfig.PROCESSOR_SETTING), "trimmed as a whole");
        assertEquals(new RunWorkload("pbkdf2", 8, List.of("pbkdf2.iterations=2000", "other.key=1")), config.workload());
        assertEquals(Path.of("runs/one"), config.pipelineSettings(2).dataDir());
    }
}
