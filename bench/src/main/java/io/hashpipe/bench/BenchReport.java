package io.hashpipe.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.hashpipe.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bench's results as a Markdown table (one row per cost, like the published one), CSV and JSON, with
 * the pipeline's speed-up versus serial, async and the Python async client, the CPU-bound ideal (CPU-only time / cores) and the
 * pipeline's efficiency (ideal / pipeline time).
 */
public final class BenchReport {

    private static final List<Strategy> COLUMNS = List.of(Strategy.SERIAL, Strategy.BATCHED, Strategy.ASYNC,
            Strategy.PYTHON_ASYNC, Strategy.CPU, Strategy.PIPELINE);
    private static final String[] HEADER = {"cost", "tasks", "serial s", "batched s", "async s", "python async s", "cpu s",
        "pipeline s", "ideal s", "pipeline vs serial", "pipeline vs async", "pipeline vs python async", "efficiency"};

    private final BenchPlan plan;
    private final Machine machine;
    private final List<Measurement> measurements;

    public BenchReport(BenchPlan plan, Machine machine, List<Measurement> measurements) {
        this.plan = plan;
        this.machine = machine;
        this.measurements = List.copyOf(measurements);
    }

    /** The measurement of {@code strategy} at {@code cost}, or null when it did not run. */
    public Measurement find(int cost, Strategy strategy) {
        return measurements.stream().filter(m -> m.cost() == cost && m.strategy() == strategy).findFirst().orElse(null);
    }

    /** The CPU-bound ideal at {@code cost} in seconds: the one-thread CPU-only time / cores; NaN without cpu. */
    public double ideal(int cost) {
        Measurement cpu = find(cost, Strategy.CPU);
        return cpu == null ? Double.NaN : cpu.seconds() / machine.cores();
    }

    /** The cells of one row, as text; NaN shows as a dash. */
    private List<String> row(int cost, int tasks) {
        List<String> cells = new ArrayList<>(List.of(Integer.toString(cost), Integer.toString(tasks)));
        COLUMNS.forEach(s -> cells.add(seconds(find(cost, s))));
        double pipeline = seconds(cost, Strategy.PIPELINE);
        cells.add(number(ideal(cost), "%.2f"));
        cells.add(number(seconds(cost, Strategy.SERIAL) / pipeline, "%.1fx"));
        cells.add(number(seconds(cost, Strategy.ASYNC) / pipeline, "%.2fx"));
        cells.add(number(seconds(cost, Strategy.PYTHON_ASYNC) / pipeline, "%.2fx"));
        cells.add(number(ideal(cost) / pipeline, "%.2f"));
        return cells;
    }

    /** The lines bench.md starts with: what ran where and when, so that a table read later says what it measured. */
    public String machineHeader() {
        return String.format(Locale.ROOT, "# hashpipe bench%n%n- date: %s%n- cores: %d%n- CPU: %s%n- memory: %.1f GiB%n- OS: %s%n- JDK: %s%n"
                        + "- database: %d ms latency, %d requests at once%s%n%n",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                machine.cores(), machine.cpu(), machine.memoryBytes() / (double) (1L << 30), machine.os(), machine.jvm(),
                plan.dbLatencyMs(), plan.dbMaxConcurrency(), plan.dbMaxRps() > 0 ? ", " + plan.dbMaxRps() + " requests/s" : "");
    }

    /** The Markdown table, with the bounded-database comparison under it when bulk saving ran. */
    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| ").append(String.join(" | ", HEADER)).append(" |\n|");
        s.append("---|".repeat(HEADER.length)).append('\n');
        for (int i = 0; i < plan.costs().size(); i++) {
            s.append("| ").append(String.join(" | ", row(plan.costs().get(i), plan.tasks().get(i)))).append(" |\n");
        }
        String bounded = boundedComparison();
        if (!bounded.isEmpty()) {
            s.append('\n').append(bounded);
        }
        return s.toString();
    }

    /** Per-record against bulk saving, per cost, when both ran: their rates and the ratio. */
    public String boundedComparison() {
        StringBuilder s = new StringBuilder();
        for (int cost : plan.costs()) {
            Measurement single = find(cost, Strategy.PIPELINE);
            Measurement bulk = find(cost, Strategy.PIPELINE_BULK);
            if (single != null && bulk != null) {
                s.append(String.format(Locale.ROOT, "cost %d, database limited to %s requests/s: one POST per result %.1f results/s"
                                + " (%.2f s), %d per POST %.1f results/s (%.2f s): bulk saving %.1fx faster%n", cost,
                        plan.dbMaxRps() > 0 ? Integer.toString(plan.dbMaxRps()) : "unbounded", single.perSecond(), single.seconds(),
                        PipelineStrategy.BULK_BATCH_SIZE, bulk.perSecond(), bulk.seconds(), bulk.perSecond() / single.perSecond()));
            }
        }
        return s.toString();
    }

    /** The table's columns as CSV (plain numbers, empty for a strategy that did not run), one line per cost. */
    public String csv() {
        StringBuilder s = new StringBuilder("cost,tasks,serial_s,batched_s,async_s,cpu_s,pipeline_s,ideal_s,"
                + "speedup_vs_serial,speedup_vs_async,efficiency,pipeline_bulk_s,python_async_s,speedup_vs_python_async\n");
        for (int i = 0; i < plan.costs().size(); i++) {
            int cost = plan.costs().get(i);
            double pipeline = seconds(cost, Strategy.PIPELINE);
            List<String> cells = new ArrayList<>(List.of(Integer.toString(cost), Integer.toString(plan.tasks().get(i))));
            COLUMNS.stream().filter(st -> st != Strategy.PYTHON_ASYNC).forEach(st -> cells.add(csvNumber(seconds(cost, st))));
            cells.add(csvNumber(ideal(cost)));
            cells.add(csvNumber(seconds(cost, Strategy.SERIAL) / pipeline));
            cells.add(csvNumber(seconds(cost, Strategy.ASYNC) / pipeline));
            cells.add(csvNumber(ideal(cost) / pipeline));
            cells.add(csvNumber(seconds(cost, Strategy.PIPELINE_BULK)));
            cells.add(csvNumber(seconds(cost, Strategy.PYTHON_ASYNC)));
            cells.add(csvNumber(seconds(cost, Strategy.PYTHON_ASYNC) / pipeline));
            s.append(String.join(",", cells)).append('\n');
        }
        return s.toString();
    }

    /** Everything as JSON: the machine, the plan and each measurement, with the derived figures per cost. */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", machine);
        root.put("plan", Map.of("costs", plan.costs(), "tasks", plan.tasks(),
                "strategies", plan.strategies().stream().map(Strategy::flag).toList(), "dbLatencyMs", plan.dbLatencyMs(),
                "dbMaxConcurrency", plan.dbMaxConcurrency(), "dbMaxRps", plan.dbMaxRps(),
                "dbUrl", plan.dbUrl() == null ? "" : plan.dbUrl().toString(), "hashers", plan.hashers(),
                "threadsPerHasher", plan.threadsPerHasher()));
        root.put("rows", plan.costs().stream().map(this::jsonRow).collect(Collectors.toList()));
        try {
            return Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the report as JSON: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> jsonRow(int cost) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("cost", cost);
        Map<String, Object> runs = new LinkedHashMap<>();
        measurements.stream().filter(m -> m.cost() == cost).forEach(m -> runs.put(m.strategy().flag(), Map.of(
                "tasks", m.tasks(), "seconds", m.seconds(), "stored", m.stored(), "verified", m.verified(), "retries", m.retries())));
        row.put("strategies", runs);
        double pipeline = seconds(cost, Strategy.PIPELINE);
        putFinite(row, "idealSeconds", ideal(cost));
        putFinite(row, "speedupVsSerial", seconds(cost, Strategy.SERIAL) / pipeline);
        putFinite(row, "speedupVsAsync", seconds(cost, Strategy.ASYNC) / pipeline);
        putFinite(row, "speedupVsPythonAsync", seconds(cost, Strategy.PYTHON_ASYNC) / pipeline);
        putFinite(row, "efficiency", ideal(cost) / pipeline);
        return row;
    }

    /** Writes {@code bench.md}, {@code bench.csv} and {@code bench.json} into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bench.md"), machineHeader() + markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("bench.csv"), csv(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("bench.json"), json(), StandardCharsets.UTF_8);
    }

    double seconds(int cost, Strategy strategy) {
        Measurement m = find(cost, strategy);
        return m == null ? Double.NaN : m.seconds();
    }

    private static void putFinite(Map<String, Object> row, String key, double value) {
        if (Double.isFinite(value)) {
            row.put(key, value);
        }
    }

    private static String seconds(Measurement m) {
        return m == null ? "–" : String.format(Locale.ROOT, "%.2f", m.seconds());
    }

    private static String number(double value, String format) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "–";
    }

    private static String csvNumber(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "";
    }
}
