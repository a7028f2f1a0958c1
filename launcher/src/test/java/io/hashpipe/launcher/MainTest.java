package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The command line as a user meets it: help, flag spellings, environment variables, bad values. */
class MainTest {

    private static CliRun execute(Map<String, String> env, String... args) {
        return CliRun.execute(env, args);
    }

    @Test
    void helpListsEveryCommand() {
        CliRun outcome = execute(Map.of(), "--help");
        assertEquals(0, outcome.exitCode());
        for (String command : new String[] {"run", "broker", "dbapi", "producer", "hasher, worker", "saver", "replay", "processors"}) {
            assertTrue(outcome.out().contains("  " + command + " "), () -> command + " in\n" + outcome.out());
        }
    }

    /** The flags of DESIGN.md's table, spelled the same everywhere, each with its environment variable. */
    @ParameterizedTest
    @CsvSource({
        "broker, --port --data-dir",
        "dbapi, --port --jdbc-url --latency-ms --max-concurrency --max-rps --error-rate --timeout-rate",
        "producer, --bootstrap-servers --tasks-topic --tasks --difficulty --rate --kafka-config",
        "hasher, --bootstrap-servers --tasks-topic --results-topic --group --threads --kafka-config",
        "saver, --bootstrap-servers --results-topic --group --db-url --max-in-flight --batch-size --max-attempts",
        "run, --tasks --difficulty --rate --hashers --threads --db-latency-ms",
    })
    void everyCommandHasTheSharedFlagsWithTheirEnvironmentVariables(String command, String flags) {
        CliRun outcome = execute(Map.of(), command, "--help");
        assertEquals(0, outcome.exitCode());
        for (String flag : flags.split(" ")) {
            assertTrue(outcome.out().contains(flag + "="), () -> flag + " in\n" + outcome.out());
            String env = "HASHPIPE_" + flag.substring(2).replace('-', '_').toUpperCase();
            assertTrue(outcome.out().contains(env), () -> env + " in\n" + outcome.out());
        }
    }

    @Test
    void replaySaverHasTheSaversFlagsAndItsOwn() {
        CliRun outcome = execute(Map.of(), "replay", "saver", "--help");
        assertEquals(0, outcome.exitCode(), outcome.err());
        for (String text : new String[] {"--from-beginning", "--max-records", "--group=", "--max-in-flight=", "--batch-size=",
            "--db-url=", "HASHPIPE_DB_URL"}) {
            assertTrue(outcome.out().contains(text), () -> text + " in\n" + outcome.out());
        }
    }

    @Test
    void replaySaverRejectsABadLimitBeforeConnecting() {
        CliRun outcome = execute(Map.of(), "replay", "saver", "--max-in-flight", "lots", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("saver.max.in.flight (--max-in-flight, env HASHPIPE_REPLAY_SAVER_MAX_IN_FLIGHT or HASHPIPE_MAX_IN_FLIGHT)"), outcome.err());
    }

    @ParameterizedTest
    @CsvSource({
        "hasher, --threads, 0, hasher.threads",
        "producer, --difficulty, 32, producer.difficulty",
        "producer, --tasks, -5, producer.tasks",
        "dbapi, --latency-ms, -1, dbapi.latency.ms",
        "dbapi, --error-rate, 1.5, dbapi.error.rate",
        "saver, --max-in-flight, 0, saver.max.in.flight",
        "saver, --max-in-flight, lots, saver.max.in.flight",
        "hasher, --management-port, 70000, management.port",
        "dbapi, --management-port, -1, management.port",
    })
    void badFlagFailsNamingTheKeyTheFlagAndTheValue(String command, String flag, String value, String key) {
        CliRun outcome = execute(Map.of(), command, flag, value);
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(key), outcome.err());
        assertTrue(outcome.err().contains(flag), outcome.err());
        assertTrue(outcome.err().contains(value), outcome.err());
    }

    @Test
    void badEnvironmentVariableFailsNamingIt() {
        CliRun outcome = execute(Map.of("HASHPIPE_THREADS", "-3"), "hasher");
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("HASHPIPE_THREADS"), outcome.err());
        assertTrue(outcome.err().contains("-3"), outcome.err());
    }

    @Test
    void theCommandsOwnVariableWinsOverTheSharedOne() {
        Map<String, String> env = Map.of("HASHPIPE_PORT", "7000", "HASHPIPE_DBAPI_PORT", "8081", "HASHPIPE_BROKER_PORT", "9093");
        assertTrue(execute(env, "dbapi", "--help").out().matches("(?s).*--port=<n>.*?Default: 8081.*"));
        assertTrue(execute(env, "broker", "--help").out().matches("(?s).*--port=<n>.*?Default: 9093.*"));
        CliRun shared = execute(Map.of("HASHPIPE_PORT", "7000"), "dbapi", "--help");
        assertTrue(shared.out().matches("(?s).*--port=<n>.*?Default: 7000.*"), shared.out());
    }

    @Test
    void nestedCommandsVariablesSpellEveryWord() {
        CliRun outcome = execute(Map.of("HASHPIPE_REPLAY_SAVER_MAX_IN_FLIGHT", "0", "HASHPIPE_MAX_IN_FLIGHT", "50"), "replay", "saver");
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("HASHPIPE_REPLAY_SAVER_MAX_IN_FLIGHT"), outcome.err());
        assertTrue(execute(Map.of("HASHPIPE_RUN_TASKS", "0"), "run").err().contains("--tasks"));
    }

    @Test
    void aFlagWinsOverBothVariables() {
        CliRun outcome = execute(Map.of("HASHPIPE_HASHER_THREADS", "0", "HASHPIPE_THREADS", "0"), "hasher", "--threads", "-4");
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("-4"), outcome.err());
    }

    @Test
    void everyOptionsHelpNamesBothVariables() {
        String out = execute(Map.of(), "saver", "--help").out();
        assertTrue(out.contains("Env: HASHPIPE_SAVER_DB_URL or HASHPIPE_DB_URL."), out);
        String run = execute(Map.of(), "run", "--help").out();
        assertTrue(run.contains("Env: HASHPIPE_RUN_TASKS or HASHPIPE_TASKS."), run);
    }

    @Test
    void environmentVariableBecomesTheDefault() {
        CliRun fromEnv = execute(Map.of("HASHPIPE_LATENCY_MS", "42"), "dbapi", "--help");
        assertTrue(fromEnv.out().contains("Default: 42"), fromEnv.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--difficulty=3", "--difficulty=32", "--tasks=0", "--hashers=0", "--max-in-flight=0"})
    void runRejectsBadValuesBeforeStartingAnything(String option) {
        CliRun outcome = execute(Map.of(), "run", option);
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(option.substring(0, option.indexOf('='))), outcome.err());
    }

    @Test
    void runStoresAndVerifiesEveryTaskOnEmbeddedDefaults() {
        CliRun outcome = execute(Map.of(), "run", "--tasks", "20", "--difficulty", "4", "--db-latency-ms", "5");
        assertEquals(0, outcome.exitCode(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("OK: all 20 tasks stored once and verified"), outcome.out());
        assertTrue(outcome.out().matches("(?s).*verified\\s+20 .*"), outcome.out());
    }

    @Test
    void runWithPbkdf2StoresAndVerifiesEveryOutputWithItsCheck() {
        CliRun outcome = execute(Map.of(), "run", "--processor", "pbkdf2", "--processor-setting", "pbkdf2.iterations=2000",
                "--tasks", "20", "--db-latency-ms", "5");
        assertEquals(0, outcome.exitCode(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("OK: all 20 tasks stored once and verified"), outcome.out());
        assertTrue(outcome.out().matches("(?s).*verified\\s+20 +rows whose output pbkdf2's check accepts.*"), outcome.out());
    }

    @Test
    void processorsListsTheBuiltInOnesOneLineEach() {
        CliRun outcome = execute(Map.of(), "processors");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().matches("(?s)bcrypt +bcrypt of the field password.*\\(class path\\)\n"
                + "pbkdf2 +PBKDF2-HMAC-SHA256 .*\\(class path\\)\n"), outcome.out());
    }

    @ParameterizedTest
    @CsvSource({
        "hasher, --processor, no-such, No processor named no-such (--processor",
        "worker, --processor, no-such, No processor named no-such (--processor",
        "hasher, --processor, Not_A_Name, hasher.processor (--processor",
        "hasher, --plugin-path, /no/such/dir, The plugin directory /no/such/dir (--plugin-path",
        "hasher, --processor-setting, novalue, hasher.processor.setting (--processor-setting",
        "run, --processor, no-such, No processor named no-such (--processor",
    })
    void aBadProcessorIsABadOptionBeforeAnythingStarts(String command, String flag, String value, String message) {
        CliRun outcome = execute(Map.of(), command, flag, value);
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(message), outcome.err());
    }

    @Test
    void aProcessorsBadSettingIsABadOptionNamingIt() {
        CliRun outcome = execute(Map.of(), "hasher", "--processor", "pbkdf2", "--processor-setting", "pbkdf2.iterations=5");
        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("Invalid value 5 for processor setting pbkdf2.iterations"), outcome.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dbapi", "producer", "hasher", "saver"})
    void everyServiceHasAManagementPortOffByDefault(String command) {
        CliRun outcome = execute(Map.of("HASHPIPE_MANAGEMENT_PORT", "9404"), command, "--help");
        assertTrue(outcome.out().contains("--management-port=<n>"), outcome.out());
        assertTrue(outcome.out().contains("HASHPIPE_MANAGEMENT_PORT"), outcome.out());
        assertTrue(outcome.out().matches("(?s).*--management-port=<n>.*Default: 9404.*"), outcome.out());
        assertTrue(execute(Map.of(), command, "--help").out().matches("(?s).*--management-port=<n>.*Default: 0.*"));
    }

    @Test
    void brokerHasNoManagementPort() {
        assertTrue(!execute(Map.of(), "broker", "--help").out().contains("--management-port"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun outcome = execute(Map.of(), "hasher", "--thread", "2");
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().contains("--thread"), outcome.err());
    }
}
