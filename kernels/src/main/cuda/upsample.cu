// Nearest and (bi/tri)linear resampling of [planes, D, H, W] to [planes, oD, oH, oW], matching CpuUpsample (torch's
// index arithmetic in float; leading dimensions with in == out == 1 do not count, so a linear op is 1-, 2- or 3-D).
// Index and weight arithmetic use explicitly rounded operations (__fmul_rn, __fadd_rn) so that no multiply-add is
// contracted and every index, weight and forward value equals the CPU's.
//
// Backward variants (selectable from CudaUpsample):
//   1 *_scatter: one thread per output adds its weighted gradient to its taps (atomicAdd; host zeroes gx first).
//   2 *_gather:  one thread per input cell finds, per dimension, the contiguous range of outputs that reach it
//                (indices are monotone in the output index) and sums their contributions in the CPU's order
//                (outputs in scan order, taps in d, h, w order): deterministic, no atomics, no zeroing.
#include "kcommon.cuh"

#define UP_PARAMS int planes, int iD, int iH, int iW, int oD, int oH, int oW

struct Lin {
    int i0, i1;
    float l0, l1;
};

// torch's scale for linear interpolation (area_pixel_compute_scale with the size given).
CG_INLINE float lin_scale(int in, int out, int align) {
    if (align) return out > 1 ? (float)(in - 1) / (float)(out - 1) : 0.f;
    return (float)in / (float)out;
}

// torch's compute_source_index_and_lambda for output index o.
CG_INLINE Lin lin_src(int o, int in, int out, int align, float scale) {
    Lin t;
    if (in == out) {
        t.i0 = t.i1 = o;
        t.l0 = 1.f;
        t.l1 = 0.f;
        return t;
    }
    float src;
    if (align) {
        src = __fmul_rn(scale, (float)o);
    } else {
        src = __fadd_rn(__fmul_rn(scale, __fadd_rn((float)o, 0.5f)), -0.5f);
        if (src < 0.f) src = 0.f;
    }
    const int i = min((int)floorf(src), in - 1);
    const float lambda = fminf(fmaxf(__fsub_rn(src, (float)i), 0.f), 1.f);
    t.i0 = i;
    t.i1 = i + (i < in - 1 ? 1 : 0);
    t.l1 = lambda;
    t.l0 = __fsub_rn(1.f, lambda);
    return t;
}

// torch's legacy nearest source index.
CG_INLINE int near_src(int o, int in, float scale) { return min((int)floorf(__fmul_rn((float)o, scale)), in - 1); }

// Number of interpolated dimensions: 1, 2 or 3.
CG_INLINE int up_dims(int iD, int iH, int oD, int oH) {
    if (iD == 1 && oD == 1) return (iH == 1 && oH == 1) ? 1 : 2;
    return 3;
}

// First output index o in [0, out] with key(o) >= target, for a key non-decreasing in o; `guess` only sets the start.
template <class Key>
CG_INLINE int first_at_least(const Key& key, int target, int out, int guess) {
    int o = min(max(guess, 0), out);
    while (o > 0 && key(o - 1) >= target) --o;
    while (o < out && key(o) < target) ++o;
    return o;
}

struct NearKey {
    int in;
    float scale;
    CG_INLINE int operator()(int o) const { return near_src(o, in, scale); }
};
struct LinKey {
    int in, out, align;
    float scale;
    CG_INLINE int operator()(int o) const { return lin_src(o, in, out, align, scale).i0; }
};

// Outputs [lo, hi) along one dimension whose nearest source is i.
CG_INLINE void near_cover(int i, int in, int out, int& lo, int& hi) {
    const float scale = (float)in / (float)out;
    const NearKey key{in, scale};
    const int guess = (int)((float)i / scale);
    lo = first_at_least(key, i, out, guess - 1);
    hi = first_at_least(key, i + 1, out, max(lo, (int)((float)(i + 1) / scale) - 1));
}

// Outputs [lo, hi) along one dimension with a tap (i0 or i1) on input index i: those with i0 in {i - 1, i}.
CG_INLINE void lin_cover(int i, int in, int out, int align, int& lo, int& hi) {
    const float scale = lin_scale(in, out, align);
    const LinKey key{in, out, align, scale};
    const float inv = scale > 0.f ? 1.f / scale : 0.f;
    lo = first_at_least(key, i - 1, out, (int)((float)(i - 1) * inv) - 1);
    hi = first_at_least(key, i + 1, out, max(lo, (int)((float)(i + 1) * inv) - 1));
}

// ================================================================================================== nearest

extern "C" __global__ void upsample_nearest_fwd(const float* __restrict__ x, float* __restrict__ y, UP_PARAMS) {
    const int outVol = oD * oH * oW;
    const i64 inVol = (i64)iD * iH * iW;
    const float sd = (float)iD / (float)oD, sh = (float)iH / (float)oH, sw = (float)iW / (float)oW;
    CG_GRID_STRIDE(e, (i64)planes * outVol) {
        const int o = (int)(e % outVol);
        const int od = o / (oH * oW), oh = (o / oW) % oH, ow = o % oW;
        y[e] = __ldg(x + (e / outVol) * inVol + (near_src(od, iD, sd) * iH + near_src(oh, iH, sh)) * iW +
                     near_src(ow, iW, sw));
    }
}

extern "C" __global__ void upsample_nearest_bwd_1_scatter(const float* __restrict__ gy, float* __restrict__ gx,
                                                          UP_PARAMS) {
    const int outVol = oD * oH * oW;
    const i64 inVol = (i64)iD * iH * iW;
    const float sd = (float)iD / (float)oD, sh = (float)iH / (float)oH, sw = (float)iW / (float)oW;
    CG_GRID_STRIDE(e, (i64)planes * outVol) {
        const int o = (int)(e % outVol);
        const int od = o / (oH * oW), oh = (o / oW) % oH, ow = o % oW;
        atomicAdd(gx + (e / outVol) * inVol + (near_src(od, iD, sd) * iH + near_src(oh, iH, sh)) * iW +
                      near_src(ow, iW, sw),
                  __ldg(gy + e));
    }
}

extern "C" __global__ void upsample_nearest_bwd_2_gather(const float* __restrict__ gy, float* __restrict__ gx,
                                                         UP_PARAMS) {
    const int inVol = iD * iH * iW, outVol = oD * oH * oW;
    CG_GRID_STRIDE(e, (i64)planes * inVol) {
        const int i = (int)(e % inVol);
        const float* gp = gy + (e / inVol) * outVol;
        int dl, dh, hl, hh, wl, wh;
        near_cover(i / (iH * iW), iD, oD, dl, dh);
        near_cover((i / iW) % iH, iH, oH, hl, hh);
        near_cover(i % iW, iW, oW, wl, wh);
        float acc = 0.f;
        for (int od = dl; od < dh; ++od)
            for (int oh = hl; oh < hh; ++oh)
                for (int ow = wl; ow < wh; ++ow) acc += __ldg(gp + (od * oH + oh) * oW + ow);
        gx[e] = acc;
    }
}

// =================================================================================================== linear

extern "C" __global__ void upsample_linear_fwd(const float* __restrict__ x, float* __restrict__ y, UP_PARAMS,
                                               int align) {
    const int outVol = oD * oH * oW;
    const i64 inVol = (i64)iD * iH * iW;
    const int nd = up_dims(iD, iH, oD, oH);
    const bool product = nd == 2 && oH + oW <= 128;  // torch's small-output bilinear kernel (see CpuUpsample)
    const float scd = lin_scale(iD, oD, align), sch = lin_scale(iH, oH, align), scw = lin_scale(iW, oW, align);
    CG_GRID_STRIDE(e, (i64)planes * outVol) {
        const int o = (int)(e % outVol);
        const int od = o / (oH * oW), oh = (o / oW) % oH, ow = o % oW;
        const float* xp = x + (e / outVol) * inVol;
        const Lin td = lin_src(od, iD, oD, align, scd), th = lin_src(oh, iH, oH, align, sch),
                  tw = lin_src(ow, iW, oW, align, scw);
        // separable rows: r(d, h) = x[d][h][j0] * w0 + x[d][h][j1] * w1
#define ROW(dd, hh) \
    __fadd_rn(__fmul_rn(__ldg(xp + ((dd) * iH + (hh)) * iW + tw.i0), tw.l0), __fmul_rn(__ldg(xp + ((dd) * iH + (hh)) * iW + tw.i1), tw.l1))
        float v;
        if (nd == 1) {
            v = ROW(td.i0, th.i0);
        } else if (nd == 2) {
            if (product) {
                const float* a = xp + (td.i0 * iH + th.i0) * iW;
                const float* b = xp + (td.i0 * iH + th.i1) * iW;
                v = __fadd_rn(__fadd_rn(__fadd_rn(__fmul_rn(__ldg(a + tw.i0), __fmul_rn(th.l0, tw.l0)),
                                                  __fmul_rn(__ldg(a + tw.i1), __fmul_rn(th.l0, tw.l1))),
                                        __fmul_rn(__ldg(b + tw.i0), __fmul_rn(th.l1, tw.l0))),
                              __fmul_rn(__ldg(b + tw.i1), __fmul_rn(th.l1, tw.l1)));
            } else {
                v = __fadd_rn(__fmul_rn(ROW(td.i0, th.i0), th.l0), __fmul_rn(ROW(td.i0, th.i1), th.l1));
            }
        } else {
            const float t0 = __fadd_rn(__fmul_rn(ROW(td.i0, th.i0), th.l0), __fmul_rn(ROW(td.i0, th.i1), th.l1));
            const float t1 = __fadd_rn(__fmul_rn(ROW(td.i1, th.i0), th.l0), __fmul_rn(ROW(td.i1, th.i1), th.l1));
            v = __fadd_rn(__fmul_rn(t0, td.l0), __fmul_rn(t1, td.l1));
        }
#undef ROW
        y[e] = v;
    }
}

// Weight of tap (a, b, c) of an output, as the CPU forms it: ((ld * lh) * lw) * g, dropping absent dimensions.
CG_INLINE float lin_term(int nd, float ld, float lh, float lw, float g) {
    if (nd == 1) return __fmul_rn(lw, g);
    if (nd == 2) return __fmul_rn(__fmul_rn(lh, lw), g);
    return __fmul_rn(__fmul_rn(__fmul_rn(ld, lh), lw), g);
}

extern "C" __global__ void upsample_linear_bwd_1_scatter(const float* __restrict__ gy, float* __restrict__ gx,
                                                         UP_PARAMS, int align) {
    const int outVol = oD * oH * oW;
    const i64 inVol = (i64)iD * iH * iW;
    const int nd = up_dims(iD, iH, oD, oH);
    const float scd = lin_scale(iD, oD, align), sch = lin_scale(iH, oH, align), scw = lin_scale(iW, oW, align);
    CG_GRID_STRIDE(e, (i64)planes * outVol) {
        const int o = (int)(e % outVol);
        const int od = o / (oH * oW), oh = (o / oW) % oH, ow = o % oW;
        float* gp = gx + (e / outVol) * inVol;
        const float g = __ldg(gy + e);
        const Lin td = lin_src(od, iD, oD, align, scd), th = lin_src(oh, iH, oH, align, sch),
                  tw = lin_src(ow, iW, oW, align, scw);
        const int nD = nd == 3 ? 2 : 1, nH = nd >= 2 ? 2 : 1;
        for (int a = 0; a < nD; ++a)
            for (int b = 0; b < nH; ++b)
                for (int c = 0; c < 2; ++c)
                    atomicAdd(gp + ((a ? td.i1 : td.i0) * iH + (b ? th.i1 : th.i0)) * iW + (c ? tw.i1 : tw.i0),
                              lin_term(nd, a ? td.l1 : td.l0, b ? th.l1 : th.l0, c ? tw.l1 : tw.l0, g));
    }
}

extern "C" __global__ void upsample_linear_bwd_2_gather(const float* __restrict__ gy, float* __restrict__ gx,
                                                        UP_PARAMS, int align) {
    const int inVol = iD * iH * iW, outVol = oD * oH * oW;
    const int nd = up_dims(iD, iH, oD, oH);
    const float scd = lin_scale(iD, oD, align), sch = lin_scale(iH, oH, align), scw = lin_scale(iW, oW, align);
    const int nD = nd == 3 ? 2 : 1, nH = nd >= 2 ? 2 : 1;
    CG_GRID_STRIDE(e, (i64)planes * inVol) {
        const int i = (int)(e % inVol);
        const int d = i / (iH * iW), h = (i / iW) % iH, w = i % iW;
        const float* gp = gy + (e / inVol) * outVol;
        int dl, dh, hl, hh, wl, wh;
        lin_cover(d, iD, oD, align, dl, dh);
        lin_cover(h, iH, oH, align, hl, hh);
        lin_cover(w, iW, oW, align, wl, wh);
        float acc = 0.f;
        for (int od = dl; od < dh; ++od) {
            const Lin td = lin_src(od, iD, oD, align, scd);
            for (int oh = hl; oh < hh; ++oh) {
                const Lin th = lin_src(oh, iH, oH, align, sch);
                for (int ow = wl; ow < wh; ++ow) {
                    const Lin tw = lin_src(ow, iW, oW, align, scw);
                    const float g = __ldg(gp + (od * oH + oh) * oW + ow);
                    for (int a = 0; a < nD; ++a) {
                        if ((a ? td.i1 : td.i0) != d) continue;
                        for (int b = 0; b < nH; ++b) {
                            if ((b ? th.i1 : th.i0) != h) continue;
                            for (int c = 0; c < 2; ++c)
                                if ((c ? tw.i1 : tw.i0) == w)
                                    acc = __fadd_rn(acc, lin_term(nd, a ? td.l1 : td.l0, b ? th.l1 : th.l0,
                                                                  c ? tw.l1 : tw.l0, g));
                        }
                    }
                }
            }
        }
        gx[e] = acc;
    }
}
