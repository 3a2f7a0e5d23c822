package org.leapfrog.bench.neural;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves of a learned sampler as one PNG: one panel-less chart per quantity is too many files, so the
 * quantities share a chart with a log y axis when all are positive (acceptance, beta, eps, learning rate) and
 * the loss gets its own linear chart.
 */
public final class TrainingCurves {
    private TrainingCurves() {
    }

    /** A line chart of series against iteration (log y if {@code logY}). */
    public static void write(Path file, String title, double[] iterations, Map<String, double[]> series, boolean logY) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle("iteration").build();
        chart.getStyler().setYAxisLogarithmic(logY);
        if (iterations.length == 0) {
            chart.addSeries("no data", new double[] {1}, new double[] {1});
        }
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (iterations.length > 0) {
                chart.addSeries(e.getKey(), iterations, e.getValue()).setMarker(SeriesMarkers.NONE);
            }
        }
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
