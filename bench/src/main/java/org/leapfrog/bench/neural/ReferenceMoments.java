package org.leapfrog.bench.neural;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.samplers.adapt.TunedParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.neural.NeuralWarmup;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * Dimension-wise reference moments of a target from a long HMC run of our own (window adaptation, then the
 * tuned sampler): mean, sd and central 4th moment, each with its Monte Carlo standard error from the spread of
 * the per-chain averages (chains are independent). These are the "true moments" of {@code bench neural} for the
 * logistic regressions; the stored files ({@code reference-<target>.json} in this package's resources) were made
 * by {@link #main} with the command recorded in them.
 *
 * @param madeBy the command and settings that produced the file
 */
public record ReferenceMoments(String target, int dimension, double[] mean, double[] sd, double[] fourth,
                               double[] mcseMean, double[] mcseSd, double[] mcseFourth, String madeBy) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public double[] variance() {
        double[] v = new double[dimension];
        for (int d = 0; d < dimension; d++) {
            v[d] = sd[d] * sd[d];
        }
        return v;
    }

    /**
     * Usage: {@code ReferenceMoments OUT_DIR CHAINS WARMUP DRAWS TARGET...}: writes {@code reference-<target>.json}
     * for each target.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int chains = Integer.parseInt(args[1]), warmup = Integer.parseInt(args[2]), draws = Integer.parseInt(args[3]);
        for (int i = 4; i < args.length; i++) {
            Target t = Targets.byName(args[i], null);
            try (Backend b = Backends.open((String) null, null, m -> { })) {
                ReferenceMoments r = compute(b, t, chains, warmup, draws, 20210503L,
                        "ReferenceMoments " + dir + " " + chains + " " + warmup + " " + draws + " " + args[i]
                                + " (HMC, window adaptation with 10 leapfrog steps and a diagonal metric, then "
                                + draws + " draws of every chain)");
                r.write(dir.resolve("reference-" + t.name() + ".json"));
            }
        }
    }

    /** Runs the reference HMC and computes the moments. */
    public static ReferenceMoments compute(Backend backend, Target target, int chains, int warmup, int draws, long seed,
                                           String madeBy) {
        int dim = target.dimension();
        TunedParameters tuned = NeuralWarmup.hmc(backend, target, chains, warmup, 0.05, seed);
        double[][] sums = new double[4][dim * chains];
        double[] pos = new double[dim * chains], lp = new double[chains];
        try (HmcSampler s = tuned.sampler(backend, target, seed + 1)) {
            for (int it = 0; it < draws; it++) {
                s.step(warmup + it);
                s.readPositions(pos);
                for (int i = 0; i < pos.length; i++) {
                    double x = pos[i], x2 = x * x;
                    sums[0][i] += x;
                    sums[1][i] += x2;
                    sums[2][i] += x2 * x;
                    sums[3][i] += x2 * x2;
                }
            }
            s.readState(pos, lp);
        }
        double[] mean = new double[dim], sd = new double[dim], fourth = new double[dim];
        double[] mcseMean = new double[dim], mcseSd = new double[dim], mcseFourth = new double[dim];
        double[] cm = new double[chains], cs = new double[chains], cf = new double[chains];
        for (int d = 0; d < dim; d++) {
            double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
            for (int c = 0; c < chains; c++) {
                int i = d * chains + c;
                m1 += sums[0][i];
                m2 += sums[1][i];
                m3 += sums[2][i];
                m4 += sums[3][i];
            }
            double n = (double) chains * draws;
            m1 /= n;
            m2 /= n;
            m3 /= n;
            m4 /= n;
            mean[d] = m1;
            double var = m2 - m1 * m1;
            sd[d] = Math.sqrt(var);
            fourth[d] = central4(m1, m2, m3, m4, m1);
            for (int c = 0; c < chains; c++) {
                int i = d * chains + c;
                double a1 = sums[0][i] / draws, a2 = sums[1][i] / draws, a3 = sums[2][i] / draws, a4 = sums[3][i] / draws;
                cm[c] = a1;
                cs[c] = Math.sqrt(Math.max(a2 - 2 * a1 * m1 + m1 * m1, 0)); // sd about the pooled mean
                cf[c] = central4(a1, a2, a3, a4, m1);
            }
            mcseMean[d] = spread(cm) / Math.sqrt(chains);
            mcseSd[d] = spread(cs) / Math.sqrt(chains);
            mcseFourth[d] = spread(cf) / Math.sqrt(chains);
        }
        return new ReferenceMoments(target.name(), dim, mean, sd, fourth, mcseMean, mcseSd, mcseFourth, madeBy);
    }

    /** E[(x - mu)^4] from raw moments. */
    static double central4(double m1, double m2, double m3, double m4, double mu) {
        return m4 - 4 * mu * m3 + 6 * mu * mu * m2 - 4 * mu * mu * mu * m1 + mu * mu * mu * mu;
    }

    static double spread(double[] a) {
        double m = 0;
        for (double v : a) {
            m += v;
        }
        m /= a.length;
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (a.length - 1));
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), this);
    }

    /** The stored reference of a target, or null if none is stored. */
    public static ReferenceMoments stored(String target) {
        try (InputStream in = ReferenceMoments.class.getResourceAsStream("reference-" + target + ".json")) {
            return in == null ? null : JSON.readValue(in, ReferenceMoments.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored reference of " + target, e);
        }
    }

    static Map<String, Object> describe(ReferenceMoments r) {
        return Map.of("target", r.target(), "made_by", r.madeBy());
    }
}
