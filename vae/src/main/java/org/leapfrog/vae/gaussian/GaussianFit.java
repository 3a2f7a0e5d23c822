package org.leapfrog.vae.gaussian;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.leapfrog.runtime.tensor.Arena;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.runtime.tensor.optim.RmsProp;
import org.leapfrog.vae.hvae.FlowSettings;
import org.leapfrog.vae.hvae.HamiltonianFlow;
import org.leapfrog.vae.hvae.HvaeElbo;

/**
 * Learns theta = (Delta, log sigma) of one {@link GaussianData} with one {@link GaussianMethod} by maximising its
 * ELBO with RMSProp (decay 0.9, eps 1e-10: TensorFlow's defaults, as in the paper's code), starting, as there,
 * from Delta = 0 and log sigma = 3. The stochastic ELBOs (HVAE, NF) average {@code samples} draws per step; VB's
 * is analytic. HVAE: q0 = N(0, I) (the prior), {@link FlowSettings#gaussianExperiment}; NF: planar flow
 * {@code z + u' tanh(w'z + b)} with u' the invertible reparameterisation of u, one (u, w, b) for all K steps.
 */
public final class GaussianFit {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private final Engine engine;
    private final GaussianData data;
    private final GaussianMethod method;
    private final int samples;
    private final long seed;
    private final Tensor delta;
    private final Tensor logSigma;
    private final Tensor xBar;
    private final Tensor centred;
    private final List<Tensor> params = new ArrayList<>();
    private HamiltonianFlow flow;
    private Tensor muZ;
    private Tensor logSigmaZ;
    private Tensor u;
    private Tensor w;
    private Tensor b;

    public GaussianFit(Engine engine, GaussianData data, GaussianMethod method, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples: " + samples + "; allowed: 1 or more");
        }
        this.engine = engine;
        this.data = data;
        this.method = method;
        this.samples = samples;
        this.seed = seed;
        int d = data.dim();
        delta = engine.parameter("delta", 1, d);
        logSigma = engine.parameter("logSigma", 1, d);
        logSigma.assign(filled(d, 3.0));
        xBar = engine.wrap(1, d, data.mean().clone());
        centred = engine.wrap(1, d, data.centredSquares().clone());
        params.add(delta);
        params.add(logSigma);
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        switch (method.kind()) {
            case HVAE -> {
                flow = new HamiltonianFlow(engine, d, FlowSettings.gaussianExperiment(method.steps(),
                        method.tempering()));
                params.addAll(flow.parameters());
            }
            case VB -> {
                muZ = engine.parameter("muZ", 1, d);
                logSigmaZ = engine.parameter("logSigmaZ", 1, d);
                logSigmaZ.assign(filled(d, 1.0));
                params.add(muZ);
                params.add(logSigmaZ);
            }
            case NF -> {
                u = engine.parameter("u", 1, d);
                w = engine.parameter("w", 1, d);
                b = engine.parameter("b", 1, 1);
                u.assign(truncatedNormals(rng, d, 0.1));
                w.assign(truncatedNormals(rng, d, 0.1));
                b.assign(new double[] {0.1});
                params.add(u);
                params.add(w);
                params.add(b);
            }
            default -> throw new IllegalStateException();
        }
    }

    /** All trainable leaves: Delta, log sigma, then the method's variational parameters. */
    public List<Tensor> parameters() {
        return params;
    }

    /** Runs {@code iterations} RMSProp steps with learning rate {@code rate}; returns the final ELBO estimate. */
    public double train(int iterations, double rate) {
        RmsProp opt = new RmsProp(params, LearningRateSchedule.constant(rate), 0.9, 1e-10, 0.0);
        double last = Double.NaN;
        try (Arena arena = new Arena(engine)) {
            for (int it = 0; it < iterations; it++) {
                try (Arena.Scope s = arena.open()) {
                    opt.zeroGrad();
                    Tensor elbo = elbo(it);
                    Graph.backward(elbo.neg());
                    opt.step();
                    if (it == iterations - 1) {
                        last = elbo.item();
                    }
                }
            }
        }
        return last;
    }

    /** One estimate of the ELBO ({@code 1 x 1}) with draw {@code iteration}. */
    public Tensor elbo(int iteration) {
        int d = data.dim();
        return switch (method.kind()) {
            case HVAE -> {
                HvaeElbo.Noise noise = HvaeElbo.Noise.draw(engine, samples, d, seed, iteration);
                Tensor zero = engine.zeros(1, d);
                yield HvaeElbo.estimate(zero, zero, noise, logJoint(), flow).meanElbo();
            }
            case VB -> vbElbo();
            case NF -> nfElbo(iteration);
        };
    }

    /**
     * z ({@code n x d}) to log p(D, z) per row: log N(z | 0, I) + sum_i log N(x_i | z + Delta, diag sigma^2), with
     * sum_i (x_ij - m_j)^2 = C_j + N (x_bar_j - m_j)^2.
     */
    public Function<Tensor, Tensor> logJoint() {
        int d = data.dim();
        double n = data.n();
        return z -> {
            Tensor prior = z.square().sumCols().mul(-0.5).sub(0.5 * d * LOG_2PI);
            Tensor r = xBar.sub(z.add(delta));
            Tensor invVar = logSigma.mul(-2.0).exp();
            Tensor quad = r.square().mul(n).add(centred).mul(invVar).sumCols().mul(-0.5);
            return prior.add(quad).sub(logSigma.sum().mul(n)).sub(0.5 * n * d * LOG_2PI);
        };
    }

    /** Mean-field VB's analytic ELBO with q = N(mu_z, diag s_z^2): E_q log p(D, z) + entropy. */
    private Tensor vbElbo() {
        int d = data.dim();
        double n = data.n();
        Tensor varZ = logSigmaZ.mul(2.0).exp();
        Tensor prior = muZ.square().add(varZ).sum().mul(-0.5).sub(0.5 * d * LOG_2PI);
        Tensor r = xBar.sub(muZ.add(delta));
        Tensor invVar = logSigma.mul(-2.0).exp();
        Tensor quad = r.square().add(varZ).mul(n).add(centred).mul(invVar).sum().mul(-0.5);
        Tensor lik = quad.sub(logSigma.sum().mul(n)).sub(0.5 * n * d * LOG_2PI);
        Tensor entropy = logSigmaZ.sum().add(0.5 * d * (1 + LOG_2PI));
        return prior.add(lik).add(entropy);
    }

    /** The planar flow's ELBO: mean over samples of log p(D, z_K) - log q0(z0) + sum_k log |1 + h'(.) u'^T w|. */
    private Tensor nfElbo(int iteration) {
        int d = data.dim();
        Tensor z0 = engine.normal(samples, d, seed, HvaeElbo.PURPOSE_LATENT, iteration);
        Tensor logQ0 = HvaeElbo.logQ0(engine.zeros(1, d), z0);
        Tensor wu = w.mul(u).sum();
        // u' = u + (m(w^T u) - w^T u) w / |w|^2, m(a) = -1 + softplus(a): keeps u'^T w >= -1 (invertible)
        Tensor uHat = u.add(w.mul(wu.softplus().sub(1.0).sub(wu).div(w.square().sum())));
        Tensor uHatW = uHat.mul(w).sum();
        Tensor z = z0;
        Tensor logDet = null;
        for (int k = 0; k < method.steps(); k++) {
            Tensor t = z.mul(w).sumCols().add(b).tanh();
            z = z.add(t.mul(uHat));
            Tensor ld = t.square().rsub(1.0).mul(uHatW).add(1.0).log();
            logDet = logDet == null ? ld : logDet.add(ld);
        }
        return logJoint().apply(z).sub(logQ0).add(logDet).mean();
    }

    /** The learned Delta. */
    public double[] delta() {
        return delta.toArray();
    }

    /** The learned sigma. */
    public double[] sigma() {
        double[] s = logSigma.toArray();
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.exp(s[i]);
        }
        return s;
    }

    /** ||Delta_hat - Delta||^2. */
    public double deltaError() {
        return squaredError(delta(), data.delta());
    }

    /** ||sigma_hat - sigma||^2. */
    public double sigmaError() {
        return squaredError(sigma(), data.sigma());
    }

    /** ||a - b||^2. */
    public static double squaredError(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Normals with sd {@code scale} truncated to two sd (the paper's NF initialisation). */
    private static double[] truncatedNormals(SplittableRandom rng, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double v;
            do {
                v = rng.nextGaussian();
            } while (Math.abs(v) > 2);
            a[i] = scale * v;
        }
        return a;
    }
}
