package org.leapfrog.vae.hierarchical;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Linear;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The two-layer linear hierarchical VAE of Hirt et al. section 6.4 as tensors on an engine (a batch is
 * {@code n x dx}, latents {@code n x (n1 + n2)} with z1 first).
 *
 * <p>Generative model theta (top-down, {@link LinearHierarchicalModel}): d1 = 0, so z1 ~ N(0, I); d2 = (A z1 + c,
 * s) with mu(d) = d^mu and sigma(d) = exp(0.5 d^sigma), so z2 | z1 ~ N(A z1 + c, diag(exp(s))); x | z ~
 * N(Wz z2 + Wd d2^mu + b, diag(exp(v))).
 *
 * <p>Encoder phi0 (bottom-up, linear): d'3 = x, d'2 = W'2 x + b'2 ({@code 2 n2} features), d'1 = W'1 d'2 + b'1
 * ({@code 2 n1}); residual parameterisation (8) per layer, z_l = mu_l(d_l) + sigma_l(d_l) (mu'_l + sigma'_l eps_l)
 * with mu'_l = B'_l [d_l; d'_l] + c'_l and sigma'_l = exp(r_l) (the paper's exp(b'_l)). Layer 1's d1 = 0 drops
 * out of B'_1. The KL of layer l given z_{<l} is equation (9), 0.5 sum(sigma'^2 + mu'^2 - 1 - log sigma'^2).
 *
 * <p>Weights are stored {@code in x out}, so a tensor's feature-major data is the row-major data of the
 * {@code out x in} matrix of the equations (A's tensor holds A as {@code n2 x n1} row-major).
 */
public final class LinearHvae {
    /** Philox purposes of the reparameterisation noise of z1 and z2. */
    public static final int PURPOSE_EPS1 = RandomStream.PURPOSE_USER + 140;
    public static final int PURPOSE_EPS2 = RandomStream.PURPOSE_USER + 141;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Engine engine;
    private final int n1;
    private final int n2;
    private final int dx;
    // theta
    private final Tensor a;
    private final Tensor c;
    private final Tensor s;
    private final Tensor wz;
    private final Tensor wd;
    private final Tensor b;
    private final Tensor v;
    // phi0
    private final Tensor up2W;
    private final Tensor up2B;
    private final Tensor up1W;
    private final Tensor up1B;
    private final Tensor q1B;
    private final Tensor q1C;
    private final Tensor q1R;
    private final Tensor q2B;
    private final Tensor q2C;
    private final Tensor q2R;

    /** One draw from the encoder: z = (z1, z2), the per-row KL terms (9) and log q(z | x). */
    public record Encoding(Tensor z, Tensor z1, Tensor z2, Tensor kl, Tensor logQ) {
    }

    /**
     * A model with theta at A = 0, c = 0, s = 0, Wz and Wd Glorot-uniform, b = 0, v = 0 and an encoder with
     * Glorot-uniform weights, zero biases and sigma' = 1 (so q starts as a prior-shaped draw).
     */
    public LinearHvae(Engine engine, int n1, int n2, int dx, long seed) {
        if (n1 < 1 || n2 < 1 || dx < 1) {
            throw new IllegalArgumentException("sizes (n1, n2, dx): (" + n1 + ", " + n2 + ", " + dx
                    + "); allowed: all >= 1");
        }
        this.engine = engine;
        this.n1 = n1;
        this.n2 = n2;
        this.dx = dx;
        SplittableRandom rng = new SplittableRandom(seed);
        a = glorot("A", n1, n2, rng);
        c = engine.parameter("c2mu", 1, n2);
        s = engine.parameter("c2sigma", 1, n2);
        wz = glorot("W2z", n2, dx, rng);
        wd = glorot("W2d", n2, dx, rng);
        b = engine.parameter("b", 1, dx);
        v = engine.parameter("logNoiseVar", 1, dx);
        up2W = glorot("W'2", dx, 2 * n2, rng);
        up2B = engine.parameter("b'2", 1, 2 * n2);
        up1W = glorot("W'1", 2 * n2, 2 * n1, rng);
        up1B = engine.parameter("b'1", 1, 2 * n1);
        q1B = glorot("B'1", 2 * n1, n1, rng);
        q1C = engine.parameter("c'1", 1, n1);
        q1R = engine.parameter("logSigma'1", 1, n1);
        q2B = glorot("B'2", 4 * n2, n2, rng);
        q2C = engine.parameter("c'2", 1, n2);
        q2R = engine.parameter("logSigma'2", 1, n2);
    }

    private Tensor glorot(String name, int in, int out, SplittableRandom rng) {
        Tensor t = engine.parameter(name, in, out);
        double[] d = t.data();
        double lim = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < d.length; i++) {
            d[i] = lim * (2 * rng.nextDouble() - 1);
        }
        return t;
    }

    public Engine engine() {
        return engine;
    }

    public int n1() {
        return n1;
    }

    public int n2() {
        return n2;
    }

    public int dataDim() {
        return dx;
    }

    public int latentDim() {
        return n1 + n2;
    }

    /** theta: A, c2^mu, c2^sigma, W2^z, W2^d, b, log-variances of x | z. */
    public List<Tensor> modelParameters() {
        return List.of(a, c, s, wz, wd, b, v);
    }

    /** phi0: the bottom-up weights and the residual heads of both layers. */
    public List<Tensor> encoderParameters() {
        return List.of(up2W, up2B, up1W, up1B, q1B, q1C, q1R, q2B, q2C, q2R);
    }

    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>(modelParameters());
        all.addAll(encoderParameters());
        return all;
    }

    /** A copy of theta as dense matrices, for the closed forms. */
    public LinearHierarchicalModel model() {
        return new LinearHierarchicalModel(DMatrixRMaj.wrap(n2, n1, a.toArray()), c.toArray(), s.toArray(),
                DMatrixRMaj.wrap(dx, n2, wz.toArray()), DMatrixRMaj.wrap(dx, n2, wd.toArray()), b.toArray(),
                v.toArray());
    }

    /** Sets theta to {@code m}'s values (the encoder is left as it is). */
    public void setModel(LinearHierarchicalModel m) {
        if (m.n1() != n1 || m.n2() != n2 || m.dataDim() != dx) {
            throw new IllegalArgumentException("model sizes (" + m.n1() + ", " + m.n2() + ", " + m.dataDim()
                    + "); allowed: (" + n1 + ", " + n2 + ", " + dx + ")");
        }
        a.assign(m.a().data.clone());
        c.assign(m.c().clone());
        s.assign(m.s().clone());
        wz.assign(m.wz().data.clone());
        wd.assign(m.wd().data.clone());
        b.assign(m.b().clone());
        v.assign(m.v().clone());
    }

    /** The mean part of d2 = A z1 + c ({@code n x n2}). */
    private Tensor d2mu(Tensor z1) {
        return Linear.apply(z1, a, c, Linear.Activation.IDENTITY);
    }

    /** log p(x | z) per row: the diagonal Gaussian around Wz z2 + Wd d2^mu + b. */
    private Tensor logLikelihood(Tensor x, Tensor z2, Tensor d2mu) {
        Tensor mean = Linear.apply(z2, wz, b, Linear.Activation.IDENTITY).add(d2mu.matmul(wd));
        Tensor r = x.sub(mean);
        Tensor quad = r.square().mul(v.neg().exp());
        return quad.add(v).sumCols().mul(-0.5).sub(dx * HALF_LOG_2PI);
    }

    /** log N(z; mean, diag(exp(logVar))) per row. */
    private static Tensor logNormal(Tensor z, Tensor mean, Tensor logVar) {
        Tensor r = z.sub(mean);
        return r.square().mul(logVar.neg().exp()).add(logVar).sumCols().mul(-0.5).sub(z.cols() * HALF_LOG_2PI);
    }

    /** log p(x, z) per row ({@code n x 1}) for latents {@code z = (z1, z2)}: the target of the MCMC steps. */
    public Tensor logJoint(Tensor x, Tensor z) {
        checkBatch(x, z);
        Tensor z1 = z.sliceCols(0, n1);
        Tensor z2 = z.sliceCols(n1, n1 + n2);
        Tensor d2 = d2mu(z1);
        Tensor prior1 = z1.square().sumCols().mul(-0.5).sub(n1 * HALF_LOG_2PI);
        return prior1.add(logNormal(z2, d2, s)).add(logLikelihood(x, z2, d2));
    }

    /** One reparameterised draw from q(z | x) with the given standard normals ({@code n x n1}, {@code n x n2}). */
    public Encoding encode(Tensor x, Tensor eps1, Tensor eps2) {
        int n = x.rows();
        if (x.cols() != dx || eps1.rows() != n || eps1.cols() != n1 || eps2.rows() != n || eps2.cols() != n2) {
            throw new IllegalArgumentException("x, eps1, eps2: shapes " + x.rows() + "x" + x.cols() + ", "
                    + eps1.rows() + "x" + eps1.cols() + ", " + eps2.rows() + "x" + eps2.cols() + "; allowed: n x "
                    + dx + ", n x " + n1 + ", n x " + n2);
        }
        Tensor dp2 = Linear.apply(x, up2W, up2B, Linear.Activation.IDENTITY);
        Tensor dp1 = Linear.apply(dp2, up1W, up1B, Linear.Activation.IDENTITY);
        // Layer 1: mu_1 = 0, sigma_1 = 1 (d1 = 0).
        Tensor mu1 = Linear.apply(dp1, q1B, q1C, Linear.Activation.IDENTITY);
        Tensor sd1 = q1R.exp();
        Tensor z1 = mu1.add(eps1.mul(sd1));
        Tensor kl1 = layerKl(mu1, q1R);
        Tensor logQ1 = eps1.square().sumCols().mul(-0.5).sub(q1R.sum()).sub(n1 * HALF_LOG_2PI);
        // Layer 2: mu_2 = d2^mu, sigma_2 = exp(0.5 s); mu'_2 = B'_2 [d2^mu; d2^sigma; d'_2] + c'_2.
        Tensor d2 = d2mu(z1);
        Tensor sigma2 = s.mul(0.5).exp();
        Tensor in2 = Tensor.concatCols(d2, s.broadcastRows(n), dp2);
        Tensor mu2 = Linear.apply(in2, q2B, q2C, Linear.Activation.IDENTITY);
        Tensor z2 = d2.add(sigma2.mul(mu2.add(eps2.mul(q2R.exp()))));
        Tensor kl2 = layerKl(mu2, q2R);
        Tensor logQ2 = eps2.square().sumCols().mul(-0.5).sub(q2R.add(s.mul(0.5)).sum()).sub(n2 * HALF_LOG_2PI);
        return new Encoding(Tensor.concatCols(z1, z2), z1, z2, kl1.add(kl2), logQ1.add(logQ2));
    }

    /** Equation (9) per row: 0.5 sum(exp(2r) + mu'^2 - 1 - 2r). */
    private static Tensor layerKl(Tensor muPrime, Tensor logSigmaPrime) {
        Tensor perFeature = logSigmaPrime.mul(2).exp().sub(logSigmaPrime.mul(2)).sub(1.0);
        return muPrime.square().sumCols().add(perFeature.sum()).mul(0.5);
    }

    /** Standard normals for {@link #encode}, keyed by (seed, row, iteration). */
    public Tensor[] noise(int rows, long seed, int iteration) {
        return new Tensor[] {engine.normal(rows, n1, seed, PURPOSE_EPS1, iteration),
            engine.normal(rows, n2, seed, PURPOSE_EPS2, iteration)};
    }

    /** The hierarchical ELBO per row ({@code n x 1}): log p(x | z) - KL_1 - KL_2(z1), z from the encoder. */
    public Tensor elbo(Tensor x, Tensor eps1, Tensor eps2) {
        return elbo(x, encode(x, eps1, eps2));
    }

    /** The hierarchical ELBO per row for a draw {@code e} of {@link #encode} on {@code x}. */
    public Tensor elbo(Tensor x, Encoding e) {
        return logLikelihood(x, e.z2(), d2mu(e.z1())).sub(e.kl());
    }

    /** One importance weight log p(x, z) - log q(z | x) per row, z from the encoder; E[exp] = p(x). */
    public Tensor logWeight(Tensor x, Tensor eps1, Tensor eps2) {
        Encoding e = encode(x, eps1, eps2);
        return logJoint(x, e.z()).sub(e.logQ());
    }

    private void checkBatch(Tensor x, Tensor z) {
        if (x.cols() != dx || z.cols() != n1 + n2 || x.rows() != z.rows()) {
            throw new IllegalArgumentException("x, z: shapes " + x.rows() + "x" + x.cols() + ", " + z.rows() + "x"
                    + z.cols() + "; allowed: n x " + dx + " and n x " + (n1 + n2));
        }
    }

    /**
     * Importance-sampled log p(x) per observation with its delta-method standard error.
     *
     * @param logPx log of the mean of the weights p(x, z) / q(z | x), z from the encoder (unbiased for p(x)
     *              inside the log)
     * @param se    sd(w) / (mean(w) sqrt(S)) per observation, from the same weights
     */
    public record ImportanceEstimate(double[] logPx, double[] se) {
        /** The sum of the log-likelihoods. */
        public double sum() {
            double acc = 0;
            for (double v : logPx) {
                acc += v;
            }
            return acc;
        }

        /** The standard error of {@link #sum()} (observations independent). */
        public double sumSe() {
            double acc = 0;
            for (double v : se) {
                acc += v * v;
            }
            return Math.sqrt(acc);
        }
    }

    /** {@link #importanceEstimate}'s log-likelihoods. */
    public double[] importanceLogLikelihoods(double[] data, int samples, long seed) {
        return importanceEstimate(data, samples, seed).logPx();
    }

    /**
     * Importance sampling of log p(x) for every observation of a row-major {@code N x dx} array with
     * {@code samples} encoder draws each, keyed by (seed, row of the pass, pass); computed without recording a
     * graph.
     */
    public ImportanceEstimate importanceEstimate(double[] data, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples: " + samples + "; allowed: >= 1");
        }
        if (data.length == 0 || data.length % dx != 0) {
            throw new IllegalArgumentException("data: length " + data.length + "; allowed: a positive multiple of dx = "
                    + dx);
        }
        int n = data.length / dx;
        int perPass = Math.max(1, 20_000 / samples);
        double[] out = new double[n];
        double[] se = new double[n];
        try (Engine.GradRegion r = engine.noGrad()) {
            int pass = 0;
            for (int from = 0; from < n; from += perPass, pass++) {
                int obs = Math.min(perPass, n - from);
                int[] rows = new int[obs * samples];
                for (int o = 0; o < obs; o++) {
                    java.util.Arrays.fill(rows, o * samples, (o + 1) * samples, from + o);
                }
                Tensor x = batch(data, rows);
                Tensor[] eps = noise(rows.length, seed, pass);
                double[] lw = logWeight(x, eps[0], eps[1]).toArray();
                for (int o = 0; o < obs; o++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < samples; k++) {
                        max = Math.max(max, lw[o * samples + k]);
                    }
                    double acc = 0, acc2 = 0;
                    for (int k = 0; k < samples; k++) {
                        double w = Math.exp(lw[o * samples + k] - max);
                        acc += w;
                        acc2 += w * w;
                    }
                    double mean = acc / samples;
                    double var = samples > 1 ? Math.max(0, (acc2 - samples * mean * mean) / (samples - 1)) : 0;
                    out[from + o] = max + Math.log(mean);
                    se[from + o] = Math.sqrt(var / samples) / mean;
                }
            }
        }
        return new ImportanceEstimate(out, se);
    }

    /** A batch tensor ({@code rows.length x dx}) of the given rows of a row-major {@code N x dx} data array. */
    public Tensor batch(double[] data, int[] rows) {
        int n = rows.length;
        double[] fm = new double[n * dx];
        for (int r = 0; r < n; r++) {
            int base = rows[r] * dx;
            for (int k = 0; k < dx; k++) {
                fm[k * n + r] = data[base + k];
            }
        }
        return engine.wrap(n, dx, fm);
    }
}
