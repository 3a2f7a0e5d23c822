package org.leapfrog.bench.neural;

import java.util.LinkedHashMap;
import java.util.Map;
import org.leapfrog.samplers.diagnostics.StepSamples;

/**
 * The Fig. A.4 check: dimension-wise mean, sd and central 4th moment of a sampler's draws against a reference
 * run, each difference compared with its Monte Carlo standard error (the draws' MCSE from the spread of the
 * per-chain averages, independent chains, combined with the reference's). A dimension passes a moment when the
 * difference is within 4 combined MCSEs (two-sided 6e-5 per comparison if the errors are Gaussian).
 */
public final class MomentCheck {
    static final double Z = 4.0;

    private MomentCheck() {
    }

    /** Per moment: dimensions checked, dimensions within Z MCSE, and the largest |difference| / MCSE. */
    public static Map<String, Object> check(StepSamples s, ReferenceMoments r) {
        int n = s.chains(), t = s.steps(), dim = s.dimension();
        int[] within = new int[3];
        double[] worst = new double[3];
        double[] cm = new double[n], cs = new double[n], cf = new double[n];
        for (int d = 0; d < dim; d++) {
            double mu = r.mean()[d];
            double g1 = 0, g2 = 0, g4 = 0;
            for (int c = 0; c < n; c++) {
                double a1 = 0, a2 = 0, a4 = 0;
                for (int k = 0; k < t; k++) {
                    double x = s.get(k, c, d) - mu;
                    a1 += x;
                    a2 += x * x;
                    a4 += x * x * x * x;
                }
                cm[c] = a1 / t;
                cs[c] = a2 / t;
                cf[c] = a4 / t;
                g1 += cm[c] / n;
                g2 += cs[c] / n;
                g4 += cf[c] / n;
            }
            double mean = mu + g1;
            double sd = Math.sqrt(Math.max(g2 - g1 * g1, 0));
            double fourth = g4; // about the reference mean, as the reference's own (which is about its mean)
            double eMean = ReferenceMoments.spread(cm) / Math.sqrt(n);
            double eVar = ReferenceMoments.spread(cs) / Math.sqrt(n);
            double eSd = eVar / (2 * Math.max(sd, 1e-300));
            double eFourth = ReferenceMoments.spread(cf) / Math.sqrt(n);
            double[] z = {
                (mean - r.mean()[d]) / Math.hypot(eMean, r.mcseMean()[d]),
                (sd - r.sd()[d]) / Math.hypot(eSd, r.mcseSd()[d]),
                (fourth - r.fourth()[d]) / Math.hypot(eFourth, r.mcseFourth()[d])};
            for (int k = 0; k < 3; k++) {
                if (Math.abs(z[k]) <= Z) {
                    within[k]++;
                }
                worst[k] = Math.max(worst[k], Math.abs(z[k]));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        String[] names = {"mean", "sd", "fourth"};
        for (int k = 0; k < 3; k++) {
            m.put(names[k] + "_within_4_mcse", within[k]);
            m.put(names[k] + "_worst_z", worst[k]);
        }
        m.put("dimensions", dim);
        m.put("pass", within[0] == dim && within[1] == dim && within[2] == dim);
        return m;
    }
}
