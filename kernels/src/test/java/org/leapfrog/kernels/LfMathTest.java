package org.leapfrog.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** LfMath against java.lang.Math over the inputs Box-Muller gives it. */
class LfMathTest {
    @Test
    void logIsWithinTwoUlpsOfMathLog() {
        SplittableRandom rng = new SplittableRandom(1);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            double x = i < 1000 ? RandomStream.uniform(i * 4_294_967) : RandomStream.uniform(rng.nextInt());
            double ulps = Math.abs(LfMath.log(x) - Math.log(x)) / Math.ulp(Math.log(x));
            worst = Math.max(worst, ulps);
        }
        for (double x : new double[] {RandomStream.uniform(0), RandomStream.uniform(-1), 0.5, 1.0 - 0x1p-33,
            Math.sqrt(0.5), 0.7071067811865476, 0.7071067811865475}) {
            worst = Math.max(worst, Math.abs(LfMath.log(x) - Math.log(x)) / Math.ulp(Math.log(x)));
        }
        assertTrue(worst <= 2.0, "worst error " + worst + " ulps");
        assertEquals(0.0, LfMath.log(1.0), 0.0);
    }

    @Test
    void log1pIsWithinFourUlpsOfMathLog1p() {
        // The domain the softplus needs: u = exp(-|e|) in (0, 1], log-uniform down to 1e-300, plus edges.
        SplittableRandom rng = new SplittableRandom(9);
        double worst = 0;
        for (int i = 0; i < 1_000_000; i++) {
            double u = i % 2 == 0 ? rng.nextDouble() : Math.exp(-rng.nextDouble() * 690);
            double ref = Math.log1p(u);
            worst = Math.max(worst, Math.abs(LfMath.log1p(u) - ref) / Math.ulp(ref));
        }
        for (double u : new double[] {1.0, Math.nextDown(1.0), 0x1p-53, 0x1p-52, 1e-300, Math.sqrt(2) - 1,
            Math.nextUp(Math.sqrt(2) - 1)}) {
            worst = Math.max(worst, Math.abs(LfMath.log1p(u) - Math.log1p(u)) / Math.ulp(Math.log1p(u)));
        }
        assertTrue(worst <= 4.0, "worst error " + worst + " ulps");
        assertEquals(0.0, LfMath.log1p(0.0), 0.0);
    }

    @Test
    void expNegIsWithinTwoUlpsOfMathExp() {
        SplittableRandom rng = new SplittableRandom(2);
        double worst = 0;
        for (int i = 0; i < 1_000_000; i++) {
            double y = i < 500_000 ? 40 * rng.nextDouble() : 700 * rng.nextDouble();
            worst = Math.max(worst, Math.abs(LfMath.expNeg(y) - Math.exp(-y)) / Math.ulp(Math.exp(-y)));
        }
        for (double y : new double[] {0.0, 1e-300, 0.34657359027997264, 0.5, 1.0, 20.0, 700.0}) {
            worst = Math.max(worst, Math.abs(LfMath.expNeg(y) - Math.exp(-y)) / Math.ulp(Math.exp(-y)));
        }
        assertTrue(worst <= 2.0, "worst error " + worst + " ulps");
        assertEquals(1.0, LfMath.expNeg(0.0), 0.0);
        assertEquals(LfMath.expNeg(700.0), LfMath.expNeg(1e6), 0.0);
    }

    @Test
    void cosAndSinOfTwoPiUAreWithin2e16OfMath() {
        double[] out = new double[2];
        double worst = 0;
        for (long w = 0; w <= 0xFFFFFFFFL; w += 65_537) {
            double u = RandomStream.uniform((int) w);
            LfMath.cosSin2Pi(u, out, 0);
            double a = 2 * Math.PI * u;
            worst = Math.max(worst, Math.max(Math.abs(out[0] - Math.cos(a)), Math.abs(out[1] - Math.sin(a))));
        }
        for (double u : new double[] {0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 0.999999}) {
            LfMath.cosSin2Pi(u, out, 0);
            double a = 2 * Math.PI * u;
            worst = Math.max(worst, Math.max(Math.abs(out[0] - Math.cos(a)), Math.abs(out[1] - Math.sin(a))));
        }
        // 2 pi u itself is rounded in the reference, which accounts for up to ~4.4e-16 near u = 1.
        assertTrue(worst < 1e-15, "worst absolute error " + worst);
    }

    @Test
    void blockExpNegAbsEqualsExpNegBitForBit() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 100;
        double[] x = new double[n + 3], out = new double[n + 5], k = new double[n], scale = new double[n + 1];
        double[] special = {0.0, -0.0, 1e-300, -1e-300, 0.34657359027997264, -0.34657359027997264, 699.9, 700.0,
            -700.0, 750.0, -1e6, Double.MAX_VALUE, Double.NEGATIVE_INFINITY};
        for (int rep = 0; rep < 2000; rep++) {
            for (int t = 0; t < n; t++) {
                x[3 + t] = rep == 0 && t < special.length ? special[t] : (rng.nextDouble() - 0.5) * (rep % 2 == 0 ? 60 : 1500);
            }
            LfMath.expNegAbs(x, 3, out, 5, n, k, 0, scale, 1);
            for (int t = 0; t < n; t++) {
                assertEquals(Double.doubleToRawLongBits(LfMath.expNeg(Math.abs(x[3 + t]))),
                        Double.doubleToRawLongBits(out[5 + t]), "x = " + x[3 + t]);
            }
        }
    }
}
