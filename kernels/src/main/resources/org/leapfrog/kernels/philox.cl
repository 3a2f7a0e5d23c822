// Philox4x32-10 and Leapfrog's draw conventions; the Java twin is org.leapfrog.kernels.Philox / RandomStream.
// key = (seed low, seed high), counter = (chain, iteration, purpose, block): a draw is a pure function of these.
// Needs lanes.cl before it (REAL, fp64).

// Purpose codes (LF_PURPOSE_*) come from the generated lf_constants.h (org.leapfrog.kernels.KernelConstants).

inline uint4 lf_philox(uint4 ctr, uint2 key) {
    for (int r = 0; r < 10; r++) {
        uint hi0 = mul_hi(0xD2511F53u, ctr.x);
        uint lo0 = 0xD2511F53u * ctr.x;
        uint hi1 = mul_hi(0xCD9E8D57u, ctr.z);
        uint lo1 = 0xCD9E8D57u * ctr.z;
        ctr = (uint4)(hi1 ^ ctr.y ^ key.x, lo1, hi0 ^ ctr.w ^ key.y, lo0);
        key += (uint2)(0x9E3779B9u, 0xBB67AE85u);
    }
    return ctr;
}

inline uint4 lf_words(ulong seed, uint chain, uint iteration, uint purpose, uint block) {
    return lf_philox((uint4)(chain, iteration, purpose, block), (uint2)((uint)seed, (uint)(seed >> 32)));
}

// (w + 0.5) * 2^-32: strictly inside (0, 1), exact in double.
inline REAL lf_uniform(uint w) {
    return ((REAL)w + (REAL)0.5) * (REAL)2.3283064365386963e-10;
}
