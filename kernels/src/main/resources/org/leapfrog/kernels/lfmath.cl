// Box-Muller's log, sine and cosine from +, -, *, /, sqrt and bit operations, on RV lanes; Java twin:
// org.leapfrog.kernels.LfMath (same operations in the same order, so results agree bit for bit).
// Needs lanes.cl before it.
#define LF_AS_IV(x) LF_CAT(as_, IV)(x)
#define LF_AS_RV(x) LF_CAT(as_, RV)(x)
#ifdef LF_F32
#if VW == 1
#define LF_CONVERT_IV(x) convert_int(x)
#define LF_CONVERT_RV_IV(x) convert_float(x)
#else
#define LF_CONVERT_IV(x) LF_CAT(convert_int, VW)(x)
#define LF_CONVERT_RV_IV(x) LF_CAT(convert_float, VW)(x)
#endif
#else
#if VW == 1
#define LF_CONVERT_IV(x) convert_long(x)
#define LF_CONVERT_RV_IV(x) convert_double(x)
#else
#define LF_CONVERT_IV(x) LF_CAT(convert_long, VW)(x)
#define LF_CONVERT_RV_IV(x) LF_CAT(convert_double, VW)(x)
#endif
#endif
#if VW == 1
#define LF_CONVERT_INT(x) convert_int(x)
#else
#define LF_CONVERT_INT(x) LF_CAT(convert_int, VW)(x)
#endif

#ifdef LF_F32
// float32 (REAL = float, LF_F32): the same algorithms on float's bit layout, with polynomials cut to float's
// precision. Java twin: org.leapfrog.kernels.LfMathF (same float operations in the same order).

// Natural logarithm of positive normal floats.
inline RV lf_log(RV x) {
    IV bits = LF_AS_IV(x);
    IV e = (bits >> 23) - (IV)127;
    RV m = LF_AS_RV((bits & (IV)0x007FFFFF) | (IV)0x3F800000);
    IV big = m > (RV)1.4142135623730951f;
    m = select(m, m * (RV)0.5f, big);
    e = select(e, e + (IV)1, big);
    RV f = (m - (RV)1.0f) / (m + (RV)1.0f);
    RV s = f * f;
    RV p = (RV)(1.0f / 9.0f) * s + (RV)(1.0f / 7.0f);
    p = p * s + (RV)(1.0f / 5.0f);
    p = p * s + (RV)(1.0f / 3.0f);
    p = p * s;
    RV ed = LF_CONVERT_RV_IV(e);
    return ed * (RV)0.693145751953125f + ((f + f * p) * (RV)2.0f + ed * (RV)1.428606765330187e-06f);
}

inline RV lf_log1p(RV u) {
    RV w = (RV)1.0f + u;
    return lf_log(w) + (u - (w - (RV)1.0f)) / w;
}

// exp(-y) for y >= 0, arguments past 87 taken as 87 (about 1.6e-38, the smallest normal floats' range).
inline RV lf_exp_neg(RV y) {
    RV a = fmin(y, (RV)87.0f);
    RV kd = LF_CONVERT_RV_IV(LF_CONVERT_INT(a * (RV)1.4426950408889634f + (RV)0.5f));
    RV r = (kd * (RV)0.693145751953125f - a) + kd * (RV)1.428606765330187e-06f;
    RV p = (RV)(1.0f / 5040.0f) * r + (RV)(1.0f / 720.0f);
    p = p * r + (RV)(1.0f / 120.0f);
    p = p * r + (RV)(1.0f / 24.0f);
    p = p * r + (RV)(1.0f / 6.0f);
    p = p * r + (RV)0.5f;
    p = p * r + (RV)1.0f;
    p = p * r + (RV)1.0f;
    IV k = LF_CONVERT_IV(kd);
    return p * LF_AS_RV(((IV)127 - k) << 23);
}

// cos(2 pi u) and sin(2 pi u) for u in [0, 1].
inline void lf_cos_sin_2pi(RV u, RV *c, RV *s) {
    RV k = floor(u * (RV)4.0f + (RV)0.5f);
    RV r = (u - k * (RV)0.25f) * (RV)6.283185307179586f;
    RV r2 = r * r;
    RV sp = r + r * r2 * ((RV)(-1.0f / 6.0f) + r2 * ((RV)(1.0f / 120.0f) + r2 * ((RV)(-1.0f / 5040.0f)
            + r2 * (RV)(1.0f / 362880.0f))));
    RV cp = (RV)1.0f + r2 * ((RV)(-0.5f) + r2 * ((RV)(1.0f / 24.0f) + r2 * ((RV)(-1.0f / 720.0f)
            + r2 * ((RV)(1.0f / 40320.0f) + r2 * (RV)(-1.0f / 3628800.0f)))));
    IV q = LF_CONVERT_IV(k) & (IV)3;
    IV q1 = q == (IV)1, q2 = q == (IV)2, q3 = q == (IV)3;
    RV cc = select(select(select(cp, -sp, q1), -cp, q2), sp, q3);
    RV ss = select(select(select(sp, cp, q1), -sp, q2), -cp, q3);
    *c = cc;
    *s = ss;
}

#else

#ifdef LF_FAST
// FAST numerics (org.leapfrog.samplers.Numerics.FAST): the same reductions as below with shorter polynomials,
// near-minimax (Chebyshev fits on the reduced ranges) instead of Taylor series: 7 terms for the logarithm's series
// in s = f^2 (10 below), 6 for the sine's (8), 7 for the cosine's (8). Their truncation errors (at most about
// 5e-18 relative for the logarithm, 1.3e-17 for the sine and 1.2e-19 absolute for the cosine) are far below an
// ulp, so results differ from the reproducible ones by rounding only (a few ulps; LfMathFastTest). No Java twin
// computes these bits: FAST twins use LfMath and agree to a tolerance (HmcFastNumericsTest).
inline RV lf_log(RV x) {
    IV bits = LF_AS_IV(x);
    IV e = (bits >> 52) - (IV)1023;
    RV m = LF_AS_RV((bits & (IV)0x000FFFFFFFFFFFFFL) | (IV)0x3FF0000000000000L);
    IV big = m > (RV)1.4142135623730951;
    m = select(m, m * (RV)0.5, big);
    e = select(e, e + (IV)1, big);
    RV f = (m - (RV)1.0) / (m + (RV)1.0);
    RV s = f * f;
    RV p = (RV)0.07308224842521703 * s + (RV)0.07665860800278021;
    p = p * s + (RV)0.09091444562630861;
    p = p * s + (RV)0.1111110556739754;
    p = p * s + (RV)0.14285714312987743;
    p = p * s + (RV)0.19999999999949752;
    p = p * s + (RV)0.3333333333333335;
    p = p * s;
    RV ed = LF_CONVERT_RV_IV(e);
    return ed * (RV)6.93147180369123816490e-01 + ((f + f * p) * (RV)2.0 + ed * (RV)1.90821492927058770002e-10);
}

inline void lf_cos_sin_2pi(RV u, RV *c, RV *s) {
    RV k = floor(u * (RV)4.0 + (RV)0.5);
    RV r = (u - k * (RV)0.25) * (RV)6.283185307179586;
    RV r2 = r * r;
    RV sp = r + r * r2 * ((RV)-0.16666666666666666 + r2 * ((RV)0.008333333333330948 + r2 * ((RV)-0.00019841269836758574
            + r2 * ((RV)2.755731610255244e-06 + r2 * ((RV)-2.5051131845003624e-08 + r2 * (RV)1.5918129294866608e-10)))));
    RV cp = (RV)1.0 + r2 * ((RV)-0.5 + r2 * ((RV)0.04166666666666664 + r2 * ((RV)-0.0013888888888880775
            + r2 * ((RV)2.480158729369346e-05 + r2 * ((RV)-2.7557315566341895e-07 + r2 * ((RV)2.0875886738047052e-09
            + r2 * (RV)-1.1367998654022494e-11))))));
    IV q = LF_CONVERT_IV(k) & (IV)3;
    IV q1 = q == (IV)1, q2 = q == (IV)2, q3 = q == (IV)3;
    RV cc = select(select(select(cp, -sp, q1), -cp, q2), sp, q3);
    RV ss = select(select(select(sp, cp, q1), -sp, q2), -cp, q3);
    *c = cc;
    *s = ss;
}
#else
// Natural logarithm of positive normal doubles.
inline RV lf_log(RV x) {
    IV bits = LF_AS_IV(x);
    IV e = (bits >> 52) - (IV)1023;
    RV m = LF_AS_RV((bits & (IV)0x000FFFFFFFFFFFFFL) | (IV)0x3FF0000000000000L);
    IV big = m > (RV)1.4142135623730951;
    m = select(m, m * (RV)0.5, big);
    e = select(e, e + (IV)1, big);
    RV f = (m - (RV)1.0) / (m + (RV)1.0);
    RV s = f * f;
    RV p = (RV)(1.0 / 21.0) * s + (RV)(1.0 / 19.0);
    p = p * s + (RV)(1.0 / 17.0);
    p = p * s + (RV)(1.0 / 15.0);
    p = p * s + (RV)(1.0 / 13.0);
    p = p * s + (RV)(1.0 / 11.0);
    p = p * s + (RV)(1.0 / 9.0);
    p = p * s + (RV)(1.0 / 7.0);
    p = p * s + (RV)(1.0 / 5.0);
    p = p * s + (RV)(1.0 / 3.0);
    p = p * s;
    RV ed = LF_CONVERT_RV_IV(e);
    return ed * (RV)6.93147180369123816490e-01 + ((f + f * p) * (RV)2.0 + ed * (RV)1.90821492927058770002e-10);
}
#endif

// ln(1 + u) for u >= 0 (LfMath.log1p): ln(w) of the rounded w = 1 + u, plus the rounding correction
// (u - (w - 1)) / w, to a few ulps.
inline RV lf_log1p(RV u) {
    RV w = (RV)1.0 + u;
    return lf_log(w) + (u - (w - (RV)1.0)) / w;
}

// exp(-y) for y >= 0, arguments past 700 taken as 700 (LfMath.expNeg).
inline RV lf_exp_neg(RV y) {
    RV a = fmin(y, (RV)700.0);
    RV kd = LF_CONVERT_RV_IV(LF_CONVERT_INT(a * (RV)1.4426950408889634 + (RV)0.5));
    RV r = (kd * (RV)6.93147180369123816490e-01 - a) + kd * (RV)1.90821492927058770002e-10;
    RV p = (RV)(1.0 / 6227020800.0) * r + (RV)(1.0 / 479001600.0);
    p = p * r + (RV)(1.0 / 39916800.0);
    p = p * r + (RV)(1.0 / 3628800.0);
    p = p * r + (RV)(1.0 / 362880.0);
    p = p * r + (RV)(1.0 / 40320.0);
    p = p * r + (RV)(1.0 / 5040.0);
    p = p * r + (RV)(1.0 / 720.0);
    p = p * r + (RV)(1.0 / 120.0);
    p = p * r + (RV)(1.0 / 24.0);
    p = p * r + (RV)(1.0 / 6.0);
    p = p * r + (RV)(1.0 / 2.0);
    p = p * r + (RV)1.0;
    p = p * r + (RV)1.0;
    IV k = LF_CONVERT_IV(kd);
    return p * LF_AS_RV(((IV)1023 - k) << 52);
}

#ifndef LF_FAST
// cos(2 pi u) and sin(2 pi u) for u in [0, 1).
inline void lf_cos_sin_2pi(RV u, RV *c, RV *s) {
    RV k = floor(u * (RV)4.0 + (RV)0.5);
    RV r = (u - k * (RV)0.25) * (RV)6.283185307179586;
    RV r2 = r * r;
    RV sp = r + r * r2 * ((RV)(-1.0 / 6.0) + r2 * ((RV)(1.0 / 120.0) + r2 * ((RV)(-1.0 / 5040.0)
            + r2 * ((RV)(1.0 / 362880.0) + r2 * ((RV)(-1.0 / 39916800.0) + r2 * ((RV)(1.0 / 6227020800.0)
            + r2 * ((RV)(-1.0 / 1307674368000.0) + r2 * (RV)(1.0 / 355687428096000.0))))))));
    RV cp = (RV)1.0 + r2 * ((RV)(-1.0 / 2.0) + r2 * ((RV)(1.0 / 24.0) + r2 * ((RV)(-1.0 / 720.0)
            + r2 * ((RV)(1.0 / 40320.0) + r2 * ((RV)(-1.0 / 3628800.0) + r2 * ((RV)(1.0 / 479001600.0)
            + r2 * ((RV)(-1.0 / 87178291200.0) + r2 * (RV)(1.0 / 20922789888000.0))))))));
    IV q = LF_CONVERT_IV(k) & (IV)3;
    IV q1 = q == (IV)1, q2 = q == (IV)2, q3 = q == (IV)3;
    RV cc = select(select(select(cp, -sp, q1), -cp, q2), sp, q3);
    RV ss = select(select(select(sp, cp, q1), -sp, q2), -cp, q3);
    *c = cc;
    *s = ss;
}
#endif
#endif
