package org.leapfrog.bench.suite;

import java.util.List;
import java.util.SplittableRandom;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.target.BlrDataset;
import org.leapfrog.samplers.target.KnownMoments;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * A fixed HMC workload of the throughput benchmark: a built-in target, a step size, L leapfrog steps, unit
 * metric, float64, Philox momenta every iteration and a full MH step (what the C references time).
 *
 * <p>Chains start near stationarity, so that short runs measure the stationary ESS: at independent draws from
 * N(mean, diag(variance)) of the target's true moments, or of the published reference posterior for German
 * credit.
 *
 * @param name     the target's built-in name
 * @param stepSize leapfrog step size
 * @param steps    leapfrog steps per iteration, L
 */
public record HmcWorkload(String name, double stepSize, int steps) {

    /** ICG-50, step size 0.18, L = 10 (issue 3's first standard workload). */
    public static HmcWorkload icg50() {
        return new HmcWorkload("icg50", 0.18, 10);
    }

    /** German credit logistic regression, step size 0.03, L = 10 (issue 3's second standard workload). */
    public static HmcWorkload german() {
        return new HmcWorkload("german", 0.03, 10);
    }

    public static List<HmcWorkload> standard() {
        return List.of(icg50(), german());
    }

    public Target target() {
        return Targets.byName(name, null);
    }

    public HmcParameters parameters(int dimension) {
        return HmcParameters.hmc(stepSize, steps, dimension);
    }

    /** Start positions for this workload's target, chain-minor, reproducible from the seed. */
    public double[] start(Target target, int chains, long seed) {
        int d = target.dimension();
        double[] mean = new double[d];
        double[] sd = new double[d];
        if (target.moments().isPresent()) {
            KnownMoments m = target.moments().get();
            for (int i = 0; i < d; i++) {
                mean[i] = m.mean()[i];
                sd[i] = Math.sqrt(m.variance(i));
            }
        } else if (name.equals("german")) {
            mean = BlrDataset.GERMAN.referencePosteriorMean();
            sd = BlrDataset.GERMAN.referencePosteriorSd();
        } else {
            java.util.Arrays.fill(sd, 1.0);
        }
        return gaussian(mean, sd, chains, seed);
    }

    /** Independent N(mean_d, sd_d^2) draws, chain-minor. */
    public static double[] gaussian(double[] mean, double[] sd, int chains, long seed) {
        double[] x = new double[mean.length * chains];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int d = 0; d < mean.length; d++) {
            for (int c = 0; c < chains; c++) {
                x[d * chains + c] = mean[d] + sd[d] * rng.nextGaussian();
            }
        }
        return x;
    }
}
