package org.leapfrog.vae.dglm;

import java.util.SplittableRandom;
import org.leapfrog.runtime.tensor.Tensor;

/** Shared fixtures of the DGLM tests. */
final class DglmFixtures {
    private DglmFixtures() {
    }

    /**
     * Moves every kernel parameter but the log step size by {@code strength} N(0, 1) / sqrt(rows) (the initial
     * kernel's S, Q and T are ~1e-3 and its condition weights small, which would test little).
     */
    static void perturb(ConditionedL2hmc k, double strength, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor logEps = k.networkParameters().logEps();
        for (Tensor p : k.parameters()) {
            if (p == logEps) {
                continue;
            }
            double[] v = p.toArray();
            double sc = strength / Math.sqrt(Math.max(1, p.rows()));
            for (int i = 0; i < v.length; i++) {
                v[i] += sc * rng.nextGaussian();
            }
            p.assign(v);
        }
    }
}
