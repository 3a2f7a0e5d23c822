// Philox4x32-10 over VW lanes (VW consecutive chains per work-item); bit-identical to lf_philox in philox.cl.
// Needs lanes.cl, lfmath.cl and philox.cl before it.

#if VW == 1
#define LF_UL ulong
#define LF_CONVERT_UL(x) convert_ulong(x)
#define LF_CONVERT_UV(x) convert_uint(x)
#else
#define LF_UL LF_CAT(ulong, VW)
#define LF_CONVERT_UL(x) LF_CAT(convert_ulong, VW)(x)
#define LF_CONVERT_UV(x) LF_CAT(convert_uint, VW)(x)
#endif

// The rounds take each 32 x 32 -> 64-bit product as one widened multiply (hi and lo words of the same product)
// instead of mul_hi and a separate low multiply: compilers map it to one unsigned 32-bit widening multiply per
// lane pair (vpmuludq on x86), where PoCL expands a vector mul_hi into four 16-bit partial products. Integer
// arithmetic either way, so the words are the same.
inline void lf_philox_lanes(UV c0, uint c1s, uint c2s, uint c3s, ulong seed, UV *o) {
    UV c1 = (UV)c1s, c2 = (UV)c2s, c3 = (UV)c3s;
    uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
    for (int r = 0; r < 10; r++) {
        LF_UL p0 = LF_CONVERT_UL(c0) * (LF_UL)0xD2511F53ul;
        LF_UL p1 = LF_CONVERT_UL(c2) * (LF_UL)0xCD9E8D57ul;
        c0 = LF_CONVERT_UV(p1 >> (LF_UL)32) ^ c1 ^ (UV)k0;
        c1 = LF_CONVERT_UV(p1);
        c2 = LF_CONVERT_UV(p0 >> (LF_UL)32) ^ c3 ^ (UV)k1;
        c3 = LF_CONVERT_UV(p0);
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
