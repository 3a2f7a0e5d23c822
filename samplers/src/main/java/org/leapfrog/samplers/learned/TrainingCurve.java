package org.leapfrog.samplers.learned;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A learned sampler's training curve: one point per logged iteration, each a map of named metrics ("loss",
 * "acceptance", "step_size", "seconds", ...). Generic, so every trainer logs, checkpoints and plots alike.
 *
 * @param points in iteration order; each holds at least "iteration"
 */
public record TrainingCurve(List<Map<String, Double>> points) {
    public TrainingCurve {
        points = new ArrayList<>(points == null ? List.of() : points);
    }

    /** Appends a point (the map is copied). */
    public void add(Map<String, Double> point) {
        if (!point.containsKey("iteration")) {
            throw new IllegalArgumentException("point: no 'iteration'; allowed: a map holding 'iteration'");
        }
        points.add(Map.copyOf(point));
    }

    /** The values of {@code metric} at the points that have it, as {x = iteration, y = value}. */
    public double[][] series(String metric) {
        List<double[]> xs = new ArrayList<>();
        for (Map<String, Double> p : points) {
            Double v = p.get(metric);
            if (v != null && Double.isFinite(v)) {
                xs.add(new double[] {p.get("iteration"), v});
            }
        }
        double[][] out = new double[2][xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            out[0][i] = xs.get(i)[0];
            out[1][i] = xs.get(i)[1];
        }
        return out;
    }
}
