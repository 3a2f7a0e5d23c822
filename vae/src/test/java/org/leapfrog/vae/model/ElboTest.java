package org.leapfrog.vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.data.Mnist;

/** The VAE's ELBO against a hand computation in plain Java on a tiny MLP VAE (latent 2, hidden 3). */
class ElboTest {
    private static double softplus(double v) {
        return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }

    /** {@code act(in W + b)} for one row, W feature-major (in x out: (i, o) at o * in + i). */
    private static double[] dense(double[] in, double[] w, double[] b, boolean softplus) {
        double[] out = new double[b.length];
        for (int o = 0; o < out.length; o++) {
            double s = 0;
            for (int i = 0; i < in.length; i++) {
                s += in[i] * w[o * in.length + i];
            }
            s += b[o];
            out[o] = softplus ? softplus(s) : s;
        }
        return out;
    }

    private static double[] mlp(double[] in, List<Tensor> ps, int first) {
        double[] h = in;
        for (int l = 0; l < 3; l++) {
            h = dense(h, ps.get(first + 2 * l).toArray(), ps.get(first + 2 * l + 1).toArray(), l < 2);
        }
        return h;
    }

    @Test
    void elboEqualsAHandComputation() {
        Engine e = Engine.java();
        Vae vae = new Architecture(Architecture.Kind.MLP, 2, 3).build(e, null, 5);
        List<Tensor> ps = vae.parameters();
        // Non-zero output biases so that every term matters.
        SplittableRandom rng = new SplittableRandom(3);
        double[] bias = new double[Mnist.PIXELS];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = rng.nextDouble(-2, 2);
        }
        ps.get(ps.size() - 1).assign(bias);
        int n = 3;
        double[] x = new double[n * Mnist.PIXELS];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.3 ? 1 : 0;
        }
        long seed = 11;
        int iteration = 4;
        Tensor xt = e.wrap(n, Mnist.PIXELS, x);
        double[] got = VaeElbo.monteCarlo().logWeight(vae, xt, seed, iteration).toArray();
        double[] gotAnalytic = new VaeElbo(true).elbo(vae, xt, seed, iteration).toArray();
        double[] eps = e.normal(n, 2, seed, VaeStreams.PURPOSE_LATENT, iteration).toArray();
        for (int r = 0; r < n; r++) {
            double[] xr = new double[Mnist.PIXELS];
            for (int p = 0; p < xr.length; p++) {
                xr[p] = x[p * n + r];
            }
            double[] out = mlp(xr, ps, 0);
            double logQ = 0;
            double logPrior = 0;
            double kl = 0;
            double[] z = new double[2];
            for (int d = 0; d < 2; d++) {
                double mu = out[d];
                double sigma = softplus(out[2 + d]);
                double ep = eps[d * n + r];
                z[d] = mu + sigma * ep;
                logQ += -0.5 * ep * ep - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
                logPrior += -0.5 * z[d] * z[d] - 0.5 * Math.log(2 * Math.PI);
                kl += 0.5 * (mu * mu + sigma * sigma - 1 - 2 * Math.log(sigma));
            }
            double[] logits = mlp(z, ps, 6);
            double logLik = 0;
            for (int p = 0; p < Mnist.PIXELS; p++) {
                // log Bernoulli(x; sigmoid(l)), written directly.
                double prob = 1 / (1 + Math.exp(-logits[p]));
                logLik += xr[p] == 1 ? Math.log(prob) : Math.log1p(-prob);
            }
            double expected = logLik + logPrior - logQ;
            assertEquals(expected, got[r], 1e-9 * Math.abs(expected), "row " + r);
            assertEquals(logLik - kl, gotAnalytic[r], 1e-9 * Math.abs(logLik), "row " + r + " (analytic KL)");
        }
    }

    /** The joint's gradient in z, differentiable again: what an HVAE's leapfrog steps need. */
    @Test
    void logJointIsTwiceDifferentiableInZ() {
        Engine e = Engine.java();
        Vae vae = Architecture.mlp(3).build(e, null, 1);
        double[] x = new double[2 * Mnist.PIXELS];
        x[5] = 1;
        Tensor xt = e.wrap(2, Mnist.PIXELS, x);
        Tensor z = e.variable(2, 3, new double[] {0.1, -0.2, 0.3, 0.4, -0.5, 0.6});
        Tensor g = Graph.grad(vae.logJoint(xt, z).sum(), z, true);
        assertEquals(6, g.size());
        Tensor[] second = Graph.grad(g.square().sum(), List.of(z, vae.parameters().get(6)), false);
        double norm = 0;
        for (double v : second[1].toArray()) {
            norm += v * v;
        }
        assertTrue(norm > 0 && Double.isFinite(norm), "gradient through the z-gradient to the decoder's weights");
    }
}
