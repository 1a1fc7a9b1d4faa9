// sinf/cosf exactly as the CPU backend computes them (tensor/.../cpu/CpuTrig.java): Cody-Waite reduction to
// [-pi/4, pi/4] and Cephes' minimax polynomials, the same float operations in the same order. Files including this
// are built with -fmad=false (see their nvcc-flags line) so no multiply-add is fused and the results equal the CPU's
// bit for bit. |x| > 8192 and non-finite x go through double sin/cos like the CPU's Math.sin/cos fallback; those two
// libraries may differ in the last double bit, which changes the float result only in rare rounding ties.
#pragma once
#include "common.cuh"

#define CG_TRIG_BIG 8192.0f
#define CG_TRIG_FOPI 1.27323954473516f
#define CG_TRIG_MAGIC 12582912.0f  // 0x1.8p23: (v + MAGIC) - MAGIC rounds |v| < 2^22 to an integer
#define CG_TRIG_DP1 0.78515625f
#define CG_TRIG_DP2 2.4187564849853515625e-4f
#define CG_TRIG_DP3 3.77489497744594108e-8f
#define CG_TRIG_S0 -1.9515295891e-4f
#define CG_TRIG_S1 8.3321608736e-3f
#define CG_TRIG_S2 -1.6666654611e-1f
#define CG_TRIG_C0 2.443315711809948e-5f
#define CG_TRIG_C1 -1.388731625493765e-3f
#define CG_TRIG_C2 4.166664568298827e-2f

CG_HD float cg_trig_eval(float x, bool cosine) {
    if (!(fabsf(x) <= CG_TRIG_BIG)) return (float)(cosine ? cos((double)x) : sin((double)x));
    float t = x * CG_TRIG_FOPI * 0.5f;
    float q = (t + CG_TRIG_MAGIC) - CG_TRIG_MAGIC;
    float y = q * 2.0f;
    float r = ((x - y * CG_TRIG_DP1) - y * CG_TRIG_DP2) - y * CG_TRIG_DP3;
    if (cosine) q += 1.0f;
    float z = r * r;
    float pc = ((CG_TRIG_C0 * z + CG_TRIG_C1) * z + CG_TRIG_C2) * z * z - 0.5f * z + 1.0f;
    float ps = ((CG_TRIG_S0 * z + CG_TRIG_S1) * z + CG_TRIG_S2) * z * r + r;
    float h = q * 0.5f, g = q * 0.25f;
    float fh = h - ((h + CG_TRIG_MAGIC) - CG_TRIG_MAGIC), fg = g - ((g + CG_TRIG_MAGIC) - CG_TRIG_MAGIC);
    float v = fh != 0.0f ? pc : ps;
    return fabsf(fg) == 0.5f || fg == -0.25f ? -v : v;
}

CG_HD float cg_sinf(float x) { return x == 0.0f ? x : cg_trig_eval(x, false); }

CG_HD float cg_cosf(float x) { return cg_trig_eval(x, true); }
