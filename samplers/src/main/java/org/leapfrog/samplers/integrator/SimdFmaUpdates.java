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
     * x[o + j] = fma(scale[j] * e, vel[o + j], x[o + j]) for the whole vectors of j in [0, m); returns the first j
     * left to the scalar loop.
     */
    static int drift(double[] x, double[] vel, double[] scale, double e, int o, int m) {
        int j = 0;
        for (; j + L <= m; j += L) {
            DoubleVector h = DoubleVector.fromArray(D, scale, j).mul(e);
            h.fma(DoubleVector.fromArray(D, vel, o + j), DoubleVector.fromArray(D, x, o + j)).intoArray(x, o + j);
        }
        return j;
    }

    /** p[o + j] = fma(we * scale[j], g[o + j], p[o + j]), as {@link #drift}. */
    static int kick(double[] p, double[] g, double[] scale, double we, int o, int m) {
        int j = 0;
        for (; j + L <= m; j += L) {
            DoubleVector h = DoubleVector.fromArray(D, scale, j).mul(we);
            h.fma(DoubleVector.fromArray(D, g, o + j), DoubleVector.fromArray(D, p, o + j)).intoArray(p, o + j);
        }
        return j;
    }
}
