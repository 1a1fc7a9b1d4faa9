// Max and average pooling over [planes, D, H, W] (1-D / 2-D use leading sizes 1), floor mode, dilation 1, matching
// CpuPool: max treats padded cells as -inf, scans the window in d, h, w order, the first maximum wins and a NaN always
// replaces the running maximum; avg divides the float window sum by the window size clipped to the padded input
// (countIncludePad) or by the number of valid cells, and writes 0 + sum / div.
//
// Backward variants (selectable from CudaPool):
//   1 *_scatter: one thread per output adds its gradient to the input (atomicAdd; the host zeroes gx first). Where
//                windows overlap the order of the additions, and so the last bits, vary from run to run.
//   2 *_gather:  one thread per input cell sums, in output scan order, the gradients of the windows that contain it
//                (max pooling re-derives each window's argmax), so results are deterministic and equal the CPU's
//                order; cost grows with (windows per cell) x (window size).
#include "kcommon.cuh"

#define POOL_PARAMS                                                                                              \
    int planes, int iD, int iH, int iW, int oD, int oH, int oW, int kD, int kH, int kW, int sD, int sH, int sW, \
        int pD, int pH, int pW

// Clipped window [lo, hi) of output index o along one dimension.
CG_INLINE void pool_window(int o, int s, int p, int k, int in, int& lo, int& hi) {
    lo = o * s - p;
    hi = min(lo + k, in);
    lo = max(lo, 0);
}

// Outputs whose (unclipped) window [o*s - p, o*s - p + k) contains input index i, as [lo, hi).
CG_INLINE void pool_cover(int i, int s, int p, int k, int out, int& lo, int& hi) {
    lo = max(0, cg_floordiv(i + p - k, s) + 1);
    hi = min(out, cg_floordiv(i + p, s) + 1);
}

// The CPU's window argmax: plane-relative index of the first maximum (NaN wins, -inf windows give the first cell).
CG_INLINE int pool_argmax(const float* xp, int d0, int d1, int h0, int h1, int w0, int w1, int iH, int iW) {
    int arg = (d0 * iH + h0) * iW + w0;
    float m = -INFINITY;
    for (int d = d0; d < d1; ++d)
        for (int h = h0; h < h1; ++h) {
            const int row = (d * iH + h) * iW;
            for (int w = w0; w < w1; ++w) {
                const float v = __ldg(xp + row + w);
                if (v > m || isnan(v)) { m = v; arg = row + w; }
            }
        }
    return arg;
}

// Divisor of the average over output (od, oh, ow); 0 when the clipped window is empty.
CG_INLINE int pool_divisor(int od, int oh, int ow, int iD, int iH, int iW, int kD, int kH, int kW, int sD, int sH,
                           int sW, int pD, int pH, int pW, int countIncludePad) {
    int d0 = od * sD - pD, d1 = min(d0 + kD, iD + pD);
    int h0 = oh * sH - pH, h1 = min(h0 + kH, iH + pH);
    int w0 = ow * sW - pW, w1 = min(w0 + kW, iW + pW);
    const int pool = (d1 - d0) * (h1 - h0) * (w1 - w0);
    d0 = max(d0, 0); h0 = max(h0, 0); w0 = max(w0, 0);
    d1 = min(d1, iD); h1 = min(h1, iH); w1 = min(w1, iW);
    if (d0 >= d1 || h0 >= h1 || w0 >= w1) return 0;
    return countIncludePad ? pool : (d1 - d0) * (h1 - h0) * (w1 - w0);
}

extern "C" __global__ void maxpool_fwd(const float* __restrict__ x, float* __restrict__ y, POOL_PARAMS) {
    const int outVol = oD * oH * oW;
    const i64 inVol = (i64)iD * iH * iW;
    CG_GRID_STRIDE(e, (i64)planes * outVol) {
        const int o = (int)(e % outVol);
        const float* xp = x + (e / outVol) * inVol;
        const int od = o / (oH * oW), oh = (o / oW) % oH, ow = o % oW;
        int d0, d1, h0, h1, w0, w1;
        pool_window(od, sD, pD, kD, iD, d0, d1);
        pool_window(oh, sH, pH, kH, iH, h0, h1);
        pool_window(ow, sW, pW, kW, iW, w0, w1);
        float m = -INFINITY;
        for (int d = d0; d < d1; ++d)
            for (int h = h0; h < h1; ++h) {
                const float* row = xp + (d * iH + h) * iW;
                for (int w = w0; w < w1; ++w) {
                    const float v = __ldg(row + w);
                    if (v > m || isnan(v)) m = v;
                }
            }
        y[e] = m;
    }
}

extern "C" __global__ void maxpool_bwd_1_scatter(const float* __restrict__ x, const float* __restrict__ gy,
                                                 float* __restrict__ gx, POOL_PARAMS) {
    const int outVol = oD * oH * oW;
    const i64 inVol = (i64)iD * iH * iW;
    CG_GRID_STRIDE(e, (i64)planes * outVol) {
        const int o = (int)(e % outVol);
        const i64 base = (e / outVol) * inVol;
        const int od = o / (oH * oW), oh = (o / oW) % oH, ow = o % oW;
        int d0, d1, h0, h1, w0, w1;
        pool_window(od, sD, pD, kD, iD, d0, d1);
        pool_window(oh, sH, pH, kH, iH, h0, h1);
        pool_window(ow, sW, pW, kW, iW, w0, w1);
        atomicAdd(gx + base + pool_argmax(x + base, d0, d1, h0, h1, w0, w1, iH, iW), __ldg(gy + e));
    }
}

extern "C" __global__ void maxpool_bwd_2_gather(const float* __restrict__ x, const float* __restrict__ gy,
                                                float* __restrict__ gx, POOL_PARAMS) {
    const int inVolI = iD * iH * iW, outVol = oD * oH * oW;
    CG_GRID_STRIDE(e, (i64)planes * inVolI) {
        const int i = (int)(e % inVolI);
        const i64 pl = e / inVolI;
        const float* xp = x + pl * inVolI;
        const float* gp = gy + pl * outVol;
        const int d = i / (iH * iW), h = (i / iW) % iH, w = i % iW;
        int dl, dh, hl, hh, wl, wh;
        pool_cover(d, sD, pD, kD, oD, dl, dh);
        pool_cover(h, sH, pH, kH, oH, hl, hh);
        pool_cover(w, sW, pW, kW, oW, wl, wh);
        float acc = 0.f;
        for (int od = dl; od < dh; ++od) {
            int d0, d1;
            pool_window(od, sD, pD, kD, iD, d0, d1);
            for (int oh = hl; oh < hh; ++oh) {
                int h0, h1;
                pool_window(oh, sH, pH, kH, iH, h0, h1);
                for (int ow = wl; ow < wh; ++ow) {
                    int w0, w1;
                    pool_window(ow, sW, pW, kW, iW, w0, w1);
                    if (pool_argmax(xp, d0, d1, h0, h1, w0, w1, iH, iW) == i) acc += __ldg(gp + (od * oH + oh) * oW + ow);
                }
            }
        }
        gx[e] = acc;
    }
}

extern "C" __global__ void avgpool_fwd(const float* __restrict__ x, float* __restrict__ y, POOL_PARAMS,
                                       int countIncludePad) {
    const int outVol = oD * oH * oW;
    const i64 inVol = (i64)iD * iH * iW;
    CG_GRID_STRIDE(e, (i64)planes * outVol) {
        const int o = (int)(e % outVol);
        const float* xp = x + (e / outVol) * inVol;
        const int od = o / (oH * oW), oh = (o / oW) % oH, ow = o % oW;
        const int div = pool_divisor(od, oh, ow, iD, iH, iW, kD, kH, kW, sD, sH, sW, pD, pH, pW, countIncludePad);
        if (div == 0) { y[e] = 0.f; continue; }
        int d0, d1, h0, h1, w0, w1;
        pool_window(od, sD, pD, kD, iD, d0, d1);
        pool_window(oh, sH, pH, kH, iH, h0, h1);
        pool_window(ow, sW, pW, kW, iW, w0, w1);
        float sum = 0.f;
        for (int d = d0; d < d1; ++d)
            for (int h = h0; h < h1; ++h) {
                const float* row = xp + (d * iH + h) * iW;
                for (int w = w0; w < w1; ++w) sum += __ldg(row + w);
            }
        y[e] = 0.f + sum / (float)div;
    }
}

extern "C" __global__ void avgpool_bwd_1_scatter(const float* __restrict__ gy, float* __restrict__ gx, POOL_PARAMS,
                                                 int countIncludePad) {
    const int outVol = oD * oH * oW;
    const i64 inVol = (i64)iD * iH * iW;
    CG_GRID_STRIDE(e, (i64)planes * outVol) {
        const int o = (int)(e % outVol);
        float* gp = gx + (e / outVol) * inVol;
        const int od = o / (oH * oW), oh = (o / oW) % oH, ow = o % oW;
        const int div = pool_divisor(od, oh, ow, iD, iH, iW, kD, kH, kW, sD, sH, sW, pD, pH, pW, countIncludePad);
        if (div == 0) continue;
        const float delta = __ldg(gy + e) / (float)div;
        int d0, d1, h0, h1, w0, w1;
        pool_window(od, sD, pD, kD, iD, d0, d1);
        pool_window(oh, sH, pH, kH, iH, h0, h1);
        pool_window(ow, sW, pW, kW, iW, w0, w1);
        for (int d = d0; d < d1; ++d)
            for (int h = h0; h < h1; ++h)
                for (int w = w0; w < w1; ++w) atomicAdd(gp + (d * iH + h) * iW + w, delta);
    }
}

extern "C" __global__ void avgpool_bwd_2_gather(const float* __restrict__ gy, float* __restrict__ gx, POOL_PARAMS,
                                                int countIncludePad) {
    const int inVolI = iD * iH * iW, outVol = oD * oH * oW;
    CG_GRID_STRIDE(e, (i64)planes * inVolI) {
        const int i = (int)(e % inVolI);
        const float* gp = gy + (e / inVolI) * outVol;
        const int d = i / (iH * iW), h = (i / iW) % iH, w = i % iW;
        int dl, dh, hl, hh, wl, wh;
        pool_cover(d, sD, pD, kD, oD, dl, dh);
        pool_cover(h, sH, pH, kH, oH, hl, hh);
        pool_cover(w, sW, pW, kW, oW, wl, wh);
        float acc = 0.f;
        for (int od = dl; od < dh; ++od)
            for (int oh = hl; oh < hh; ++oh)
                for (int ow = wl; ow < wh; ++ow) {
                    const int div =
                        pool_divisor(od, oh, ow, iD, iH, iW, kD, kH, kW, sD, sH, sW, pD, pH, pW, countIncludePad);
                    acc += __ldg(gp + (od * oH + oh) * oW + ow) / (float)div;  // div > 0: the window holds i
                }
        gx[e] = acc;
    }
}
