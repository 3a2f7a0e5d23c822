package org.leapfrog.vae.dglm;

import java.util.ArrayList;
import java.util.List;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.tensor.Arena;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Gaussian;
import org.leapfrog.vae.model.Vae;

/**
 * Block-Gibbs inpainting (the L2HMC poster's figure): given the observed pixels of each image, alternate
 * (1) a latent draw given the current completed image x and (2) the missing pixels drawn from p(x|z), the
 * observed ones kept. Step (1) is either a fresh draw from the encoder, {@code z ~ q(z|x)} (approximate: q is not
 * the posterior), or {@code mhSteps} transitions of the DGLM's kernel from the previous z, which leave
 * {@code p(z|x)} invariant for the current x, so the whole sweep is a valid MCMC for the missing pixels.
 * Missing pixels start at 0; the first z is drawn from q. Draws are keyed by (seed, row, sweep).
 */
public final class BlockGibbs {
    public static final int PURPOSE_LATENT = RandomStream.PURPOSE_USER + 163;
    public static final int PURPOSE_PIXELS = RandomStream.PURPOSE_USER + 164;

    private BlockGibbs() {
    }

    /** Which latent step the sweeps use. */
    public enum Mode { ENCODER, KERNEL }

    /**
     * The run: {@code snapshots.get(k)} is, after sweep {@code at[k]}, each image with its observed pixels and
     * the missing ones' probabilities p(x_j = 1 | z) (n images feature-major, n x 784); {@code completed} the
     * binary images after the last sweep; {@code acceptance} the kernel's mean acceptance (NaN for the encoder).
     */
    public record Result(List<double[]> snapshots, int[] at, double[] completed, double acceptance) {
    }

    /** The top half (rows 0-13) missing, the bottom half observed. */
    public static boolean[] bottomHalfObserved() {
        boolean[] o = new boolean[Mnist.PIXELS];
        for (int p = Mnist.PIXELS / 2; p < Mnist.PIXELS; p++) {
            o[p] = true;
        }
        return o;
    }

    /**
     * Runs {@code sweeps} sweeps on {@code images} (n x 784, feature-major, binary), keeping snapshots after the
     * sweeps listed in {@code at} (1-based).
     */
    public static Result run(Engine engine, Dglm model, double[] images, int n, boolean[] observed, Mode mode,
                             int sweeps, int[] at, long seed) {
        if (images.length != n * Mnist.PIXELS || observed.length != Mnist.PIXELS) {
            throw new IllegalArgumentException("images: length " + images.length + ", observed: length " + observed.length
                    + "; allowed: n x " + Mnist.PIXELS + " (n = " + n + ") and " + Mnist.PIXELS);
        }
        if (mode == Mode.KERNEL && !model.refines()) {
            throw new IllegalArgumentException("mode: KERNEL for a model without a kernel; allowed: ENCODER");
        }
        Vae vae = model.vae();
        int k = model.settings().mhSteps();
        double[] x = images.clone();
        for (int p = 0; p < Mnist.PIXELS; p++) {
            if (!observed[p]) {
                java.util.Arrays.fill(x, p * n, (p + 1) * n, 0.0);
            }
        }
        List<double[]> snaps = new ArrayList<>();
        double acc = 0;
        try (Engine.GradRegion g = engine.noGrad(); Arena arena = new Arena(engine)) {
            Tensor z = null;
            for (int s = 1; s <= sweeps; s++) {
                double[] probs;
                try (Arena.Scope sc = arena.open()) {
                    Tensor xt = engine.wrap(n, Mnist.PIXELS, x);
                    if (mode == Mode.ENCODER || z == null) {
                        Gaussian q = vae.encoder().encode(xt);
                        Tensor fresh = q.sample(engine.normal(n, vae.latent(), seed, PURPOSE_LATENT, s));
                        z = mode == Mode.ENCODER ? fresh : fresh.copy();
                    }
                    if (mode == Mode.KERNEL) {
                        Dglm.Chain ch = model.refine(xt, z, k, seed, s * k, null);
                        z = ch.z().copy();
                        acc += ch.acceptance() / sweeps;
                    }
                    probs = vae.decoder().logits(z).sigmoid().toArray();
                    double[] u = engine.uniform(n, Mnist.PIXELS, seed, PURPOSE_PIXELS, s).toArray();
                    x = fillMissing(x, probs, u, observed, n);
                }
                for (int a : at) {
                    if (a == s) {
                        snaps.add(view(x, probs, observed, n));
                    }
                }
            }
        }
        return new Result(snaps, at.clone(), x, mode == Mode.KERNEL ? acc : Double.NaN);
    }

    /** The missing pixels of {@code x} drawn as {@code u < probs}; observed pixels unchanged. */
    static double[] fillMissing(double[] x, double[] probs, double[] u, boolean[] observed, int n) {
        double[] out = x.clone();
        for (int p = 0; p < Mnist.PIXELS; p++) {
            if (!observed[p]) {
                for (int i = p * n; i < (p + 1) * n; i++) {
                    out[i] = u[i] < probs[i] ? 1.0 : 0.0;
                }
            }
        }
        return out;
    }

    private static double[] view(double[] x, double[] probs, boolean[] observed, int n) {
        double[] v = x.clone();
        for (int p = 0; p < Mnist.PIXELS; p++) {
            if (!observed[p]) {
                System.arraycopy(probs, p * n, v, p * n, n);
            }
        }
        return v;
    }
}
