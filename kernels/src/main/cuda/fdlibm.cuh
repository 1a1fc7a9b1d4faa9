// log, sin and cos of fdlibm 5.3 (what Java's StrictMath computes), ported so the GPU's normal random numbers
// equal the CPU's bit for bit: Philox.fill uses StrictMath.log/sqrt/sin/cos in double. Every operation is an IEEE
// double operation in fdlibm's order; files including this are built with -fmad=false so nothing is fused.
// Only the argument ranges the RNG needs are complete: log of any double, sin/cos for |x| <= 2^19 * pi/2 (larger
// arguments, which need fdlibm's multi-word reduction, fall back to the CUDA/C library and are not bit-exact).
// Source: fdlibm 5.3 (e_log.c, k_sin.c, k_cos.c, s_sin.c, s_cos.c, e_rem_pio2.c), (c) Sun Microsystems, freely
// distributable with this notice.
#pragma once
#include "common.cuh"

CG_HD int cg_hi(double x) { return (int)(cg_dbits(x) >> 32); }

CG_HD uint32_t cg_lo(double x) { return (uint32_t)cg_dbits(x); }

CG_HD double cg_with_hi(double x, int hi) {
    return cg_dfrom((cg_dbits(x) & 0xffffffffull) | ((uint64_t)(uint32_t)hi << 32));
}

CG_HD double cg_hi_lo(int hi, uint32_t lo) { return cg_dfrom(((uint64_t)(uint32_t)hi << 32) | lo); }

CG_HD double fdlibm_log(double x) {
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10,
                 two54 = 1.80143985094819840000e+16, Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
                 Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01,
                 Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;
    int hx = cg_hi(x);
    uint32_t lx = cg_lo(x);
    int k = 0;
    if (hx < 0x00100000) {  // x < 2^-1022
        if (((hx & 0x7fffffff) | lx) == 0) return -INFINITY;
        if (hx < 0) return NAN;
        k -= 54;
        x *= two54;  // subnormal: scale up
        hx = cg_hi(x);
    }
    if (hx >= 0x7ff00000) return x + x;
    k += (hx >> 20) - 1023;
    hx &= 0x000fffff;
    int i = (hx + 0x95f64) & 0x100000;
    x = cg_with_hi(x, hx | (i ^ 0x3ff00000));  // normalise x or x/2
    k += (i >> 20);
    double f = x - 1.0;
    if ((0x000fffff & (2 + hx)) < 3) {  // |f| < 2^-20
        if (f == 0.0) {
            if (k == 0) return 0.0;
            double dk = (double)k;
            return dk * ln2_hi + dk * ln2_lo;
        }
        double R = f * f * (0.5 - 0.33333333333333333 * f);
        if (k == 0) return f - R;
        double dk = (double)k;
        return dk * ln2_hi - ((R - dk * ln2_lo) - f);
    }
    double s = f / (2.0 + f);
    double dk = (double)k;
    double z = s * s;
    i = hx - 0x6147a;
    double w = z * z;
    int j = 0x6b851 - hx;
    double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    i |= j;
    double R = t2 + t1;
    if (i > 0) {
        double hfsq = 0.5 * f * f;
        if (k == 0) return f - (hfsq - s * (hfsq + R));
        return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
    }
    if (k == 0) return f - s * (f - R);
    return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

// sin on [-pi/4, pi/4]; y is the tail of x, iy == 0 when y is 0
CG_HD double fdlibm_kernel_sin(double x, double y, int iy) {
    const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
                 S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    int ix = cg_hi(x) & 0x7fffffff;
    if (ix < 0x3e400000) {  // |x| < 2^-27
        if ((int)x == 0) return x;
    }
    double z = x * x;
    double v = z * x;
    double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
    if (iy == 0) return x + v * (S1 + z * r);
    return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

// cos on [-pi/4, pi/4]
CG_HD double fdlibm_kernel_cos(double x, double y) {
    const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
                 C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
    int ix = cg_hi(x) & 0x7fffffff;
    if (ix < 0x3e400000) {
        if ((int)x == 0) return 1.0;
    }
    double z = x * x;
    double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
    if (ix < 0x3FD33333) return 1.0 - (0.5 * z - (z * r - x * y));  // |x| < 0.3
    double qx = ix > 0x3fe90000 ? 0.28125 : cg_hi_lo(ix - 0x00200000, 0u);
    double hz = 0.5 * z - qx;
    double a = 1.0 - qx;
    return a - (hz - (z * r - x * y));
}

// high words of n * pi/2 for n = 1..32 (fdlibm's npio2_hw)
CG_HD int cg_npio2_hw(int n) {
    switch (n) {
        case 1: return 0x3FF921FB; case 2: return 0x400921FB; case 3: return 0x4012D97C; case 4: return 0x401921FB;
        case 5: return 0x401F6A7A; case 6: return 0x4022D97C; case 7: return 0x4025FDBB; case 8: return 0x402921FB;
        case 9: return 0x402C463A; case 10: return 0x402F6A7A; case 11: return 0x4031475C; case 12: return 0x4032D97C;
        case 13: return 0x40346B9C; case 14: return 0x4035FDBB; case 15: return 0x40378FDB; case 16: return 0x403921FB;
        case 17: return 0x403AB41B; case 18: return 0x403C463A; case 19: return 0x403DD85A; case 20: return 0x403F6A7A;
        case 21: return 0x40407E4C; case 22: return 0x4041475C; case 23: return 0x4042106C; case 24: return 0x4042D97C;
        case 25: return 0x4043A28C; case 26: return 0x40446B9C; case 27: return 0x404534AC; case 28: return 0x4045FDBB;
        case 29: return 0x4046C6CB; case 30: return 0x40478FDB; case 31: return 0x404858EB; default: return 0x404921FB;
    }
}

// x = n * pi/2 + (y0 + y1) for 3pi/4 <~ |x| <= 2^19 * pi/2 and the small cases; returns n. Larger |x| are not
// handled here (callers fall back first).
CG_HD int fdlibm_rem_pio2(double x, double& y0, double& y1) {
    const double invpio2 = 6.36619772367581382433e-01, pio2_1 = 1.57079632673412561417e+00,
                 pio2_1t = 6.07710050650619224932e-11, pio2_2 = 6.07710050630396597660e-11,
                 pio2_2t = 2.02226624879595063154e-21, pio2_3 = 2.02226624871116645580e-21,
                 pio2_3t = 8.47842766036889956997e-32;
    int hx = cg_hi(x);
    int ix = hx & 0x7fffffff;
    if (ix <= 0x3fe921fb) {
        y0 = x;
        y1 = 0;
        return 0;
    }
    if (ix < 0x4002d97c) {  // |x| < 3pi/4: n = +-1
        if (hx > 0) {
            double z = x - pio2_1;
            if (ix != 0x3ff921fb) {
                y0 = z - pio2_1t;
                y1 = (z - y0) - pio2_1t;
            } else {  // near pi/2: 33+33+53 bit pi
                z -= pio2_2;
                y0 = z - pio2_2t;
                y1 = (z - y0) - pio2_2t;
            }
            return 1;
        }
        double z = x + pio2_1;
        if (ix != 0x3ff921fb) {
            y0 = z + pio2_1t;
            y1 = (z - y0) + pio2_1t;
        } else {
            z += pio2_2;
            y0 = z + pio2_2t;
            y1 = (z - y0) + pio2_2t;
        }
        return -1;
    }
    // medium size (callers guarantee ix <= 0x413921fb)
    double t = fabs(x);
    int n = (int)(t * invpio2 + 0.5);
    double fn = (double)n;
    double r = t - fn * pio2_1;
    double w = fn * pio2_1t;  // first round, good to 85 bits
    if (n < 32 && ix != cg_npio2_hw(n)) {
        y0 = r - w;  // quick check: no cancellation
    } else {
        int j = ix >> 20;
        y0 = r - w;
        int i = j - ((cg_hi(y0) >> 20) & 0x7ff);
        if (i > 16) {  // second iteration, good to 118 bits
            t = r;
            w = fn * pio2_2;
            r = t - w;
            w = fn * pio2_2t - ((t - r) - w);
            y0 = r - w;
            i = j - ((cg_hi(y0) >> 20) & 0x7ff);
            if (i > 49) {  // third iteration, 151 bits
                t = r;
                w = fn * pio2_3;
                r = t - w;
                w = fn * pio2_3t - ((t - r) - w);
                y0 = r - w;
            }
        }
    }
    y1 = (r - y0) - w;
    if (hx < 0) {
        y0 = -y0;
        y1 = -y1;
        return -n;
    }
    return n;
}

CG_HD double fdlibm_sin(double x) {
    int ix = cg_hi(x) & 0x7fffffff;
    if (ix <= 0x3fe921fb) return fdlibm_kernel_sin(x, 0.0, 0);
    if (ix >= 0x7ff00000) return x - x;
    if (ix > 0x413921fb) return sin(x);  // outside the ported reduction (never reached by the RNG)
    double y0, y1;
    int n = fdlibm_rem_pio2(x, y0, y1);
    switch (n & 3) {
        case 0: return fdlibm_kernel_sin(y0, y1, 1);
        case 1: return fdlibm_kernel_cos(y0, y1);
        case 2: return -fdlibm_kernel_sin(y0, y1, 1);
        default: return -fdlibm_kernel_cos(y0, y1);
    }
}

CG_HD double fdlibm_cos(double x) {
    int ix = cg_hi(x) & 0x7fffffff;
    if (ix <= 0x3fe921fb) return fdlibm_kernel_cos(x, 0.0);
    if (ix >= 0x7ff00000) return x - x;
    if (ix > 0x413921fb) return cos(x);
    double y0, y1;
    int n = fdlibm_rem_pio2(x, y0, y1);
    switch (n & 3) {
        case 0: return fdlibm_kernel_cos(y0, y1);
        case 1: return -fdlibm_kernel_sin(y0, y1, 1);
        case 2: return -fdlibm_kernel_cos(y0, y1);
        default: return fdlibm_kernel_sin(y0, y1, 1);
    }
}
