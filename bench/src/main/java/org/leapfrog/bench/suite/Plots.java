package org.leapfrog.bench.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of benchmark results (XChart, rendered headless). */
public final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;

    private Plots() {
    }

    /** A series of (x, y) points. */
    public record Series(String name, double[] x, double[] y) {
    }

    /** A log-log line chart of the series into {@code file} (a .png). Series without points are left out. */
    public static void logLog(Path file, String title, String xLabel, String yLabel, List<Series> series) {
        headless();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        boolean any = false;
        for (Series s : series) {
            if (s.x().length > 0) {
                chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.CIRCLE);
                any = true;
            }
        }
        if (!any) {
            chart.addSeries("no data", new double[] {1}, new double[] {1});
        }
        save(chart, file);
    }

    /** A grouped bar chart: one group per category, one bar per series (values in category order). */
    public static void bars(Path file, String title, String yLabel, List<String> categories,
                            Map<String, double[]> series) {
        headless();
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel)
                .build();
        chart.getStyler().setXAxisLabelRotation(30);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            chart.addSeries(e.getKey(), categories, java.util.Arrays.stream(e.getValue()).boxed().toList());
        }
        save(chart, file);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
