package org.leapfrog.bench.sample;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.leapfrog.samplers.run.ProgressListener;

/**
 * A terminal progress bar: iterations, chain-iterations per second, ETA and acceptance so far. Created only
 * when output is a terminal; the bar library redraws at its own pace, so per-iteration updates are cheap.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {
    private final ProgressBar bar;
    private final int chains;
    private final long startNanos = System.nanoTime();

    TerminalProgress(String task, long total, int chains) {
        this.chains = chains;
        this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    @Override
    public void progress(long done, long total, double acceptance) {
        bar.stepTo(done);
        double seconds = (System.nanoTime() - startNanos) * 1e-9;
        bar.setExtraMessage(String.format(" %.3g chain-it/s%s", done * (double) chains / Math.max(seconds, 1e-9),
                Double.isNaN(acceptance) ? "" : String.format(", accept %.2f", acceptance)));
    }

    @Override
    public void close() {
        bar.close();
    }
}
