package org.leapfrog.vae.train;

import java.util.function.IntConsumer;
import org.leapfrog.runtime.tensor.Arena;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.data.Binarizer;
import org.leapfrog.vae.data.Images;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Objective;
import org.leapfrog.vae.model.Vae;

/**
 * Test log-likelihood by importance sampling: {@code log p(x) ~ logmeanexp_s logWeight_s(x)} over S draws of the
 * objective's estimator (for the VAE, {@code z ~ q(z|x)}; for an HVAE, its flow), per image of a set with a fixed
 * binarisation. Images are evaluated one at a time, each as a batch of up to {@code rowsPerPass} copies (one
 * draw per row), the draws keyed by (seed, row, image and pass), so estimates do not depend on the backend.
 */
public final class ImportanceSampling {
    /** Seeds of the repeats: {@code seed + (r + 1) * GOLDEN}. */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private ImportanceSampling() {
    }

    /** Mean and sd over repeats of the negative log-likelihood (nats per image), and the per-repeat values. */
    public record Nll(double mean, double sd, double[] repeats, int images, int samples) {
    }

    /**
     * {@code repeats} independent estimates of the mean NLL over {@code set}, each with {@code samples} draws
     * per image. {@code progress} receives the number of images done (over all repeats).
     */
    public static Nll nll(Engine engine, Vae vae, Objective objective, Images set, int samples, int repeats, long seed,
                          int rowsPerPass, IntConsumer progress) {
        if (samples < 1 || repeats < 1 || rowsPerPass < 1) {
            throw new IllegalArgumentException("samples " + samples + ", repeats " + repeats + ", rowsPerPass "
                    + rowsPerPass + "; allowed: 1 or more each");
        }
        double[] values = new double[repeats];
        int done = 0;
        for (int r = 0; r < repeats; r++) {
            double[] ll = logLikelihoods(engine, vae, objective, set, samples, seed + (r + 1) * GOLDEN, rowsPerPass);
            double sum = 0;
            for (double v : ll) {
                sum += v;
            }
            values[r] = -sum / ll.length;
            done += set.count();
            progress.accept(done);
        }
        double mean = 0;
        for (double v : values) {
            mean += v / repeats;
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new Nll(mean, repeats > 1 ? Math.sqrt(ss / (repeats - 1)) : 0.0, values, set.count(), samples);
    }

    /** Per-image estimates of {@code log p(x)} with {@code samples} draws each. */
    public static double[] logLikelihoods(Engine engine, Vae vae, Objective objective, Images set, int samples, long seed,
                                          int rowsPerPass) {
        int rows = Math.min(samples, rowsPerPass);
        int passes = (samples + rows - 1) / rows;
        double[] image = new double[Mnist.PIXELS];
        double[] batch = new double[rows * Mnist.PIXELS];
        double[] out = new double[set.count()];
        Binarizer fixed = Binarizer.evaluation();
        try (Engine.GradRegion g = engine.noGrad(); Arena arena = new Arena(engine)) {
            Tensor full = engine.zeros(rows, Mnist.PIXELS);
            for (int i = 0; i < set.count(); i++) {
                fixed.batch(set, null, i, 1, Binarizer.FIXED_EPOCH, Binarizer.PURPOSE_EVAL, image);
                // Running log-sum-exp over all draws of this image.
                double max = Double.NEGATIVE_INFINITY;
                double acc = 0;
                for (int p = 0; p < passes; p++) {
                    int n = Math.min(rows, samples - p * rows);
                    Tensor x;
                    if (n == rows) {
                        fill(image, batch, rows);
                        full.assign(batch);
                        x = full;
                    } else {
                        double[] part = new double[n * Mnist.PIXELS];
                        fill(image, part, n);
                        x = engine.wrap(n, Mnist.PIXELS, part);
                    }
                    double[] w;
                    try (Arena.Scope s = arena.open()) {
                        w = objective.logWeight(vae, x, seed, (set.first() + i) * passes + p).toArray();
                    }
                    for (int k = 0; k < n; k++) {
                        double v = w[k];
                        if (v > max) {
                            acc = acc * Math.exp(max - v) + 1.0;
                            max = v;
                        } else {
                            acc += Math.exp(v - max);
                        }
                    }
                }
                out[i] = max + Math.log(acc / samples);
            }
        }
        return out;
    }

    private static void fill(double[] image, double[] batch, int n) {
        for (int p = 0; p < Mnist.PIXELS; p++) {
            java.util.Arrays.fill(batch, p * n, (p + 1) * n, image[p]);
        }
    }
}
