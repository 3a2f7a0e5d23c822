package org.leapfrog.samplers.target;


import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.leapfrog.kernels.LfMath;
import org.leapfrog.kernels.Simd;

/**
 * Bayesian logistic regression: {@code y_n ~ Bernoulli(sigmoid(z_n . theta))}, prior {@code theta ~ N(0, s^2 I)}
 * on every coefficient, intercept included. Each feature column is standardised (mean 0, population sd by
 * default or the sample sd) and a column of ones is added for the intercept.
 *
 * <p>Coefficient order: by default the weights of features 1..p, then the intercept (the order of the
 * reference moments); {@link Options#interceptFirst()} puts the intercept first instead.
 *
 * <p>The Java twin goes through chains in tiles: for each data row it forms the logits of all tile chains,
 * then accumulates the gradient, so every chain reuses the row while it is in cache and the inner loops run
 * over chains with unit stride.
 */
public final class LogisticRegression implements Target {
    /**
     * Model options.
     *
     * @param priorScale     s, the prior standard deviation of every coefficient (1 by default; 10 in the
     *                       proposal-entropy paper)
     * @param sampleSd       standardise with the sample sd (ddof 1) instead of the population sd (ddof 0)
     * @param interceptFirst put the intercept first instead of last
     */
    public record Options(double priorScale, boolean sampleSd, boolean interceptFirst) {
        public Options {
            Checks.positive("priorScale", priorScale);
        }

        /** s = 1, population sd, intercept last: the model of the reference moments. */
        public static Options defaults() {
            return new Options(1.0, false, false);
        }

        /** The proposal-entropy paper's model: s = 10, sample sd, intercept first. */
        public static Options proposalEntropyPaper() {
            return new Options(10.0, true, true);
        }

        public Options withPriorScale(double s) {
            return new Options(s, sampleSd, interceptFirst);
        }

        public Options withSampleSd(boolean sample) {
            return new Options(priorScale, sample, interceptFirst);
        }

        public Options withInterceptFirst(boolean first) {
            return new Options(priorScale, sampleSd, first);
        }
    }

    private final String name;
    private final int rows;
    private final int dimension;
    private final Options options;
    private final double a; // 1 / s^2
    private final double[] z; // rows x dimension, row-major, with the column of ones
    private final double[] y;
    private final BlrDataset source;
    private final DeviceCode code;
    // Rows: logits, residuals, log-density accumulators (or for the HVP: logits, e.v, weights).
    private final ThreadLocal<double[]> scratch = ChainTile.scratch(9);
    /** Residual temporaries (u, k, scale, neg): arrays of their own, so the JIT sees no overlap with the tiles. */
    private static final ThreadLocal<double[][]> RESIDUAL_SCRATCH = ThreadLocal.withInitial(
            () -> new double[][] {new double[ChainTile.SIZE], new double[ChainTile.SIZE], new double[ChainTile.SIZE],
                new double[ChainTile.SIZE]});

    /**
     * @param name     the target's name
     * @param features raw features, row-major rows x p, finite
     * @param labels   rows labels, each 0 or 1
     * @param options  the model options
     */
    public LogisticRegression(String name, double[] features, double[] labels, Options options) {
        this(name, features, labels, options, null);
    }

    private LogisticRegression(String name, double[] features, double[] labels, Options options, BlrDataset source) {
        this.name = Checks.name(name);
        if (options == null) {
            throw new IllegalArgumentException("options: null; allowed: LogisticRegression.Options, e.g. Options.defaults()");
        }
        if (labels == null || labels.length == 0) {
            throw new IllegalArgumentException("labels: " + (labels == null ? "null" : "empty") + "; allowed: one label (0 or 1) per row");
        }
        this.rows = labels.length;
        if (features == null || features.length == 0 || features.length % rows != 0) {
            throw new IllegalArgumentException("features: length " + (features == null ? "null" : features.length)
                    + " for " + rows + " labels; allowed: rows x p values (row-major), p >= 1");
        }
        int p = features.length / rows;
        for (int i = 0; i < features.length; i++) {
            if (!Double.isFinite(features[i])) {
                throw new IllegalArgumentException("features[" + i + "]: " + features[i] + "; allowed: a finite number");
            }
        }
        this.y = labels.clone();
        for (int n = 0; n < rows; n++) {
            if (y[n] != 0 && y[n] != 1) {
                throw new IllegalArgumentException("labels[" + n + "]: " + y[n] + "; allowed: 0 or 1");
            }
        }
        if (options.sampleSd() && rows < 2) {
            throw new IllegalArgumentException("options.sampleSd: true with " + rows + " row; allowed: 2 or more rows");
        }
        this.options = options;
        this.source = source;
        this.dimension = p + 1;
        this.a = 1.0 / (options.priorScale() * options.priorScale());
        int d = dimension, off = options.interceptFirst() ? 1 : 0, ones = options.interceptFirst() ? 0 : p;
        this.z = new double[rows * d];
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (int n = 0; n < rows; n++) {
                mean += features[n * p + j];
            }
            mean /= rows;
            double ss = 0;
            for (int n = 0; n < rows; n++) {
                double r = features[n * p + j] - mean;
                ss += r * r;
            }
            double sd = Math.sqrt(ss / (options.sampleSd() ? rows - 1 : rows));
            if (!(sd > 0)) {
                throw new IllegalArgumentException("features: column " + j + " is constant (" + features[j]
                        + "); allowed: columns with positive spread, since each is standardised");
            }
            for (int n = 0; n < rows; n++) {
                z[n * d + off + j] = (features[n * p + j] - mean) / sd;
            }
        }
        for (int n = 0; n < rows; n++) {
            z[n * d + ones] = 1.0;
        }
        double[] td = new double[1 + rows * d + rows];
        td[0] = a;
        System.arraycopy(z, 0, td, 1, rows * d);
        System.arraycopy(y, 0, td, 1 + rows * d, rows);
        this.code = new DeviceCode(TargetSources.compose(name, d, "logistic_regression.cl", "LF_BLR_ROWS " + rows), td);
    }

    /** The standard model on a vendored data set, named by the data set (e.g. {@code german}). */
    public static LogisticRegression of(BlrDataset data) {
        return of(data, Options.defaults());
    }

    public static LogisticRegression of(BlrDataset data, Options options) {
        return new LogisticRegression(data.id(), data.featureMatrix(), data.labels(), options, data);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    public int rows() {
        return rows;
    }

    public Options options() {
        return options;
    }

    /** The design matrix used: standardised features and the column of ones, row-major rows x dimension (a copy). */
    public double[] designMatrix() {
        return z.clone();
    }

    /** w.1 .. w.p and b (intercept), in coefficient order. */
    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(dimension);
        if (options.interceptFirst()) {
            names.add("b");
        }
        for (int j = 1; j < dimension; j++) {
            names.add("w." + j);
        }
        if (!options.interceptFirst()) {
            names.add("b");
        }
        return names;
    }

    /**
     * The published reference posterior means (in this target's coefficient order), when this target is a
     * vendored data set with s = 1 and the population sd, the model they were computed for.
     */
    public Optional<double[]> referencePosteriorMean() {
        return reference(true);
    }

    /** The published reference posterior standard deviations, under the same condition. */
    public Optional<double[]> referencePosteriorSd() {
        return reference(false);
    }

    private Optional<double[]> reference(boolean mean) {
        if (source == null || options.priorScale() != 1.0 || options.sampleSd()) {
            return Optional.empty();
        }
        double[] r = mean ? source.referencePosteriorMean() : source.referencePosteriorSd();
        if (options.interceptFirst()) {
            double b = r[r.length - 1];
            System.arraycopy(r, 0, r, 1, r.length - 1);
            r[0] = b;
        }
        return Optional.of(r);
    }

    @Override
    public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
        pass(x, grad, logDensity, stride, from, to, true);
    }

    /** The gradient without the log density's log1p terms (leapfrog steps before the last). */
    @Override
    public void gradient(double[] x, double[] grad, double[] scratch, int stride, int from, int to) {
        pass(x, grad, scratch, stride, from, to, false);
    }

    /**
     * One pass over the rows, four at a time (the OpenCL twin's blocking, same operation order per element).
     * Scratch tiles: 0-3 logits of the four rows, 4-7 residuals, 8 log density.
     */
    private void pass(double[] x, double[] grad, double[] logDensity, int stride, int from, int to, boolean wantLp) {
        int rest = Simd.ENABLED ? simdPass(x, grad, logDensity, stride, from, to, wantLp) : from;
        scalarPass(x, grad, logDensity, stride, rest, to, wantLp);
    }

    /** The scalar pass over chains [from, to): everything when SIMD is off, else the chains past the last group. */
    void scalarPass(double[] x, double[] grad, double[] logDensity, int stride, int from, int to, boolean wantLp) {
        final int T = ChainTile.SIZE, d = dimension;
        double[] s = scratch.get();
        final int lp = 8 * T;
        for (int c0 = from; c0 < to; c0 += T) {
            int m = Math.min(T, to - c0);
            for (int t = 0; t < m; t++) {
                s[lp + t] = 0;
            }
            for (int j = 0; j < d; j++) {
                int b = j * stride + c0;
                for (int t = 0; t < m; t++) {
                    double th = x[b + t];
                    grad[b + t] = -a * th;
                    s[lp + t] += th * th;
                }
            }
            for (int t = 0; t < m; t++) {
                s[lp + t] = -0.5 * a * s[lp + t];
            }
            int n = 0;
            for (; n + 4 <= rows; n += 4) {
                int row = n * d;
                java.util.Arrays.fill(s, 0, 4 * T, 0.0);
                for (int j = 0; j < d; j++) {
                    double z0 = z[row + j], z1 = z[row + d + j], z2 = z[row + 2 * d + j], z3 = z[row + 3 * d + j];
                    int b = j * stride + c0;
                    for (int t = 0; t < m; t++) {
                        double xj = x[b + t];
                        s[t] = Math.fma(z0, xj, s[t]);
                        s[T + t] = Math.fma(z1, xj, s[T + t]);
                        s[2 * T + t] = Math.fma(z2, xj, s[2 * T + t]);
                        s[3 * T + t] = Math.fma(z3, xj, s[3 * T + t]);
                    }
                }
                for (int k = 0; k < 4; k++) {
                    residuals(s, k * T, (4 + k) * T, lp, y[n + k], m, wantLp);
                }
                for (int j = 0; j < d; j++) {
                    double z0 = z[row + j], z1 = z[row + d + j], z2 = z[row + 2 * d + j], z3 = z[row + 3 * d + j];
                    int b = j * stride + c0;
                    for (int t = 0; t < m; t++) {
                        grad[b + t] = Math.fma(s[7 * T + t], z3, Math.fma(s[6 * T + t], z2,
                                Math.fma(s[5 * T + t], z1, Math.fma(s[4 * T + t], z0, grad[b + t]))));
                    }
                }
            }
            for (; n < rows; n++) {
                int row = n * d;
                java.util.Arrays.fill(s, 0, T, 0.0);
                for (int j = 0; j < d; j++) {
                    double zj = z[row + j];
                    int b = j * stride + c0;
                    for (int t = 0; t < m; t++) {
                        s[t] = Math.fma(zj, x[b + t], s[t]);
                    }
                }
                residuals(s, 0, 4 * T, lp, y[n], m, wantLp);
                for (int j = 0; j < d; j++) {
                    double zj = z[row + j];
                    int b = j * stride + c0;
                    for (int t = 0; t < m; t++) {
                        grad[b + t] = Math.fma(s[4 * T + t], zj, grad[b + t]);
                    }
                }
            }
            System.arraycopy(s, lp, logDensity, c0, m);
        }
    }

    /**
     * The pass for whole groups of {@link SimdLogisticPass#GROUP} chains from {@code from} with SIMD lanes (same
     * bits as the scalar pass); returns the first chain it left to the scalar pass. Scratch: logits of four rows
     * at 0, their residuals at 4G, the log density at 8G, the prior's sum of squares at 9G.
     */
    private int simdPass(double[] x, double[] grad, double[] logDensity, int stride, int from, int to,
                         boolean wantLp) {
        final int g = SimdLogisticPass.GROUP, d = dimension, res = 4 * g, lp = 8 * g, sq = 9 * g;
        double[] s = scratch.get();
        int c0 = from;
        for (; c0 + g <= to; c0 += g) {
            SimdLogisticPass.prior(x, grad, s, sq, a, d, stride, c0);
            for (int t = 0; t < g; t++) {
                s[lp + t] = -0.5 * a * s[sq + t];
            }
            int n = 0;
            for (; n + 4 <= rows; n += 4) {
                SimdLogisticPass.logits4(z, n, d, x, stride, c0, s, 0);
                groupResiduals(s, n, 4, g, wantLp);
                SimdLogisticPass.accumulate4(z, n, d, s, res, grad, stride, c0);
            }
            for (; n < rows; n++) {
                SimdLogisticPass.logits1(z, n, d, x, stride, c0, s, 0);
                groupResiduals(s, n, 1, g, wantLp);
                SimdLogisticPass.accumulate1(z, n, d, s, res, grad, stride, c0);
            }
            System.arraycopy(s, lp, logDensity, c0, g);
        }
        return c0;
    }

    /**
     * {@link #residuals} for rows n..n+count-1 of a SIMD group of g chains: logits at s[k g + t], residuals to
     * s[4g + k g + t], log density at s[8g + t] in row order.
     */
    private void groupResiduals(double[] s, int n, int count, int g, boolean wantLp) {
        double[][] r = RESIDUAL_SCRATCH.get();
        double[] u = r[0];
        int res = 4 * g, lp = 8 * g;
        SimdLogisticPass.residuals(s, res, y, n, count, u);
        if (wantLp) {
            SimdLogisticPass.addLogLikelihood(s, lp, y, n, count, u, r[1], r[2]);
        }
    }

    /**
     * Residual y - sigmoid(e) of one row for every chain of the tile, and its log-likelihood term. Split into
     * loops so the arithmetic vectorises: u = expNeg(|e|) block-wise, then (e >= 0 ? 1 : u) as
     * (1 - neg) + neg * u with neg in {0, 1}, which is 1 or u exactly (u is positive).
     */
    private static void residuals(double[] s, int logits, int res, int lp, double yn, int m, boolean wantLp) {
        double[][] r = RESIDUAL_SCRATCH.get();
        double[] u = r[0], neg = r[3];
        LfMath.expNegAbs(s, logits, u, 0, m, r[1], 0, r[2], 0);
        for (int t = 0; t < m; t++) {
            neg[t] = s[logits + t] >= 0 ? 0.0 : 1.0;
        }
        for (int t = 0; t < m; t++) {
            double ut = u[t], n = neg[t];
            s[res + t] = yn - ((1.0 - n) + n * ut) / (1.0 + ut);
        }
        if (wantLp) {
            for (int t = 0; t < m; t++) {
                double e = s[logits + t];
                s[lp + t] += yn * e - Math.max(e, 0.0) - LfMath.log1p(u[t]);
            }
        }
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
        final int T = ChainTile.SIZE, d = dimension;
        double[] s = scratch.get();
        final int ev = T, w = 2 * T;
        for (int c0 = from; c0 < to; c0 += T) {
            int m = Math.min(T, to - c0);
            for (int j = 0; j < d; j++) {
                int b = j * stride + c0;
                for (int t = 0; t < m; t++) {
                    out[b + t] = -a * v[b + t];
                }
            }
            for (int n = 0, row = 0; n < rows; n++, row += d) {
                for (int t = 0; t < m; t++) {
                    s[t] = 0;
                    s[ev + t] = 0;
                }
                for (int j = 0; j < d; j++) {
                    double zj = z[row + j];
                    int b = j * stride + c0;
                    for (int t = 0; t < m; t++) {
                        s[t] += zj * x[b + t];
                        s[ev + t] += zj * v[b + t];
                    }
                }
                for (int t = 0; t < m; t++) {
                    double u = Math.exp(-Math.abs(s[t]));
                    double q = 1.0 + u;
                    s[w + t] = -u / (q * q) * s[ev + t];
                }
                for (int j = 0; j < d; j++) {
                    double zj = z[row + j];
                    int b = j * stride + c0;
                    for (int t = 0; t < m; t++) {
                        out[b + t] += s[w + t] * zj;
                    }
                }
            }
        }
    }

    @Override
    public Optional<DeviceCode> deviceCode() {
        return Optional.of(code);
    }
}
