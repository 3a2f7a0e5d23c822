package org.leapfrog.samplers.diagnostics;

import java.util.Arrays;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter and Buerkner (2021), computed exactly as R
 * {@code posterior} 1.4.0 computes them (same splitting, ranking, Geyer truncation and capping), so values
 * agree with it to rounding. Where posterior returns NA (any NaN or infinite value where it checks, constant
 * values, fewer than 3 draws per split chain) these return {@link Double#NaN}.
 *
 * <p>Input: {@link ChainDraws}, chain-major. One chain is allowed (it is split in two). For 2 or 3 draws per
 * chain, posterior's split drops matrix dimensions, giving two columns (first draws, last draws) of one value
 * per chain; this class reproduces that.
 */
public final class Convergence {
    /** Probabilities posterior uses for the +-1 sd interval of a quantile's MCSE. */
    private static final double MCSE_Q_LOWER = 0.1586553;
    private static final double MCSE_Q_UPPER = 0.8413447;
    private static final double BETA_INVERSE_ACCURACY = 1e-15;

    private Convergence() {}

    /** Rank-normalised split R-hat: the larger of the bulk and the folded (tail) versions. */
    public static double rhat(ChainDraws x) {
        double bulk = rhatOf(zScale(split(x)));
        double tail = rhatOf(zScale(split(fold(x))));
        return maxNaN(bulk, tail);
    }

    /** Classic R-hat on the raw values, split or not. */
    public static double rhatBasic(ChainDraws x, boolean split) {
        return rhatOf(split ? split(x) : x);
    }

    public static double essBulk(ChainDraws x) {
        return ess(zScale(split(x)));
    }

    /** Minimum of the ESS of the 5% and 95% quantiles. */
    public static double essTail(ChainDraws x) {
        return minNaN(essQuantile(x, 0.05), essQuantile(x, 0.95));
    }

    /** ESS of the indicator x <= quantile(x, prob). */
    public static double essQuantile(ChainDraws x, double prob) {
        checkProbability(prob);
        if (RStats.shouldReturnNaN(x.values())) {
            return Double.NaN;
        }
        double p = prob;
        if (p == 1) {
            int len = x.size();
            p = (len - 0.5) / len;
        }
        double q = RStats.quantile(x.values(), p);
        double[] indicator = new double[x.size()];
        for (int i = 0; i < indicator.length; i++) {
            indicator[i] = x.values()[i] <= q ? 1.0 : 0.0;
        }
        return ess(split(new ChainDraws(x.chains(), x.draws(), indicator)));
    }

    /** ESS for the mean (split chains, raw values). */
    public static double essMean(ChainDraws x) {
        return ess(split(x));
    }

    /** ESS for the standard deviation as posterior defines it: of |x - mean(x)|. */
    public static double essSd(ChainDraws x) {
        double m = RStats.mean(x.values());
        double[] dev = new double[x.size()];
        for (int i = 0; i < dev.length; i++) {
            dev[i] = Math.abs(x.values()[i] - m);
        }
        return ess(split(new ChainDraws(x.chains(), x.draws(), dev)));
    }

    /** ESS of the raw values, split or not. */
    public static double essBasic(ChainDraws x, boolean split) {
        return ess(split ? split(x) : x);
    }

    public static double mcseMean(ChainDraws x) {
        return RStats.sd(x.values()) / Math.sqrt(essMean(x));
    }

    /** Delta-method MCSE of the standard deviation (posterior 1.4.0). */
    public static double mcseSd(ChainDraws x) {
        double[] v = x.values();
        double m = RStats.mean(v);
        double[] c2 = new double[v.length];
        double[] c4 = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double d = v[i] - m;
            c2[i] = d * d;
            c4[i] = c2[i] * c2[i];
        }
        double ess = essMean(new ChainDraws(x.chains(), x.draws(), c2));
        double eVar = RStats.mean(c2);
        double varVar = (RStats.mean(c4) - eVar * eVar) / ess;
        double varSd = varVar / eVar / 4;
        return Math.sqrt(varSd);
    }

    /** MCSE of a quantile from the Beta posterior of the indicator's ESS (posterior's mcse_quantile). */
    public static double mcseQuantile(ChainDraws x, double prob) {
        double ess = essQuantile(x, prob);
        if (Double.isNaN(ess)) {
            return Double.NaN;
        }
        BetaDistribution beta = new BetaDistribution(null, ess * prob + 1, ess * (1 - prob) + 1,
                BETA_INVERSE_ACCURACY);
        double a1 = beta.inverseCumulativeProbability(MCSE_Q_LOWER);
        double a2 = beta.inverseCumulativeProbability(MCSE_Q_UPPER);
        double[] sorted = x.values().clone();
        Arrays.sort(sorted);
        int s = sorted.length;
        double th1 = sorted[(int) Math.max(Math.floor(a1 * s), 1) - 1];
        double th2 = sorted[(int) Math.min(Math.ceil(a2 * s), s) - 1];
        return (th2 - th1) / 2;
    }

    /** Type-7 quantile over all chains (R's default; posterior's quantile2); NaN if any draw is NaN. */
    public static double quantile(ChainDraws x, double prob) {
        checkProbability(prob);
        return RStats.quantile(x.values(), prob);
    }

    public static double mean(ChainDraws x) {
        return RStats.mean(x.values());
    }

    /** Standard deviation over all draws (n - 1). */
    public static double sd(ChainDraws x) {
        return RStats.sd(x.values());
    }

    // ---- posterior's building blocks -------------------------------------------------------------------

    /** posterior's .split_chains, including R's dimension drop when each half has one draw. */
    static ChainDraws split(ChainDraws x) {
        int n = x.draws();
        int chains = x.chains();
        if (n == 1) {
            return x;
        }
        double[] v = x.values();
        double half = n / 2.0;
        int firstLen = (int) Math.floor(half);
        int secondStart = (int) Math.ceil(half + 1) - 1; // 0-based
        int secondLen = n - secondStart;
        if (firstLen == 1) {
            // x[1, ] and x[n, ] are vectors: cbind makes two columns with one entry per chain.
            double[] out = new double[2 * chains];
            for (int c = 0; c < chains; c++) {
                out[c] = v[c * n];
                out[chains + c] = v[c * n + secondStart];
            }
            return new ChainDraws(2, chains, out);
        }
        double[] out = new double[2 * chains * firstLen];
        for (int c = 0; c < chains; c++) {
            System.arraycopy(v, c * n, out, c * firstLen, firstLen);
            System.arraycopy(v, c * n + secondStart, out, (chains + c) * firstLen, secondLen);
        }
        return new ChainDraws(2 * chains, firstLen, out);
    }

    /** |x - median(x)| over all draws. */
    static ChainDraws fold(ChainDraws x) {
        double med = RStats.median(x.values());
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.abs(x.values()[i] - med);
        }
        return new ChainDraws(x.chains(), x.draws(), out);
    }

    /**
     * Rank normalisation: average ranks over all draws, back-transformed with Blom's c = 3/8 and mapped through
     * the normal quantile. Any NaN makes everything NaN (posterior then returns NA anyway).
     */
    static ChainDraws zScale(ChainDraws x) {
        double[] v = x.values();
        double[] out = new double[v.length];
        if (RStats.anyNaN(v)) {
            Arrays.fill(out, Double.NaN);
            return new ChainDraws(x.chains(), x.draws(), out);
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double denominator = v.length - 2 * 0.375 + 1;
        for (int i = 0; i < v.length; i++) {
            int lo = lowerBound(sorted, v[i]);
            int hi = upperBound(sorted, v[i]) - 1;
            double rank = (lo + hi) / 2.0 + 1; // ties get the average of their 1-based positions
            out[i] = NormalQuantile.of((rank - 0.375) / denominator);
        }
        return new ChainDraws(x.chains(), x.draws(), out);
    }

    /** posterior's .rhat on (draws x chains). */
    static double rhatOf(ChainDraws x) {
        if (RStats.shouldReturnNaN(x.values())) {
            return Double.NaN;
        }
        int chains = x.chains();
        int n = x.draws();
        double[] chainMean = new double[chains];
        double varWithinSum = 0;
        for (int c = 0; c < chains; c++) {
            chainMean[c] = RStats.mean(x.values(), c * n, n);
            varWithinSum += RStats.var(x.values(), c * n, n);
        }
        double varBetween = n * RStats.var(chainMean);
        double varWithin = varWithinSum / chains;
        return Math.sqrt((varBetween / varWithin + n - 1) / n);
    }

    /** posterior's .ess: Geyer's initial positive then monotone sequence on FFT autocovariances. */
    static double ess(ChainDraws x) {
        int chains = x.chains();
        int n = x.draws();
        if (n < 3 || RStats.shouldReturnNaN(x.values())) {
            return Double.NaN;
        }
        Autocovariance acf = new Autocovariance();
        double[] acov = new double[n];
        // 1-based like the R code it mirrors: acovMeans[k] is lag k - 1.
        double[] acovMeans = new double[n + 1];
        double[] chainMean = new double[chains];
        for (int c = 0; c < chains; c++) {
            acf.compute(x.values(), c * n, n, acov);
            for (int k = 0; k < n; k++) {
                acovMeans[k + 1] += acov[k];
            }
            chainMean[c] = RStats.mean(x.values(), c * n, n);
        }
        for (int k = 1; k <= n; k++) {
            acovMeans[k] /= chains;
        }
        double meanVar = acovMeans[1] * n / (n - 1);
        double varPlus = meanVar * (n - 1) / n;
        if (chains > 1) {
            varPlus += RStats.var(chainMean);
        }
        double[] rho = new double[n + 1]; // rho[t + 1] is lag t
        int t = 0;
        double rhoEven = 1;
        rho[t + 1] = rhoEven;
        double rhoOdd = 1 - (meanVar - acovMeans[t + 2]) / varPlus;
        rho[t + 2] = rhoOdd;
        while (t < n - 5 && !Double.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
            t += 2;
            rhoEven = 1 - (meanVar - acovMeans[t + 1]) / varPlus;
            rhoOdd = 1 - (meanVar - acovMeans[t + 2]) / varPlus;
            if (rhoEven + rhoOdd >= 0) {
                rho[t + 1] = rhoEven;
                rho[t + 2] = rhoOdd;
            }
        }
        int maxT = t;
        if (rhoEven > 0) {
            rho[maxT + 1] = rhoEven;
        }
        t = 0;
        while (t <= maxT - 4) {
            t += 2;
            if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) {
                rho[t + 1] = (rho[t - 1] + rho[t]) / 2;
                rho[t + 2] = rho[t + 1];
            }
        }
        double total = (double) chains * n;
        // R's sum(rho_hat_t[1:max_t]) is rho_hat_t[1] alone when max_t == 0 (1:0 is c(1, 0)).
        double sum = 0;
        for (int k = 1; k <= Math.max(maxT, 1); k++) {
            sum += rho[k];
        }
        double tauHat = -1 + 2 * sum + rho[maxT + 1];
        double tauBound = 1 / Math.log10(total);
        if (tauHat < tauBound) {
            tauHat = tauBound;
        }
        return total / tauHat;
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** R's max/min of two numbers: NA if either is NA. */
    private static double maxNaN(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    private static double minNaN(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
    }

    private static void checkProbability(double prob) {
        if (!(prob >= 0 && prob <= 1)) {
            throw new IllegalArgumentException("prob = " + prob + "; must be in [0, 1]");
        }
    }
}
