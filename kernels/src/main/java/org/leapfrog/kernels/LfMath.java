package org.leapfrog.kernels;

/**
 * Box-Muller's logarithm, sine and cosine (and the exponential sigmoids need) written with +, -, *, /, sqrt and bit operations only, so that the
 * OpenCL twin ({@code lfmath.cl}) vectorises on any device and, with contraction off, rounds exactly as this
 * Java code does: normals then agree bit for bit across backends instead of to the last few ulps of two
 * math libraries. Accuracy is a few ulps (checked against java.lang.Math in the tests).
 */
public final class LfMath {
    private static final double SQRT2 = 1.4142135623730951;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double TWO_PI = 6.283185307179586;
    // atanh series: ln(m) = 2 f (1 + s/3 + s^2/5 + ...), f = (m - 1)/(m + 1), s = f^2, |f| <= 0.1716.
    static final double L1 = 1.0 / 3.0, L2 = 1.0 / 5.0, L3 = 1.0 / 7.0, L4 = 1.0 / 9.0, L5 = 1.0 / 11.0;
    static final double L6 = 1.0 / 13.0, L7 = 1.0 / 15.0, L8 = 1.0 / 17.0, L9 = 1.0 / 19.0, L10 = 1.0 / 21.0;
    // Taylor coefficients of exp on [-ln2 / 2, ln2 / 2].
    static final double E2 = 1.0 / 2.0, E3 = 1.0 / 6.0, E4 = 1.0 / 24.0, E5 = 1.0 / 120.0, E6 = 1.0 / 720.0;
    static final double E7 = 1.0 / 5040.0, E8 = 1.0 / 40320.0, E9 = 1.0 / 362880.0, E10 = 1.0 / 3628800.0;
    static final double E11 = 1.0 / 39916800.0, E12 = 1.0 / 479001600.0, E13 = 1.0 / 6227020800.0;
    // Taylor coefficients of sin and cos on [-pi/4, pi/4].
    static final double S1 = -1.0 / 6.0, S2 = 1.0 / 120.0, S3 = -1.0 / 5040.0, S4 = 1.0 / 362880.0;
    static final double S5 = -1.0 / 39916800.0, S6 = 1.0 / 6227020800.0, S7 = -1.0 / 1307674368000.0;
    static final double S8 = 1.0 / 355687428096000.0;
    static final double C1 = -1.0 / 2.0, C2 = 1.0 / 24.0, C3 = -1.0 / 720.0, C4 = 1.0 / 40320.0;
    static final double C5 = -1.0 / 3628800.0, C6 = 1.0 / 479001600.0, C7 = -1.0 / 87178291200.0;
    static final double C8 = 1.0 / 20922789888000.0;

    static final double INV_LN2 = 1.4426950408889634;
    static final double EXP_MAX_ARG = 700.0;

    private LfMath() {
    }

    /**
     * exp(-y) for y >= 0 (arguments past 700 are taken as 700, giving about 1e-304 instead of less): the
     * form sigmoids and softpluses need. Reduction y = k ln2 - r with k = round(y / ln2) by truncation (y is
     * non-negative), a degree-13 Taylor polynomial on |r| <= ln2 / 2, and 2^-k from the exponent bits.
     */
    public static double expNeg(double y) {
        double a = Math.min(y, EXP_MAX_ARG);
        int k = (int) (a * INV_LN2 + 0.5);
        double r = (k * LN2_HI - a) + k * LN2_LO;
        return expOfReduced(r) * Double.longBitsToDouble((long) (1023 - k) << 52);
    }

    /**
     * {@link #expNeg}(|x[xOff + t]|) into out[outOff + t] for t < n, bit for bit. The reduction (with its
     * double-to-int conversion and exponent bits) runs as one loop and the polynomial as a second, pure
     * arithmetic loop that the JIT vectorises. k and scale are scratch of n doubles each.
     */
    public static void expNegAbs(double[] x, int xOff, double[] out, int outOff, int n, double[] k, int kOff,
                                 double[] scale, int scaleOff) {
        for (int t = 0; t < n; t++) {
            double a = Math.min(Math.abs(x[xOff + t]), EXP_MAX_ARG);
            int ki = (int) (a * INV_LN2 + 0.5);
            k[kOff + t] = ki;
            scale[scaleOff + t] = Double.longBitsToDouble((long) (1023 - ki) << 52);
            out[outOff + t] = a;
        }
        for (int t = 0; t < n; t++) {
            double a = out[outOff + t], kd = k[kOff + t];
            double r = (kd * LN2_HI - a) + kd * LN2_LO;
            out[outOff + t] = expOfReduced(r) * scale[scaleOff + t];
        }
    }

    /** Natural logarithm of a positive normal double. */
    public static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        long e = (bits >> 52) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > SQRT2) {
            m = m * 0.5;
            e = e + 1;
        }
        return logOfReduced(m, (double) e);
    }

    /**
     * ln(1 + u) for u >= 0 (finite): ln(w) of the rounded w = 1 + u plus the rounding correction
     * (u - (w - 1)) / w, accurate to a few ulps also where u is far below 1 (the softplus in logistic models).
     */
    public static double log1p(double u) {
        double w = 1.0 + u;
        return log(w) + (u - (w - 1.0)) / w;
    }

    /**
     * cos(2 pi u) and sin(2 pi u) for u in [0, 1), written to out[offset] and out[offset + 1]. The reduction
     * to [-pi/4, pi/4] is exact because u - k/4 is exact for the quadrant k nearest to 4u.
     */
    public static void cosSin2Pi(double u, double[] out, int offset) {
        // u * 4 + 0.5 is positive, so truncation is floor (and avoids Math.floor's slow path on some JVMs).
        double k = (double) (int) (u * 4.0 + 0.5);
        double r = (u - k * 0.25) * TWO_PI;
        double sp = sinOfReduced(r);
        double cp = cosOfReduced(r);
        // Quadrant q: cos = (+cp, -sp, -cp, +sp), sin = (+sp, +cp, -sp, -cp); selected without branches
        // (random quadrants would defeat branch prediction); multiplying by +-1 is exact.
        int q = ((int) k) & 3;
        int odd = q & 1;
        double a = odd == 0 ? cp : sp;
        double b = odd == 0 ? sp : cp;
        out[offset] = (1 - 2 * (((q + 1) >> 1) & 1)) * a;
        out[offset + 1] = (1 - 2 * ((q >> 1) & 1)) * b;
    }

    // The polynomial cores, shared with BlockNormals' block-wise loops (small static methods the JIT inlines,
    // so those loops still vectorise). Each fixes the operation order the OpenCL twin follows.

    /** exp(r) for |r| <= ln2 / 2 (degree-13 Taylor polynomial). */
    static double expOfReduced(double r) {
        double p = E13 * r + E12;
        p = p * r + E11;
        p = p * r + E10;
        p = p * r + E9;
        p = p * r + E8;
        p = p * r + E7;
        p = p * r + E6;
        p = p * r + E5;
        p = p * r + E4;
        p = p * r + E3;
        p = p * r + E2;
        p = p * r + 1.0;
        p = p * r + 1.0;
        return p;
    }

    /** ln(m * 2^e) for m in [sqrt(2)/2, sqrt(2)] (atanh series), e given as a double. */
    static double logOfReduced(double m, double ed) {
        double f = (m - 1.0) / (m + 1.0);
        double s = f * f;
        double p = L10 * s + L9;
        p = p * s + L8;
        p = p * s + L7;
        p = p * s + L6;
        p = p * s + L5;
        p = p * s + L4;
        p = p * s + L3;
        p = p * s + L2;
        p = p * s + L1;
        p = p * s;
        return ed * LN2_HI + ((f + f * p) * 2.0 + ed * LN2_LO);
    }

    /** sin(r) for |r| <= pi/4 (Taylor to r^17). */
    static double sinOfReduced(double r) {
        double r2 = r * r;
        return r + r * r2 * (S1 + r2 * (S2 + r2 * (S3 + r2 * (S4 + r2 * (S5 + r2 * (S6 + r2 * (S7 + r2 * S8)))))));
    }

    /** cos(r) for |r| <= pi/4 (Taylor to r^16). */
    static double cosOfReduced(double r) {
        double r2 = r * r;
        return 1.0 + r2 * (C1 + r2 * (C2 + r2 * (C3 + r2 * (C4 + r2 * (C5 + r2 * (C6 + r2 * (C7 + r2 * C8)))))));
    }
}
