package org.leapfrog.vae.dglm;

import java.util.function.IntConsumer;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.tensor.Arena;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.data.Binarizer;
import org.leapfrog.vae.data.Images;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Gaussian;
import org.leapfrog.vae.model.Vae;

/**
 * Test log-likelihood by importance sampling with a Gaussian proposal, as in Hirt et al. (Table 1, after Ruiz and
 * Titsias): {@code log p(x) ~ logmeanexp_s [log p(x, z_s) - log r(z_s|x)]}, {@code r = N(m(x), tau diag sigma(x)^2)}
 * with sigma from the encoder and the centre m(x) = mu(x) for the VAE, or for the DGLM the mean of
 * {@code chains} chains started from q and moved by {@code chainSteps} transitions of the trained kernel (an
 * estimate of the posterior mean). Any proposal gives an unbiased estimate of p(x); a better one a less biased
 * log. Images have a fixed binarisation; every draw is keyed by (repeat seed, row, image).
 */
public final class DglmLikelihood {
    public static final int PURPOSE_START = RandomStream.PURPOSE_USER + 165;
    public static final int PURPOSE_PROPOSAL = RandomStream.PURPOSE_USER + 166;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private DglmLikelihood() {
    }

    /**
     * @param samples     importance samples per image (the paper: 10,000)
     * @param repeats     independent repeats (the paper: 3)
     * @param tau         proposal variance factor (the paper: 1.5)
     * @param chains      chains per image for the DGLM's centre
     * @param chainSteps  kernel transitions per chain for the DGLM's centre
     * @param rowsPerPass batch rows per evaluation pass
     */
    public record Options(int samples, int repeats, double tau, int chains, int chainSteps, int rowsPerPass) {
        public Options {
            if (samples < 1 || repeats < 1 || chains < 1 || chainSteps < 0 || rowsPerPass < 1) {
                throw new IllegalArgumentException("samples " + samples + ", repeats " + repeats + ", chains " + chains
                        + ", chainSteps " + chainSteps + ", rowsPerPass " + rowsPerPass
                        + "; allowed: 1 or more each (chainSteps 0 or more)");
            }
            if (!(tau > 0) || Double.isInfinite(tau)) {
                throw new IllegalArgumentException("tau: " + tau + "; allowed: finite and > 0");
            }
        }
    }

    /**
     * The estimate: mean log-likelihood over images (mean over repeats), its sd over repeats, its standard error
     * over images, the per-image values (mean over repeats), and the mean acceptance of the centre's chains.
     */
    public record Estimate(double mean, double sdOverRepeats, double seOverImages, double[] perImage,
                           double acceptance, int images, int samples, int repeats) {
    }

    public static Estimate estimate(Engine engine, Dglm model, Images set, Options o, long seed, IntConsumer progress) {
        int n = set.count();
        double[] perImage = new double[n];
        double[] repeatMeans = new double[o.repeats()];
        double acc = 0;
        int done = 0;
        for (int r = 0; r < o.repeats(); r++) {
            long rs = seed + (r + 1) * GOLDEN;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double[] res = image(engine, model, set, i, o, rs);
                perImage[i] += res[0] / o.repeats();
                sum += res[0];
                acc += res[1];
                progress.accept(++done);
            }
            repeatMeans[r] = sum / n;
        }
        double mean = 0;
        for (double v : repeatMeans) {
            mean += v / o.repeats();
        }
        double ss = 0;
        for (double v : repeatMeans) {
            ss += (v - mean) * (v - mean);
        }
        double sd = o.repeats() > 1 ? Math.sqrt(ss / (o.repeats() - 1)) : 0.0;
        return new Estimate(mean, sd, standardError(perImage), perImage,
                model.refines() ? acc / ((double) n * o.repeats()) : Double.NaN, n, o.samples(), o.repeats());
    }

    /** Standard error of the mean of {@code v}. */
    public static double standardError(double[] v) {
        double m = 0;
        for (double a : v) {
            m += a / v.length;
        }
        double ss = 0;
        for (double a : v) {
            ss += (a - m) * (a - m);
        }
        return v.length > 1 ? Math.sqrt(ss / (v.length - 1) / v.length) : 0.0;
    }

    /** {log p_hat(x_i), acceptance of the centre's chains} for image i. */
    private static double[] image(Engine engine, Dglm model, Images set, int i, Options o, long seed) {
        Vae vae = model.vae();
        int l = vae.latent();
        double[] img = new double[Mnist.PIXELS];
        Binarizer.evaluation().batch(set, null, i, 1, Binarizer.FIXED_EPOCH, Binarizer.PURPOSE_EVAL, img);
        int key = set.first() + i;
        try (Engine.GradRegion g = engine.noGrad(); Arena arena = new Arena(engine); Arena.Scope sc = arena.open()) {
            Tensor x1 = engine.wrap(1, Mnist.PIXELS, img);
            Gaussian q = vae.encoder().encode(x1);
            Tensor centre = q.mu();
            double acc = Double.NaN;
            if (model.refines()) {
                int c = o.chains();
                Tensor xc = x1.broadcastRows(c);
                Tensor z0 = q.mu().broadcastRows(c).add(q.sigma().broadcastRows(c)
                        .mul(engine.normal(c, l, seed, PURPOSE_START, key)));
                Dglm.Chain ch = model.refine(xc, z0, o.chainSteps(), seed, key * o.chainSteps(), null);
                centre = ch.z().meanRows();
                acc = ch.acceptance();
            }
            Tensor scale = q.sigma().mul(Math.sqrt(o.tau()));
            Tensor logScale = scale.log();
            int rows = Math.min(o.samples(), o.rowsPerPass());
            int passes = (o.samples() + rows - 1) / rows;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int p = 0; p < passes; p++) {
                int m = Math.min(rows, o.samples() - p * rows);
                Tensor eps = engine.normal(m, l, seed, PURPOSE_PROPOSAL, key * passes + p);
                Gaussian r = new Gaussian(centre.broadcastRows(m), scale.broadcastRows(m), logScale.broadcastRows(m));
                Tensor z = r.sample(eps);
                double[] w = vae.logJoint(x1.broadcastRows(m), z).sub(r.logDensityOfSample(eps)).toArray();
                for (double v : w) {
                    if (v > max) {
                        sum = sum * Math.exp(max - v) + 1.0;
                        max = v;
                    } else {
                        sum += Math.exp(v - max);
                    }
                }
            }
            return new double[] {max + Math.log(sum / o.samples()), acc};
        }
    }
}
