package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.bench.BenchConfig;
import io.hashpipe.bench.BenchPlan;
import io.hashpipe.bench.PythonAsync;
import io.hashpipe.bench.Strategy;
import io.hashpipe.common.Json;
import io.hashpipe.dbapi.DbApiConfig;
import io.hashpipe.dbapi.DbApiServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code hashpipe bench} on tiny runs (cost 4, a few tasks, a 5 ms database): every strategy stores and
 * verifies every result, and the report is written as a table, CSV, JSON and a PNG chart.
 */
class BenchCommandTest {

    private static CliRun bench(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.execute(all);
    }

    @Test
    void everyStrategyStoresAndVerifiesEveryResultAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        CliRun outcome = bench("--difficulty", "4,5", "--tasks", "40,30", "--db-latency-ms", "5", "--warmup-tasks", "20",
                "--out", dir.toString());

        assertEquals(0, outcome.exitCode(), outcome::err);
        assertTrue(outcome.out().contains("| cost | tasks | serial s | batched s | async s | python async s | cpu s | pipeline s |"), outcome::out);
        assertTrue(outcome.out().contains("| 4 | 40 | "), outcome::out);
        assertTrue(outcome.out().contains("| 5 | 30 | "), outcome::out);
        JsonNode rows = Json.mapper().readTree(dir.resolve("bench.json").toFile()).get("rows");
        assertEquals(2, rows.size());
        for (JsonNode row : rows) {
            int tasks = row.get("cost").asInt() == 4 ? 40 : 30;
            List<String> strategies = PythonAsync.find("").isPresent()
                    ? List.of("cpu", "serial", "batched", "async", "python-async", "pipeline")
                    : List.of("cpu", "serial", "batched", "async", "pipeline");
            for (String strategy : strategies) {
                JsonNode run = row.get("strategies").get(strategy);
                assertEquals(tasks, run.get("stored").asInt(), () -> strategy + " stored, in " + row);
                assertEquals(tasks, run.get("verified").asInt(), () -> strategy + " verified, in " + row);
            }
            assertTrue(row.get("efficiency").asDouble() > 0, () -> "efficiency in " + row);
        }
        List<String> csv = Files.readAllLines(dir.resolve("bench.csv"));
        assertEquals(3, csv.size(), () -> String.join("\n", csv));
        assertTrue(csv.get(0).startsWith("cost,tasks,serial_s,batched_s,async_s,cpu_s,pipeline_s,ideal_s"), csv.get(0));
        assertTrue(Files.readString(dir.resolve("bench.md")).contains("| 5 | 30 | "));
        assertPng(dir.resolve("bench.png"));
    }

    @Test
    void anExistingDatabaseApiHoldsEveryRunApartAndEachIsVerified(@TempDir Path dir) throws Exception {
        DbApiServer db = new DbApiServer(new DbApiConfig(Map.of(DbApiConfig.PORT, "0", DbApiConfig.LATENCY_MS, "5",
                DbApiConfig.JDBC_URL, "jdbc:h2:mem:bench-test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")),
                new SimpleMeterRegistry());
        db.start();
        try (db) {
            CliRun outcome = bench("--difficulty", "4", "--tasks", "25", "--strategies", "serial,async,pipeline",
                    "--db-url", db.uri().toString(), "--warmup-tasks", "10", "--out", dir.toString());

            assertEquals(0, outcome.exitCode(), outcome::err);
            assertEquals(10 + 75, db.store().count(), "the warm-up's 10 and three runs of 25 results, none overwriting another");
        }
    }

    @Test
    void aRateLimitedDatabaseRunsPerRecordAndBulkSavingSideBySide(@TempDir Path dir) throws Exception {
        CliRun outcome = bench("--difficulty", "4", "--tasks", "60", "--strategies", "pipeline", "--db-latency-ms", "5",
                "--db-max-rps", "50", "--warmup-tasks", "0", "--out", dir.toString());

        assertEquals(0, outcome.exitCode(), outcome::err);
        assertTrue(outcome.out().contains("database limited to 50 requests/s: one POST per result"), outcome::out);
        JsonNode runs = Json.mapper().readTree(dir.resolve("bench.json").toFile()).get("rows").get(0).get("strategies");
        assertEquals(60, runs.get("pipeline-bulk").get("verified").asInt(), runs::toString);
        assertEquals(60, runs.get("pipeline").get("verified").asInt(), runs::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--difficulty 3 | --difficulty",
        "--difficulty 8,10 --tasks 1,2,3 | --tasks",
        "--tasks 0 | --tasks",
        "--strategies cpu,fastest | --strategies",
        "--db-url ftp://x | --db-url",
        "--db-max-rps -1 | --db-max-rps",
        "--hashers 0 | --hashers",
        "--warmup-tasks -1 | --warmup-tasks",
    })
    void aBadOptionStopsTheBenchBeforeItStartsAndNamesTheOption(String args, String option) {
        CliRun outcome = bench(args.split(" "));

        assertEquals(Main.INVALID_OPTION, outcome.exitCode(), outcome::err);
        assertTrue(outcome.err().contains("for option " + option), outcome::err);
    }

    @Test
    void everyFlagAndEnvironmentVariableReachesThePlan() {
        CommandLine cli = Main.commandLine(Map.of("HASHPIPE_BENCH_THREADS", "3", "HASHPIPE_DB_MAX_RPS", "20", "HASHPIPE_PROGRESS", "Lines"));
        cli.parseArgs("bench", "--difficulty", "5,6", "--tasks", "7", "--strategies", "async,pipeline,async", "--reuse-tasks",
                "--db-url", "http://db.example:81", "--hashers", "2", "--warmup-tasks", "0", "--out", "elsewhere",
                "--db-latency-ms", "9", "--db-max-concurrency", "4", "--python", "/opt/py");
        BenchCommand bench = cli.getSubcommands().get("bench").getCommand();
        BenchConfig config = bench.config();
        BenchPlan plan = config.plan(16);

        assertEquals(List.of(5, 6), plan.costs());
        assertEquals(List.of(7, 7), plan.tasks(), "one count for every cost");
        assertEquals(List.of(Strategy.ASYNC, Strategy.PIPELINE, Strategy.PIPELINE_BULK), plan.strategies(), "each once, bulk beside pipeline");
        assertEquals(List.of(9L, 4, 20), List.of(plan.dbLatencyMs(), plan.dbMaxConcurrency(), plan.dbMaxRps()));
        assertEquals(URI.create("http://db.example:81"), plan.dbUrl());
        assertEquals(List.of(2, 3, 0), List.of(plan.hashers(), plan.threadsPerHasher(), plan.warmupTasks()));
        assertEquals(Path.of("elsewhere"), plan.out());
        assertTrue(plan.reuseTasks());
        assertEquals("/opt/py", config.python());
        assertEquals("LINES", config.progress());
    }

    @Test
    void withoutFlagsTheBenchRunsItsDocumentedPlan() {
        CommandLine cli = Main.commandLine(Map.of());
        cli.parseArgs("bench");
        BenchCommand bench = cli.getSubcommands().get("bench").getCommand();
        BenchPlan plan = bench.config().plan(8);

        assertEquals(List.of(8, 10, 11, 12), plan.costs());
        assertEquals(List.of(600, 400, 400, 400), plan.tasks());
        assertEquals(List.of(Strategy.CPU, Strategy.SERIAL, Strategy.BATCHED, Strategy.ASYNC, Strategy.PYTHON_ASYNC, Strategy.PIPELINE),
                plan.strategies());
        assertEquals(List.of(100L, 100, 0), List.of(plan.dbLatencyMs(), plan.dbMaxConcurrency(), plan.dbMaxRps()));
        assertEquals(null, plan.dbUrl());
        assertEquals(List.of(1, 8, 1000), List.of(plan.hashers(), plan.threadsPerHasher(), plan.warmupTasks()), "the cores shared");
        assertEquals(Path.of("bench-results"), plan.out());
        assertFalse(plan.reuseTasks());
        assertEquals("AUTO", bench.config().progress());
    }

    @Test
    void oneCostWithoutTasksTakesThatCostsDefaultCount() {
        CommandLine cli = Main.commandLine(Map.of());
        cli.parseArgs("bench", "--difficulty", "12,8,4");
        BenchCommand bench = cli.getSubcommands().get("bench").getCommand();

        assertEquals(List.of(400, 600, 600), bench.config().plan(2).tasks(), "600 at cost 8 and below, 400 above");
    }

    private static void assertPng(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 1000, () -> file + " has " + bytes.length + " bytes");
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
