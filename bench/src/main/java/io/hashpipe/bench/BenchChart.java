package io.hashpipe.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The bench's chart: grouped bars of the time of each strategy at each cost, with the CPU-bound ideal
 * (CPU-only time / cores) marked as a grey bar, drawn with XChart into a PNG without a display. Each strategy
 * has one colour in every chart, whichever strategies ran; each bar carries its value; serial, tens of times slower
 * than the rest, is read on an axis of its own (right), so that it does not flatten them (XChart's log axis
 * refuses bars, which start at zero).
 */
public final class BenchChart {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 620;

    /** One colour per strategy (Okabe and Ito's palette, told apart with most colour-vision deficiencies). */
    private static final Map<Strategy, Color> COLOURS = new EnumMap<>(Map.of(
            Strategy.CPU, new Color(0x56B4E9),
            Strategy.SERIAL, new Color(0xD55E00),
            Strategy.BATCHED, new Color(0xE69F00),
            Strategy.ASYNC, new Color(0xCC79A7),
            Strategy.PYTHON_ASYNC, new Color(0xF0E442),
            Strategy.PIPELINE, new Color(0x009E73),
            Strategy.PIPELINE_BULK, new Color(0x0072B2)));
    /** The axis group of serial's bars. */
    private static final int SERIAL_AXIS = 1;
    /** The ideal's bar. */
    private static final Color IDEAL = Color.GRAY;

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
        chart.getStyler().setYAxisGroupPosition(SERIAL_AXIS, Styler.YAxisPosition.Right);
        chart.setYAxisGroupTitle(SERIAL_AXIS, "serial: seconds (its own scale)");
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsRotation(90);
        chart.getStyler().setLabelsPosition(0.5);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(true);
        chart.getStyler().setDecimalPattern("#,##0.0#");
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < plan.costs().size(); i++) {
            categories.add(plan.costs().get(i) + " (" + plan.tasks().get(i) + ")");
        }
        for (Strategy strategy : plan.strategies()) {
            List<Double> seconds = plan.costs().stream().map(c -> nullIfMissing(report.seconds(c, strategy))).toList();
            CategorySeries series = chart.addSeries(strategy == Strategy.SERIAL ? strategy.title() + " (right axis)" : strategy.title(),
                    categories, seconds);
            series.setFillColor(colour(strategy));
            if (strategy == Strategy.SERIAL) {
                series.setYAxisGroup(SERIAL_AXIS);
            }
        }
        if (plan.strategies().contains(Strategy.CPU)) {
            List<Double> ideal = plan.costs().stream().map(c -> nullIfMissing(report.ideal(c))).toList();
            // A bar of its own, in grey: a line series would sit between the groups rather than in them.
            CategorySeries series = chart.addSeries("ideal: CPU only / cores", categories, ideal);
            series.setFillColor(IDEAL);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The colour of {@code strategy}'s bars, the same in every chart. */
    static Color colour(Strategy strategy) {
        return COLOURS.get(strategy);
    }

    /** A strategy that did not run at a cost has no bar there. */
    private static Double nullIfMissing(double seconds) {
        return Double.isFinite(seconds) ? seconds : null;
    }
}
