package org.leapfrog.bench.vae;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.leapfrog.vae.dglm.DglmEpoch;
import org.leapfrog.vae.dglm.DglmExperiment;

/**
 * Terminal output of {@code bench l2hmc-dglm}: a progress bar per epoch (minibatches, running ELBO and acceptance)
 * and per log-likelihood pass when the output is a terminal, and one line per epoch and phase on stderr either way.
 */
public final class DglmCliProgress implements DglmExperiment.Progress, AutoCloseable {
    private final PrintWriter err;
    private final boolean interactive;
    private ProgressBar bar;
    private String barName;

    public DglmCliProgress(PrintWriter err, boolean interactive) {
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
    public void step(int epoch, int batch, int batches, double meanElbo, double meanAcceptance) {
        bar("epoch " + epoch, batches, batch, String.format(Locale.ROOT, " ELBO %.2f%s", meanElbo,
                Double.isNaN(meanAcceptance) ? "" : String.format(Locale.ROOT, ", acceptance %.2f", meanAcceptance)));
    }

    @Override
    public void epoch(DglmEpoch r) {
        closeBar();
        err.println(String.format(Locale.ROOT, "epoch %d: train ELBO %.3f, log p(x, z_K) %.3f, validation ELBO %.3f%s, %.1f s",
                r.epoch(), r.trainElbo(), r.trainLogJoint(), r.validationElbo(), Double.isNaN(r.acceptance()) ? ""
                        : String.format(Locale.ROOT, ", acceptance %.3f, step size %.4f, sampler loss %.3f",
                        r.acceptance(), r.stepSize(), r.samplerLoss()), r.seconds()));
        err.flush();
    }

    @Override
    public void images(int done, int total) {
        if (interactive) {
            bar("log-likelihood", total, done, "");
        } else if (done == total || done % Math.max(1, total / 10) == 0) {
            err.println("log-likelihood: " + done + " / " + total + " image evaluations");
            err.flush();
        }
    }

    private void bar(String name, int max, int at, String extra) {
        if (!interactive) {
            return;
        }
        if (bar == null || !name.equals(barName)) {
            closeBar();
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).continuousUpdate().build();
            barName = name;
        }
        bar.stepTo(at);
        bar.setExtraMessage(extra);
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
            barName = null;
        }
    }

    @Override
    public void close() {
        closeBar();
    }
}
