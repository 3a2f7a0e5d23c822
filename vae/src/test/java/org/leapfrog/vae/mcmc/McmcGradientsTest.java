package org.leapfrog.vae.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.adapt.Preconditioner;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.model.Gaussian;
import org.leapfrog.vae.model.Vae;
import org.leapfrog.vae.model.VaeStreams;

/**
 * The gradients of Algorithm 1's three objectives against central finite differences on tiny models: the speed
 * measure F in phi1 = (log h, log C_ii, C_ij) (MALA and HMC with the Hessian correction, D and LT; one MH step, as
 * F's gradient holds each step's start fixed, and for HMC a Gaussian target, as it holds the Hessian's point
 * fixed: on a Gaussian the Hessian is constant, so the finite differences see the same function), and in one VAE
 * step the encoder's gradient (the ELBO L0 alone) and the decoder's (G = log p(x, z_K) at a fixed z_K alone: L0 must
 * not reach theta).
 */
class McmcGradientsTest {
    private static double[] random(SplittableRandom r, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble(lo, hi);
        }
        return a;
    }

    /** A non-Gaussian log density: -|z|^2/2 + sum_j b_j tanh((z W)_j), so the Hessian varies with z. */
    private static Function<Tensor, Tensor> nonGaussian(Engine e, int d) {
        SplittableRandom r = new SplittableRandom(4);
        Tensor w = e.wrap(d, 4, random(r, d * 4, -1.2, 1.2));
        Tensor b = e.wrap(1, 4, random(r, 4, -1.5, 1.5));
        return z -> z.square().sumCols().mul(-0.5).add(z.matmul(w).tanh().mul(b).sumCols());
    }

    @ParameterizedTest(name = "L {0}, {1}, K {2}")
    @CsvSource({"1, DIAGONAL, 1", "1, LOWER_TRIANGULAR, 1", "3, DIAGONAL, 1", "3, LOWER_TRIANGULAR, 1",
            "4, LOWER_TRIANGULAR, 1"})
    void speedMeasureGradientMatchesFiniteDifferences(int leapfrogSteps, Preconditioner.Kind kind, int k) {
        Engine e = Engine.java();
        int d = 3, n = 6;
        RefinementSettings s = leapfrogSteps == 1 ? RefinementSettings.gradMala(k, kind)
                : RefinementSettings.gradHmc(k, leapfrogSteps, kind).withHessianChains(4);
        MarkovRefinement r = new MarkovRefinement(e, d, s);
        MarkovRefinementInvarianceTest.setProposal(r, 0.6, new double[] {Math.log(0.9), Math.log(0.6), Math.log(1.1)},
                new double[] {0, 0, 0, 0.3, 0, 0, -0.2, 0.25, 0});
        Function<Tensor, Tensor> f = leapfrogSteps == 1 ? nonGaussian(e, d)
                : new MarkovRefinementInvarianceTest.Model(3).logJoint(e);
        Tensor z0 = e.wrap(n, d, random(new SplittableRandom(9), n * d, -1, 1));
        MarkovRefinement.Result res = r.run(z0, f, 31, 2, true);
        List<Tensor> ps = r.parameters();
        Tensor[] grads = Graph.grad(res.objective(), ps, false);
        double eps = 1e-6;
        int checked = 0;
        for (int p = 0; p < ps.size(); p++) {
            Tensor t = ps.get(p);
            double[] base = t.toArray();
            double[] g = grads[p].toArray();
            for (int i = 0; i < base.length; i++) {
                double[] v = base.clone();
                v[i] = base[i] + eps;
                t.assign(v);
                double fp = r.run(z0, f, 31, 2, true).objective().item();
                v[i] = base[i] - eps;
                t.assign(v);
                double fm = r.run(z0, f, 31, 2, true).objective().item();
                t.assign(base);
                double fd = (fp - fm) / (2 * eps);
                assertEquals(fd, g[i], 1e-5 * Math.max(1, Math.abs(fd)), t.name() + "[" + i + "]");
                checked += g[i] != 0 ? 1 : 0;
            }
        }
        assertTrue(checked >= 4, "non-zero gradient entries checked: " + checked);
        // accumulateGradient hands the optimizer -dF (it minimises).
        r.accumulateGradient(res);
        for (int p = 0; p < ps.size(); p++) {
            double[] acc = ps.get(p).gradToArray();
            double[] g = grads[p].toArray();
            for (int i = 0; i < g.length; i++) {
                assertEquals(-g[i], acc[i], 0.0);
            }
        }
    }

    @Test
    void encoderFollowsTheElboAndDecoderFollowsG() {
        Engine e = Engine.java();
        Vae vae = new Architecture(Architecture.Kind.MLP, 2, 5).build(e, null, 3);
        int n = 4;
        double[] xs = new double[n * 784];
        SplittableRandom rng = new SplittableRandom(12);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rng.nextDouble() < 0.3 ? 1.0 : 0.0;
        }
        Tensor x = e.wrap(n, 784, xs);
        MarkovRefinement refinement = new MarkovRefinement(e, 2, RefinementSettings.gradHmc(2, 2,
                Preconditioner.Kind.LOWER_TRIANGULAR).withInitialStepSize(0.3));
        McmcVaeStep step = new McmcVaeStep(refinement);
        long seed = 5;
        int it = 7;
        for (Tensor p : vae.parameters()) {
            p.zeroGrad();
        }
        step.accumulate(vae, x, seed, it);
        // z_K of that step (the run is a deterministic function of its inputs).
        Gaussian q = vae.encoder().encode(x);
        Tensor eps0 = e.normal(n, 2, seed, VaeStreams.PURPOSE_LATENT, it);
        Tensor zK = refinement.run(q.sample(eps0), z -> vae.logJoint(x, z), seed, it, false).z().copy();
        Function<Void, Double> l0 = v -> {
            Gaussian qq = vae.encoder().encode(x);
            return vae.decoder().logLikelihood(x, qq.sample(eps0)).sub(qq.klToStandardNormal()).mean().item();
        };
        Function<Void, Double> g = v -> vae.logJoint(x, zK).mean().item();
        check(vae.encoder().parameters(), l0, 11);
        check(vae.decoder().parameters(), g, 13);
    }

    /** The accumulated gradient (of -objective) of a few entries of each tensor against central differences. */
    private static void check(List<Tensor> params, Function<Void, Double> objective, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double eps = 1e-6;
        for (Tensor t : params) {
            double[] base = t.toArray();
            double[] grad = t.gradToArray();
            for (int c = 0; c < 6; c++) {
                int i = r.nextInt(base.length);
                double[] v = base.clone();
                v[i] = base[i] + eps;
                t.assign(v);
                double fp = objective.apply(null);
                v[i] = base[i] - eps;
                t.assign(v);
                double fm = objective.apply(null);
                t.assign(base);
                double fd = (fp - fm) / (2 * eps);
                assertEquals(-fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), t.name() + "[" + i + "]");
            }
        }
    }
}
