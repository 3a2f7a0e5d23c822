package org.leapfrog.samplers.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SIMD data term (on in the test JVM, see org.leapfrog.kernels.Simd) against the scalar pass, bit for bit:
 * gradients and log densities, at chain counts that leave scalar tails, on data sets whose row counts are and
 * are not multiples of four, including logits large enough to reach exp's clamp.
 */
class LogisticRegressionSimdTest {
    @ParameterizedTest
    @EnumSource(BlrDataset.class)
    void simdPassEqualsScalarPass(BlrDataset data) {
        LogisticRegression target = LogisticRegression.of(data);
        int d = target.dimension(), stride = 53;
        SplittableRandom rng = new SplittableRandom(data.ordinal() + 1);
        double[] x = new double[d * stride];
        double[] g1 = new double[d * stride], g2 = new double[d * stride];
        double[] lp1 = new double[stride], lp2 = new double[stride];
        for (int rep = 0; rep < 6; rep++) {
            double spread = rep < 3 ? 0.3 : 40.0; // large coefficients give |logits| past 700
            for (int i = 0; i < x.length; i++) {
                x[i] = spread * rng.nextGaussian();
            }
            int from = rep % 3, to = stride - (rep % 2) * 5;
            for (boolean withDensity : new boolean[] {true, false}) {
                java.util.Arrays.fill(g1, 0.0);
                java.util.Arrays.fill(g2, 0.0);
                if (withDensity) {
                    target.logDensityAndGradient(x, g1, lp1, stride, from, to);
                } else {
                    target.gradient(x, g1, lp1, stride, from, to);
                }
                target.scalarPass(x, g2, lp2, stride, from, to, withDensity);
                for (int j = 0; j < d; j++) {
                    for (int c = from; c < to; c++) {
                        assertEquals(Double.doubleToRawLongBits(g2[j * stride + c]),
                                Double.doubleToRawLongBits(g1[j * stride + c]),
                                data + " gradient " + j + " chain " + c + " density " + withDensity);
                    }
                }
                if (withDensity) {
                    for (int c = from; c < to; c++) {
                        assertEquals(Double.doubleToRawLongBits(lp2[c]), Double.doubleToRawLongBits(lp1[c]),
                                data + " log density chain " + c);
                    }
                }
            }
        }
    }
}
