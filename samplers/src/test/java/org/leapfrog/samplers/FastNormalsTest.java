package org.leapfrog.samplers;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.RandomFillKernels;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.runtime.java.JavaBackend;

/**
 * The normals of FAST numerics (lfmath.cl's shorter near-minimax polynomials under {@code LF_FAST}, with
 * contraction): within a few ulps of the reproducible normals (LfMath, the Java backend) element by element, and
 * standard normal by their moments and a Kolmogorov-Smirnov test, 10^6 draws from a fixed seed.
 */
class FastNormalsTest {
    private static final int CHAINS = 250_000; // 4 normals per chain
    private static final long SEED = 0x5eed5eedL;

    private static double[] fill(Backend backend, KernelDef kernel) {
        DoubleArray out = new DoubleArray("out", 4 * CHAINS);
        TaskGraph g = new TaskGraph("fill")
                .task("fill", kernel, CHAINS, SEED, 3, RandomStream.PURPOSE_MOMENTUM, 4, CHAINS, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (ExecutionPlan plan = backend.plan(g.snapshot())) {
            plan.execute();
        }
        return out.data();
    }

    @Test
    void fastNormalsAreTheReproducibleOnesUpToRoundingAndStandardNormal() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        double[] exact, fast;
        try (Backend java = new JavaBackend(2)) {
            exact = fill(java, RandomFillKernels.NORMALS);
        }
        try (Backend cl = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            fast = fill(cl, Numerics.FAST.apply(RandomFillKernels.NORMALS));
        }
        // Element by element: z = r * cos (or sin) with r = sqrt(-2 log u) <= 6.7; rounding of the polynomials
        // and of the contracted operations moves z by a few ulps of r. Bound: 1.5e-15 * max(1, |z|), about 7 ulps
        // of 1 (measured on PoCL: 4.6e-16, about 2 ulps, in 4.8% of the draws; the rest are equal).
        int differ = 0;
        double worst = 0;
        for (int i = 0; i < exact.length; i++) {
            double d = Math.abs(fast[i] - exact[i]) / Math.max(1.0, Math.abs(exact[i]));
            worst = Math.max(worst, d);
            differ += fast[i] != exact[i] ? 1 : 0;
        }
        assertTrue(worst <= 1.5e-15, "largest difference " + worst);
        assertTrue(differ > exact.length / 100, "FAST reaches the compiler: " + differ + " of " + exact.length + " differ");
        // Moments at 5 standard errors (false-failure rate about 6e-7 each) and KS at the 0.1% level: together
        // about 1e-3 for a fresh seed; this seed is fixed.
        int n = fast.length;
        double m1 = 0, m2 = 0, m4 = 0;
        for (double z : fast) {
            m1 += z;
            m2 += z * z;
            m4 += z * z * z * z;
        }
        m1 /= n;
        m2 /= n;
        m4 /= n;
        assertTrue(Math.abs(m1) < 5 / Math.sqrt(n), "mean " + m1);
        assertTrue(Math.abs(m2 - 1) < 5 * Math.sqrt(2.0 / n), "second moment " + m2);
        assertTrue(Math.abs(m4 - 3) < 5 * Math.sqrt(96.0 / n), "fourth moment " + m4); // Var(z^4) = 105 - 9
        double[] sorted = fast.clone();
        Arrays.sort(sorted);
        double ks = 0;
        for (int i = 0; i < n; i++) {
            double cdf = Phi(sorted[i]);
            ks = Math.max(ks, Math.max(cdf - (double) i / n, (double) (i + 1) / n - cdf));
        }
        assertTrue(ks * Math.sqrt(n) < 1.95, "Kolmogorov-Smirnov sqrt(n) D = " + ks * Math.sqrt(n));
    }

    /** Phi by its series (as kernels' NormalDrawsStatisticsTest.normalCdf, accurate to about 1e-15). */
    private static double Phi(double x) {
        double a = Math.abs(x), a2 = a * a;
        double term = a, sum = a;
        for (int k = 1; term > 1e-17 * sum; k++) {
            term *= a2 / (2 * k + 1);
            sum += term;
        }
        double half = sum * Math.exp(-0.5 * a2) / Math.sqrt(2.0 * Math.PI);
        return x >= 0 ? 0.5 + half : 0.5 - half;
    }
}
