package org.leapfrog.bench.jmh;

import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.samplers.target.DiagonalGaussian;

/** Shared set-up of the kernel benchmarks. */
final class JmhFixtures {
    private JmhFixtures() {
    }

    /** Opens {@code java} or {@code opencl} (the best OpenCL device); fails when OpenCL was asked for but is absent. */
    static Backend open(String backend) {
        return Backends.open(backend, null, notice -> { });
    }

    /** An ill-conditioned diagonal Gaussian of any dimension: variances log-spaced from 1e-2 to 1e2 (ICG-50 at 50). */
    static DiagonalGaussian icg(int dimension) {
        double[] v = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = dimension == 1 ? 1.0 : Math.pow(10.0, -2.0 + 4.0 * i / (dimension - 1));
        }
        return DiagonalGaussian.of(v);
    }

    /** Chain-minor start positions at a modest distance from the mode. */
    static double[] start(int dimension, int chains) {
        double[] x = new double[dimension * chains];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.1 * rng.nextGaussian();
        }
        return x;
    }
}
