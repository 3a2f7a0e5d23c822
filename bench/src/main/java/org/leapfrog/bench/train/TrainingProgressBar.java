package org.leapfrog.bench.train;

import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The terminal progress bar of any {@code leapfrog train} run: iteration of total, iterations per second and
 * the trainer's named metrics (loss, acceptance, step size, ...). Made only when output is a terminal
 * ({@link #open} returns null otherwise), so library code never prints.
 */
public final class TrainingProgressBar implements AutoCloseable {
    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();
    private final long startIteration;

    private TrainingProgressBar(String task, long startIteration, long total) {
        this.startIteration = startIteration;
        this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().startsFrom(startIteration, java.time.Duration.ZERO)
                .build();
    }

    /** A bar when stdout is a terminal (or {@code force}), else null. */
    public static TrainingProgressBar open(String task, long startIteration, long total, boolean force) {
        return (force || System.console() != null) ? new TrainingProgressBar(task, startIteration, total) : null;
    }

    public void update(long iteration, Map<String, Double> metrics) {
        bar.stepTo(iteration);
        double seconds = (System.nanoTime() - startNanos) * 1e-9;
        StringBuilder sb = new StringBuilder(String.format(" %.3g it/s", (iteration - startIteration) / Math.max(seconds, 1e-9)));
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            sb.append(String.format(", %s %.4g", e.getKey(), e.getValue()));
        }
        bar.setExtraMessage(sb.toString());
    }

    @Override
    public void close() {
        bar.close();
    }
}
