package org.leapfrog.bench.vae;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.leapfrog.vae.train.EpochRecord;
import org.leapfrog.vae.train.VaeExperiment;

/**
 * Terminal output of VAE training: a progress bar per epoch (minibatches, running ELBO, examples/s) when the
 * output is a terminal, and one line per epoch and phase on stderr either way.
 */
public final class VaeCliProgress implements VaeExperiment.Progress, AutoCloseable {
    private final PrintWriter err;
    private final boolean interactive;
    private ProgressBar bar;
    private int barEpoch = -1;

    public VaeCliProgress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void phase(String name) {
        closeBar();
        err.println(name);
        err.flush();
    }

    @Override
    public void step(int epoch, int batch, int batches, double meanElbo, double examplesPerSecond) {
        if (!interactive) {
            return;
        }
        if (bar == null || barEpoch != epoch) {
            closeBar();
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch).setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
            barEpoch = epoch;
        }
        bar.stepTo(batch);
        bar.setExtraMessage(String.format(Locale.ROOT, " ELBO %.2f, %.0f examples/s", meanElbo, examplesPerSecond));
    }

    @Override
    public void epoch(EpochRecord r) {
        closeBar();
        err.println(String.format(Locale.ROOT, "epoch %d: train ELBO %.3f, validation ELBO %.3f%s, %.1f s, %.0f examples/s",
                r.epoch(), r.trainElbo(), r.validationElbo(), r.improved() ? " (best)" : "", r.seconds(),
                r.examplesPerSecond()));
        err.flush();
    }

    @Override
    public void nllImages(int done, int total) {
        err.println("test NLL: " + done + " / " + total + " image evaluations");
        err.flush();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void close() {
        closeBar();
    }
}
