package io.hashpipe.launcher.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The bench's chart: grouped bars of the time of each strategy at each cost, with the CPU-bound ideal
 * (CPU-only time / cores) marked as a grey bar, drawn with XChart into a PNG without a display.
 */
public final class BenchChart {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 620;

    private BenchChart() {
    }

    /** Draws {@code report} into {@code file} (PNG). */
    public static void write(BenchReport report, BenchPlan plan, String machine, Path file) throws IOException {
        // Set before the first AWT class loads: a server has no display, and the PNG needs none.
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("bcrypt + a " + plan.dbLatencyMs() + " ms database: time per strategy (" + machine + ")")
                .xAxisTitle("bcrypt cost (tasks)").yAxisTitle("seconds (lower is better)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setAvailableSpaceFill(0.85);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(14f));
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < plan.costs().size(); i++) {
            categories.add(plan.costs().get(i) + " (" + plan.tasks().get(i) + ")");
        }
        for (Strategy strategy : plan.strategies()) {
            List<Double> seconds = plan.costs().stream().map(c -> zeroIfMissing(report.seconds(c, strategy))).toList();
            chart.addSeries(strategy.title(), categories, seconds);
        }
        if (plan.strategies().contains(Strategy.CPU)) {
            List<Double> ideal = plan.costs().stream().map(c -> zeroIfMissing(report.ideal(c))).toList();
            // A bar of its own, in grey: a line series would sit between the groups rather than in them.
            CategorySeries series = chart.addSeries("ideal: CPU only / cores", categories, ideal);
            series.setFillColor(Color.GRAY);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double zeroIfMissing(double seconds) {
        return Double.isFinite(seconds) ? seconds : 0.0;
    }
}
