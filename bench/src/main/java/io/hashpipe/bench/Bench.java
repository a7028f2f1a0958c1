package io.hashpipe.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code hashpipe bench}: the plan's strategies at every cost, the report written and printed. Progress
 * and notes go to {@code err}, the table to {@code out}. Runs on the caller's thread.
 */
public final class Bench {

    private Bench() {
    }

    /**
     * Runs {@code plan}, python-async on {@code python} (or the usual interpreters; skipped with a note when none
     * has the packages), and writes bench.md, bench.csv, bench.json and bench.png into the plan's {@code out}.
     *
     * @param redraw whether progress is redrawn in place
     */
    public static void run(BenchPlan plan, String python, boolean redraw, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        System.setProperty("java.awt.headless", "true");
        Machine machine = Machine.current();
        err.printf("hashpipe bench: costs %s, tasks %s, strategies %s; database latency %d ms, max %d at once%s; on %s%n",
                plan.costs(), plan.tasks(), plan.strategies().stream().map(Strategy::flag).toList(), plan.dbLatencyMs(),
                plan.dbMaxConcurrency(), plan.dbMaxRps() > 0 ? ", max " + plan.dbMaxRps() + " requests/s" : "", machine.describe());
        err.flush();
        PythonAsync pythonAsync = null;
        if (plan.strategies().contains(Strategy.PYTHON_ASYNC)) {
            pythonAsync = PythonAsync.find(python).orElse(null);
            if (pythonAsync == null) {
                err.println("hashpipe bench: " + PythonAsync.missing(python));
                List<Strategy> others = new ArrayList<>(plan.strategies());
                others.remove(Strategy.PYTHON_ASYNC);
                plan = plan.withStrategies(others);
            } else {
                err.println("hashpipe bench: python-async runs on " + pythonAsync.python());
            }
            err.flush();
        }
        List<Measurement> measurements = new BenchRunner(plan, pythonAsync, err, redraw).run();
        BenchReport report = new BenchReport(plan, machine, measurements);
        report.write(plan.out());
        BenchChart.write(report, plan, machine.cores() + " cores", plan.out().resolve("bench.png"));
        out.printf("%nhashpipe bench on %s, database latency %d ms (max %d at once)%n%n", machine.describe(), plan.dbLatencyMs(),
                plan.dbMaxConcurrency());
        out.print(report.markdown());
        out.printf("%nEvery stored hash verified. Written: %s (bench.md, bench.csv, bench.json, bench.png)%n", plan.out().toAbsolutePath());
        out.flush();
    }
}
