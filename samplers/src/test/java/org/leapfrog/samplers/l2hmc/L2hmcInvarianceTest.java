package org.leapfrog.samplers.l2hmc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.DiagonalGaussian;
import org.leapfrog.samplers.target.GaussianMixture;
import org.leapfrog.samplers.target.RoughWell;
import org.leapfrog.samplers.target.Target;

/**
 * Invariance: 10,000 independent chains started from exact draws of ICG-50, SCG, MoG and the Rough Well, two
 * L2HMC iterations with an untrained network (outputs perturbed far from 0) and with a briefly trained one. If
 * the kernel leaves the target invariant, the end states are again exact draws, so for each coordinate the
 * paired differences f(x_end) - f(x_start) have mean 0 for f = x, x^2 and the indicators of x below the
 * 10%, 50% and 90% quantiles (taken from an independent exact sample). Each is a z-test on 10,000 paired
 * differences, failing at |z| > 5 (two-sided p = 5.7e-7); 2 models x (50 + 3 x 2) coordinates x 5 statistics =
 * 560 tests, so the false-failure rate is at most 3.2e-4. The chains must also move (mean acceptance > 0.1).
 */
class L2hmcInvarianceTest {
    private static final int CHAINS = 10_000;
    private static final double Z_MAX = 5.0;

    @Test
    void endStatesOfExactStartsKeepMeansVariancesAndQuantiles() {
        boolean cl = OpenClRequirement.availableOrFailInCi();
        List<String> failures = new ArrayList<>();
        for (Target t : List.of(DiagonalGaussian.icg50(), DenseGaussian.scg(), GaussianMixture.mog2(),
                RoughWell.standard())) {
            int dim = t.dimension();
            double eps = dim > 2 ? 0.08 : t instanceof DenseGaussian ? 0.15 : 0.2;
            int hidden = dim > 2 ? 10 : 8;
            L2hmcModel untrained = L2hmcFixtures.perturbed(t.name(), dim, 3, hidden, eps, 0.3, 31);
            L2hmcModel trained = briefly(t, L2hmcModel.initial(t.name(), dim, 3, hidden, eps, 32));
            for (L2hmcModel m : List.of(untrained, trained)) {
                String what = t.name() + (m == untrained ? " untrained" : " trained");
                double[] x0 = L2hmcFixtures.exactDraws(t, CHAINS, 1001);
                double[] ref = L2hmcFixtures.exactDraws(t, CHAINS, 2002);
                double[] x1 = new double[x0.length];
                double acceptance;
                try (Backend b = cl ? Backends.open(new BackendRequest(BackendKind.OPENCL, -1), msg -> { })
                        : new JavaBackend(2);
                     L2hmcSampler s = new L2hmcSampler(b, t, m, CHAINS, 4242)) {
                    s.init(x0);
                    double sum = 0;
                    double[] ap = new double[CHAINS];
                    for (int it = 0; it < 2; it++) {
                        s.step(it);
                        s.readInfo(ap, new int[CHAINS], new int[CHAINS], new double[CHAINS]);
                        for (double a : ap) {
                            sum += a;
                        }
                    }
                    acceptance = sum / (2.0 * CHAINS);
                    s.readPositions(x1);
                }
                assertTrue(acceptance > 0.1, what + ": acceptance " + acceptance + " too low to test anything");
                check(what, dim, x0, x1, ref, failures);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " statistics with |z| > " + Z_MAX + ": " + failures);
    }

    /** 15 iterations of training from the initial model (a batch of 64). */
    private static L2hmcModel briefly(Target t, L2hmcModel m) {
        double lambdaB = t instanceof GaussianMixture || t instanceof RoughWell ? 1.0 : 0.0;
        L2hmcTrainer.Settings s = new L2hmcTrainer.Settings(15, 64, 1e-2, 1000, 0.96, lambdaB, 0.1, 1.0, 0.8, 5);
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, m, s)) {
            for (int i = 0; i < s.iterations(); i++) {
                tr.step();
            }
            return tr.model();
        }
    }

    static void check(String what, int dim, double[] x0, double[] x1, double[] ref, List<String> failures) {
        int n = CHAINS;
        double[] sorted = new double[n];
        double[] diff = new double[n];
        for (int d = 0; d < dim; d++) {
            System.arraycopy(ref, d * n, sorted, 0, n);
            java.util.Arrays.sort(sorted);
            double[] cuts = {sorted[n / 10], sorted[n / 2], sorted[9 * n / 10]};
            for (int f = 0; f < 5; f++) {
                for (int c = 0; c < n; c++) {
                    diff[c] = stat(f, x1[d * n + c], cuts) - stat(f, x0[d * n + c], cuts);
                }
                double z = pairedZ(diff);
                if (Math.abs(z) > Z_MAX) {
                    failures.add(what + " coordinate " + d + " statistic " + f + ": z = " + z);
                }
            }
        }
    }

    private static double stat(int f, double x, double[] cuts) {
        return switch (f) {
            case 0 -> x;
            case 1 -> x * x;
            default -> x < cuts[f - 2] ? 1.0 : 0.0;
        };
    }

    private static double pairedZ(double[] diff) {
        double mean = 0;
        for (double v : diff) {
            mean += v;
        }
        mean /= diff.length;
        double var = 0;
        for (double v : diff) {
            var += (v - mean) * (v - mean);
        }
        var /= diff.length - 1;
        if (var == 0) {
            return mean == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return mean / Math.sqrt(var / diff.length);
    }
}
