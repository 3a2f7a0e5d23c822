package org.leapfrog.bench.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.leapfrog.samplers.learned.TrainingCurve;

/** PNG line plots of a training curve's metrics against the iteration (any learned sampler). */
public final class CurvePlots {
    private CurvePlots() {
    }

    /** One PNG with {@code metric} against the iteration; a metric without points gives an empty chart. */
    public static void plot(Path file, String title, TrainingCurve curve, String metric) {
        System.setProperty("java.awt.headless", "true");
        double[][] s = curve.series(metric);
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("iteration")
                .yAxisTitle(metric).build();
        chart.getStyler().setLegendVisible(false);
        if (s[0].length == 0) {
            chart.addSeries(metric, new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        } else {
            chart.addSeries(metric, s[0], s[1]).setMarker(SeriesMarkers.NONE);
        }
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
