// Lane types: a work-item handles VW consecutive chains (VW = 1 on GPUs, 8 on CPUs for SIMD; 16 is allowed).
// RV is the per-work-item real (REAL or a REAL vector), UV the matching unsigned int type, IV the mask type.
// Code written with RV/UV and the built-ins (select, fmax, exp, ...) runs unchanged for every VW.
// The sampler kernels build with REAL = double, or with REAL = float and LF_F32 defined (float32 precision):
// the mask type IV then has float's width (int), as select() needs.
#ifndef VW
#define VW 1
#endif
#ifndef REAL
#define REAL double
#endif
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
// Reproducible numerics: no contraction of a*b+c into fma, which keeps rounding equal to the Java twins
// (cross-backend agreement). Fast numerics (LF_FAST, org.leapfrog.samplers.Numerics.FAST): contraction on.
#ifdef LF_FAST
#pragma OPENCL FP_CONTRACT ON
#else
#pragma OPENCL FP_CONTRACT OFF
#endif
#define LF_CAT_(a, b) a##b
#define LF_CAT(a, b) LF_CAT_(a, b)
#if VW == 1
#define RV REAL
#define UV uint
#ifdef LF_F32
#define IV int
#else
#define IV long
#endif
#define LF_LANE_IDS ((uint)0)
#define LF_LOAD(p, i) ((p)[i])
#define LF_STORE(v, p, i) ((p)[i] = (v))
#define LF_ANY(m) (m)
#ifdef LF_F32
#define LF_CONVERT_RV(u) convert_float(u)
#else
#define LF_CONVERT_RV(u) convert_double(u)
#endif
#define LF_MASK_INT(m) ((int)((m) != 0))
#else
#define RV LF_CAT(REAL, VW)
#define UV LF_CAT(uint, VW)
#ifdef LF_F32
#define IV LF_CAT(int, VW)
#else
#define IV LF_CAT(long, VW)
#endif
#if VW == 16
#define LF_LANE_IDS ((uint16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
#elif VW == 8
#define LF_LANE_IDS ((uint8)(0, 1, 2, 3, 4, 5, 6, 7))
#elif VW == 4
#define LF_LANE_IDS ((uint4)(0, 1, 2, 3))
#elif VW == 2
#define LF_LANE_IDS ((uint2)(0, 1))
#endif
#define LF_LOAD(p, i) LF_CAT(vload, VW)(0, (p) + (i))
#define LF_STORE(v, p, i) LF_CAT(vstore, VW)((v), 0, (p) + (i))
#define LF_ANY(m) any(m)
#define LF_CONVERT_RV(u) LF_CAT(convert_, RV)(u)
#define LF_MASK_INT(m) LF_CAT(convert_int, VW)(-(m))
#endif
