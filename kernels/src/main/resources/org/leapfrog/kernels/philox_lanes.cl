// Philox4x32-10 over VW lanes (VW consecutive chains per work-item); bit-identical to lf_philox in philox.cl.
// Needs lanes.cl, lfmath.cl and philox.cl before it.

inline void lf_philox_lanes(UV c0, uint c1s, uint c2s, uint c3s, ulong seed, UV *o) {
    UV c1 = (UV)c1s, c2 = (UV)c2s, c3 = (UV)c3s;
    uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
    for (int r = 0; r < 10; r++) {
        UV hi0 = mul_hi((UV)0xD2511F53u, c0);
        UV lo0 = (UV)0xD2511F53u * c0;
        UV hi1 = mul_hi((UV)0xCD9E8D57u, c2);
        UV lo1 = (UV)0xCD9E8D57u * c2;
        c0 = hi1 ^ c1 ^ (UV)k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ (UV)k1;
        c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    o[0] = c0;
    o[1] = c1;
    o[2] = c2;
    o[3] = c3;
}

#ifdef LF_F32
// float32: the word's top 23 bits, (k + 0.5) * 2^-23, exact in float and strictly inside (0, 1) (the full word
// plus 0.5 does not fit float's 24-bit significand and would round to 1).
inline RV lf_uniform_lanes(UV w) {
    return (LF_CONVERT_RV(w >> (UV)9) + (RV)0.5f) * (RV)1.1920928955078125e-07f;
}
#else
inline RV lf_uniform_lanes(UV w) {
    return (LF_CONVERT_RV(w) + (RV)0.5) * (RV)2.3283064365386963e-10;
}
#endif

// Normals 4*block .. 4*block+3 of stream (seed, chain, iteration, purpose), as RandomStream.normals does.
inline void lf_normals_lanes(ulong seed, UV chain, uint iteration, uint purpose, uint block, RV *n) {
    UV w[4];
    lf_philox_lanes(chain, iteration, purpose, block, seed, w);
    RV c, s;
    RV r0 = sqrt((RV)-2.0 * lf_log(lf_uniform_lanes(w[0])));
    lf_cos_sin_2pi(lf_uniform_lanes(w[1]), &c, &s);
    n[0] = r0 * c;
    n[1] = r0 * s;
    RV r1 = sqrt((RV)-2.0 * lf_log(lf_uniform_lanes(w[2])));
    lf_cos_sin_2pi(lf_uniform_lanes(w[3]), &c, &s);
    n[2] = r1 * c;
    n[3] = r1 * s;
}

// The first uniform of stream (seed, chain, iteration, purpose).
inline RV lf_first_uniform_lanes(ulong seed, UV chain, uint iteration, uint purpose) {
    UV w[4];
    lf_philox_lanes(chain, iteration, purpose, 0u, seed, w);
    return lf_uniform_lanes(w[0]);
}
