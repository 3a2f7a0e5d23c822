package org.leapfrog.samplers.integrator;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FAST leapfrog's element updates with explicit SIMD lanes (jdk.incubator.vector): on JDK 17 the JIT does not
 * vectorise loops of {@code Math.fma}, which left the FAST twin at half the speed of the reproducible one.
 * {@code DoubleVector.fma} is the same correctly rounded fused multiply-add per lane, and the products before it
 * are the scalar loops' products, so the results are the same bits. Loaded only when
 * {@link org.leapfrog.kernels.Simd#ENABLED}.
 */
final class SimdFmaUpdates {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();

    private SimdFmaUpdates() {
    }

    /**
     * y[o + j] = fma(scale[j] * c, v[o + j], y[o + j]) for the whole vectors of j in [0, m); returns the first j left
     * to the scalar loop. The drift (y = x, v = velocity, c = e) and the kick (y = p, v = gradient, c = the kick's
     * weight times e; the scalar loop's c * scale[j] is the same product) both.
     */
    static int scaledFma(double[] y, double[] v, double[] scale, double c, int o, int m) {
        int j = 0;
        for (; j + L <= m; j += L) {
            DoubleVector h = DoubleVector.fromArray(D, scale, j).mul(c);
            h.fma(DoubleVector.fromArray(D, v, o + j), DoubleVector.fromArray(D, y, o + j)).intoArray(y, o + j);
        }
        return j;
    }
}
