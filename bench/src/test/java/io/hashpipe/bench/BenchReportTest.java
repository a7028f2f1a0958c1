package io.hashpipe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    private static final Machine MACHINE = new Machine(2, "test CPU", 1L << 30, "test OS", "test JVM");
    private static final BenchPlan PLAN = new BenchPlan(List.of(10), List.of(400), List.of(Strategy.values()), 100, 100,
            100, null, 1, 2, Path.of("out"), false, 0);

    private static final BenchReport REPORT = new BenchReport(PLAN, MACHINE, List.of(
            new Measurement(Strategy.CPU, 10, 400, 24.0, 400, 400, 0),
            new Measurement(Strategy.SERIAL, 10, 400, 66.0, 400, 400, 0),
            new Measurement(Strategy.BATCHED, 10, 400, 25.5, 400, 400, 0),
            new Measurement(Strategy.ASYNC, 10, 400, 25.0, 400, 400, 0),
            new Measurement(Strategy.PYTHON_ASYNC, 10, 400, 19.8, 400, 400, 0),
            new Measurement(Strategy.PIPELINE, 10, 400, 13.2, 400, 400, 3),
            new Measurement(Strategy.PIPELINE_BULK, 10, 400, 12.5, 400, 400, 0)));

    @Test
    void theTableGivesTheIdealTheSpeedUpsAndTheEfficiency() {
        // ideal 24 / 2 cores = 12; 66 / 13.2 = 5.0x; 25 / 13.2 = 1.89x; 19.8 / 13.2 = 1.50x; 12 / 13.2 = 0.91
        assertTrue(REPORT.markdown().contains("| 10 | 400 | 66.00 | 25.50 | 25.00 | 19.80 | 24.00 | 13.20 | 12.00 | 5.0x | 1.89x | 1.50x | 0.91 |"),
                REPORT.markdown());
    }

    @Test
    void theBoundedDatabaseLineComparesPerRecordAndBulkRates() {
        assertTrue(REPORT.boundedComparison().contains("limited to 100 requests/s: one POST per result 30.3 results/s"),
                REPORT.boundedComparison());
        assertTrue(REPORT.boundedComparison().contains("bulk saving 1.1x faster"), REPORT.boundedComparison());
    }

    @Test
    void theCsvHasTheTablesNumbersAndEmptyCellsForStrategiesThatDidNotRun() {
        assertEquals("10,400,66.000,25.500,25.000,24.000,13.200,12.000,5.000,1.894,0.909,12.500,19.800,1.500", REPORT.csv().lines().toList().get(1));
        BenchReport cpuOnly = new BenchReport(PLAN, MACHINE, List.of(new Measurement(Strategy.CPU, 10, 400, 24.0, 400, 400, 0)));
        assertEquals("10,400,,,,24.000,,12.000,,,,,,", cpuOnly.csv().lines().toList().get(1));
    }

    @Test
    void benchMdStartsWithTheMachine(@TempDir Path dir) throws Exception {
        REPORT.write(dir);
        String md = Files.readString(dir.resolve("bench.md"));
        for (String line : new String[] {"# hashpipe bench", "- date: 20", "- cores: 2", "- CPU: test CPU", "- memory: 1.0 GiB",
            "- OS: test OS", "- JDK: test JVM", "- database: 100 ms latency, 100 requests at once, 100 requests/s"}) {
            assertTrue(md.contains(line + (line.endsWith("20") ? "" : "\n")), () -> line + " in\n" + md);
        }
        assertTrue(md.indexOf("| 10 | 400 |") > md.indexOf("- JDK:"), md);
    }

    @Test
    void everyStrategyHasItsOwnColourAndTheSameInEveryChart() {
        java.util.Set<java.awt.Color> colours = new java.util.HashSet<>();
        for (Strategy strategy : Strategy.values()) {
            assertTrue(BenchChart.colour(strategy) != null, strategy::toString);
            colours.add(BenchChart.colour(strategy));
        }
        assertEquals(Strategy.values().length, colours.size(), "no two strategies share a colour");
        assertTrue(!colours.contains(java.awt.Color.GRAY), "grey is the ideal's");
    }

    @Test
    void aChartWithAMissingStrategyStillDraws(@TempDir Path dir) throws Exception {
        BenchReport partial = new BenchReport(PLAN, MACHINE, List.of(new Measurement(Strategy.CPU, 10, 400, 24.0, 400, 400, 0),
                new Measurement(Strategy.SERIAL, 10, 400, 66.0, 400, 400, 0)));
        Path file = dir.resolve("partial.png");
        BenchChart.write(partial, PLAN, "2 cores", file);
        assertTrue(Files.size(file) > 1000, () -> file + " is too small");
    }

    @Test
    void theChartIsAPng(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("charts").resolve("bench.png");

        BenchChart.write(REPORT, PLAN, "2 cores", file);

        assertTrue(Files.size(file) > 1000, () -> file + " is too small");
    }
}
