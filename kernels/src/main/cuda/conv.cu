// N-d convolution (1/2/3-D through the 3-D ConvGeometry: leading sizes 1) as implicit GEMM: the column matrix is
// gathered tile by tile into shared memory by the loaders below and never materialised. Zero padding, stride, groups.
// Layouts: x [n, cin, id, ih, iw], w [cout, cin/groups, kd, kh, kw], y [n, cout, od, oh, ow], all contiguous.
//
//   forward       per group: Y[coutG, n*outSize] = W[coutG, taps*cinG] * col(x), reduction ordered tap-major
//                 (tap outer, channel inner), so the input offset of a column is computed once per tap.
//   backward-data per group and stride phase (input positions i with (i + pad) mod stride fixed): only the kernel
//                 taps of that phase reach them, reading gy at unit stride; GX[cinG, n*phaseSize] =
//                 W^T[cinG, phaseTaps*coutG] * col(gy). Every input position is written by exactly one block (0 where
//                 no output reaches it, e.g. the extra rows of a larger input given for transposed convolution).
//   backward-wt   per group: GW[coutG, cinG*taps] = GY[coutG, n*outSize] * col(x)^T, the reduction split over
//                 blockIdx.z; with more than one split the host zeroes gw and the splits add atomically (so the
//                 summation order, and the last bits, vary from run to run), with one split gw is overwritten.
//
// Variants (selectable from CudaConv): 1 naive (one thread per output element, direct loops), 2 implicit GEMM on the
// SIMT engine, 3 implicit GEMM on TF32 tensor cores (sm_80+ images, explicit opt-in). Variants 2 and 3 come in three
// tile shapes chosen by the GEMM's M (output channels per group, or input channels for backward-data):
// m128 = 128 x 128, m64 = 64 x 128, m32 = 32 x 256.
#include "blockgemm.cuh"

#define CONV_PARAMS                                                                                                 \
    int n, int cin, int cout, int groups, int id, int ih, int iw, int od, int oh, int ow, int kd, int kh, int kw, \
        int sd, int sh, int sw, int pd, int ph, int pw
#define CONV_GEO ConvGeo{n, cin, cout, groups, id, ih, iw, od, oh, ow, kd, kh, kw, sd, sh, sw, pd, ph, pw}

struct ConvGeo {
    int n, cin, cout, groups, id, ih, iw, od, oh, ow, kd, kh, kw, sd, sh, sw, pd, ph, pw;
    CG_INLINE int cinG() const { return cin / groups; }
    CG_INLINE int coutG() const { return cout / groups; }
    CG_INLINE int inSize() const { return id * ih * iw; }
    CG_INLINE int outSize() const { return od * oh * ow; }
    CG_INLINE int ks() const { return kd * kh * kw; }
};

// Position of one column inside the tap loop: kernel tap (kz, ky, kx) and its linear index, channel step cs.
struct TapCounter {
    int cs, tap, kz, ky, kx;
    CG_INLINE TapCounter() : cs(0), tap(0), kz(0), ky(0), kx(0) {}
    // next step: the channel block advances; after the last one, the tap (x fastest)
    CG_INLINE bool advance(int cSteps, int nkh, int nkw) {
        if (++cs < cSteps) return false;
        cs = 0;
        ++tap;
        if (++kx == nkw) {
            kx = 0;
            if (++ky == nkh) { ky = 0; ++kz; }
        }
        return true;
    }
};

// ================================================================================================= forward

// Operands of the forward GEMM. A = weights [coutG rows][(tap, ci)], B = input gather [(tap, ci)][columns (s, p)].
// fetchA must run before fetchB for each step (fetchB advances the shared tap counter).
template <class Cfg>
struct FwdLoader {
    static constexpr int BK = Cfg::BK, NT = Cfg::NT;
    static constexpr int EA = Cfg::BM * BK / NT, EB = BK * Cfg::BN / NT;
    static_assert(NT % BK == 0 && NT % Cfg::BN == 0 && EA >= 1 && EB >= 1, "loader mapping");
    const ConvGeo& g;
    int cinG, cSteps, inSize;
    // A: this thread reads channel offset kkA of rows coA + e * (NT / BK)
    const float* wrow;  // w at (grp*coutG + m0 + coA, kkA, tap 0)
    int rowsA;          // valid rows from coA on
    // B: this thread reads column n0 + tid % BN, channel rows tid / BN + e * (NT / BN)
    const float* xs;  // x at (s, grp*cinG, 0)
    int iz0, iy0, ix0;
    int off;  // spatial offset of the current tap, or -1 when it falls into the padding
    TapCounter t;
    float bufA[EA], bufB[EB];

    CG_INLINE FwdLoader(const ConvGeo& g_, const float* x, const float* w, int grp, int m0, i64 n0) : g(g_) {
        cinG = g.cinG();
        cSteps = cg_cdiv(cinG, BK);
        inSize = g.inSize();
        const int coutG = g.coutG(), ks = g.ks();
        const int coA = threadIdx.x / BK, kkA = threadIdx.x % BK;
        wrow = w + ((i64)(grp * coutG + m0 + coA) * cinG + kkA) * ks;
        rowsA = coutG - m0 - coA;
        const int outSize = g.outSize();
        const i64 col = n0 + threadIdx.x % Cfg::BN;
        const int s = (int)(col / outSize), p = (int)(col % outSize);
        const int oz = p / (g.oh * g.ow), r = p % (g.oh * g.ow), oy = r / g.ow, ox = r % g.ow;
        xs = x + ((i64)s * g.cin + (i64)grp * cinG) * inSize;
        iz0 = col < (i64)g.n * outSize ? oz * g.sd - g.pd : -(1 << 29);  // an invalid column never hits the volume
        iy0 = oy * g.sh - g.ph;
        ix0 = ox * g.sw - g.pw;
        retap();
    }

    CG_INLINE void retap() {
        const int iz = iz0 + t.kz, iy = iy0 + t.ky, ix = ix0 + t.kx;
        const bool in = iz >= 0 && iz < g.id && iy >= 0 && iy < g.ih && ix >= 0 && ix < g.iw;
        off = in ? (iz * g.ih + iy) * g.iw + ix : -1;
    }

    CG_INLINE void fetchA() {
        const int c = t.cs * BK + threadIdx.x % BK;
        const i64 rowStep = (i64)(NT / BK) * cinG * g.ks();
        const float* p = wrow + (i64)t.cs * BK * g.ks() + t.tap;
#pragma unroll
        for (int e = 0; e < EA; ++e)
            bufA[e] = (c < cinG && e * (NT / BK) < rowsA) ? __ldg(p + e * rowStep) : 0.f;
    }

    CG_INLINE void fetchB() {
        const int c0 = t.cs * BK + threadIdx.x / Cfg::BN;
        const float* p = xs + (i64)c0 * inSize + off;
#pragma unroll
        for (int e = 0; e < EB; ++e)
            bufB[e] = (off >= 0 && c0 + e * (NT / Cfg::BN) < cinG) ? __ldg(p + (i64)e * (NT / Cfg::BN) * inSize) : 0.f;
        if (t.advance(cSteps, g.kh, g.kw)) retap();
    }

    CG_INLINE void storeA(float* sm) const {
        const int co = threadIdx.x / BK, kk = threadIdx.x % BK;
#pragma unroll
        for (int e = 0; e < EA; ++e) sm[kk * Cfg::LDA + co + e * (NT / BK)] = bufA[e];
    }

    CG_INLINE void storeB(float* sm) const {
        const int c = threadIdx.x % Cfg::BN, kk = threadIdx.x / Cfg::BN;
#pragma unroll
        for (int e = 0; e < EB; ++e) sm[(kk + e * (NT / Cfg::BN)) * Cfg::LDB + c] = bufB[e];
    }
};

// Adapters that present one two-operand loader as the engine's A and B loaders.
template <class L> struct OperandA {
    L& l;
    CG_INLINE void fetch() { l.fetchA(); }
    CG_INLINE void store(float* sm) const { l.storeA(sm); }
};
template <class L> struct OperandB {
    L& l;
    CG_INLINE void fetch() { l.fetchB(); }
    CG_INLINE void store(float* sm) const { l.storeB(sm); }
};

// y[s, grp*coutG + co, p] = acc (+ bias), columns (s, p) flattened.
struct FwdEpi {
    float* y;
    const float* bias;
    int coutG, cout, outSize, grp, m0;
    i64 n0, cols;
    CG_INLINE void operator()(int r, int c, float4 v) const {
        const int co = m0 + r;
        if (co >= coutG) return;
        const float b = bias != nullptr ? __ldg(bias + grp * coutG + co) : 0.f;
        const float e[4] = {v.x, v.y, v.z, v.w};
        i64 col = n0 + c;
        int s = (int)(col / outSize), p = (int)(col % outSize);
#pragma unroll
        for (int q = 0; q < 4; ++q, ++col) {
            if (col < cols) y[((i64)s * cout + grp * coutG + co) * outSize + p] = bias != nullptr ? e[q] + b : e[q];
            if (++p == outSize) { p = 0; ++s; }
        }
    }
};

template <class Cfg, bool TF32>
CG_INLINE void conv_fwd_blocked(const float* __restrict__ x, const float* __restrict__ w,
                                const float* __restrict__ bias, float* __restrict__ y, const ConvGeo& g) {
    __shared__ __align__(128) float sm[Cfg::SMEM_FLOATS];
    const int grp = blockIdx.z, coutG = g.coutG();
    const int tilesM = cg_cdiv(coutG, Cfg::BM);
    const int m0 = (blockIdx.x % tilesM) * Cfg::BM;
    const i64 n0 = (i64)(blockIdx.x / tilesM) * Cfg::BN;
    const i64 cols = (i64)g.n * g.outSize();
    if (n0 >= cols) return;
    const int steps = cg_cdiv(g.cinG(), Cfg::BK) * g.ks();
    FwdLoader<Cfg> ld(g, x, w, grp, m0, n0);
    OperandA<FwdLoader<Cfg>> la{ld};
    OperandB<FwdLoader<Cfg>> lb{ld};
    const FwdEpi epi{y, bias, coutG, g.cout, g.outSize(), grp, m0, n0, cols};
    if constexpr (TF32) tf32_mma<Cfg>(la, lb, steps, epi, sm);
    else simt_mma<Cfg>(la, lb, steps, epi, sm);
}

// ============================================================================================ backward-data

// One stride phase f = (fz, fy, fx): input positions i = first + stride*u (u < cnt) per dimension, reached only by
// kernel taps k = f + stride*t (t < nks) from outputs o = u + mlo - t. Mirrored by ConvPlan.Phase in Java.
struct PhaseGeo {
    int fz, fy, fx;
    int nkz, nky, nkx, cz, cy, cx, mz, my, mx, iz, iy, ix;
    CG_INLINE static void dim(int f, int k, int s, int p, int in, int& nks, int& cnt, int& mlo, int& first) {
        nks = f < k ? (k - 1 - f) / s + 1 : 0;
        const int lo = -cg_floordiv(f - p, s);
        const int hi = -cg_floordiv(-(in - f + p), s);
        mlo = lo;
        cnt = max(0, hi - lo);
        first = f - p + s * lo;
    }
    CG_INLINE PhaseGeo(const ConvGeo& g, int phase) {
        fx = phase % g.sw;
        fy = (phase / g.sw) % g.sh;
        fz = phase / (g.sw * g.sh);
        dim(fz, g.kd, g.sd, g.pd, g.id, nkz, cz, mz, iz);
        dim(fy, g.kh, g.sh, g.ph, g.ih, nky, cy, my, iy);
        dim(fx, g.kw, g.sw, g.pw, g.iw, nkx, cx, mx, ix);
    }
    CG_INLINE int size() const { return cz * cy * cx; }
    CG_INLINE int taps() const { return nkz * nky * nkx; }
};

// A = W^T [cinG rows][(phase tap, co)], B = gy gather [(phase tap, co)][columns (s, u)].
template <class Cfg>
struct BwdDataLoader {
    static constexpr int BK = Cfg::BK, NT = Cfg::NT;
    static constexpr int EA = Cfg::BM * BK / NT, EB = BK * Cfg::BN / NT;
    static_assert(NT % BK == 0 && NT % Cfg::BN == 0 && EA >= 1 && EB >= 1, "loader mapping");
    const ConvGeo& g;
    const PhaseGeo& ph;
    int coutG, cSteps, outSize;
    const float* wcol;  // w at (grp*coutG, ci = m0 + tid / BK, tap 0)
    int rowsA;
    const float* gys;  // gy at (s, grp*coutG, 0)
    int uz, uy, ux;    // phase-grid position of this thread's column (uz huge negative when the column is invalid)
    int off;           // gy spatial offset for the current tap, or -1
    int ktap;          // kernel tap index of the current phase tap
    TapCounter t;
    float bufA[EA], bufB[EB];

    CG_INLINE BwdDataLoader(const ConvGeo& g_, const PhaseGeo& ph_, const float* gy, const float* w, int grp, int m0,
                            i64 n0)
        : g(g_), ph(ph_) {
        coutG = g.coutG();
        cSteps = cg_cdiv(coutG, BK);
        outSize = g.outSize();
        const int cinG = g.cinG();
        const int ci = m0 + threadIdx.x / BK;
        wcol = w + ((i64)grp * coutG * cinG + ci) * g.ks();
        rowsA = cinG - ci;
        const int size = ph.size();
        const i64 col = n0 + threadIdx.x % Cfg::BN;
        const int s = (int)(col / size), u = (int)(col % size);
        uz = col < (i64)g.n * size ? u / (ph.cy * ph.cx) : -(1 << 29);
        uy = (u / ph.cx) % ph.cy;
        ux = u % ph.cx;
        gys = gy + ((i64)s * g.cout + (i64)grp * coutG) * outSize;
        retap();
    }

    CG_INLINE void retap() {
        ktap = ((ph.fz + g.sd * t.kz) * g.kh + ph.fy + g.sh * t.ky) * g.kw + ph.fx + g.sw * t.kx;
        const int oz = uz + ph.mz - t.kz, oy = uy + ph.my - t.ky, ox = ux + ph.mx - t.kx;
        const bool in = oz >= 0 && oz < g.od && oy >= 0 && oy < g.oh && ox >= 0 && ox < g.ow;
        off = in ? (oz * g.oh + oy) * g.ow + ox : -1;
    }

    CG_INLINE void fetchA() {
        const int co = t.cs * BK + threadIdx.x % BK;
        const int ks = g.ks(), cinG = g.cinG();
        const float* p = wcol + (i64)co * cinG * ks + ktap;
#pragma unroll
        for (int e = 0; e < EA; ++e)
            bufA[e] = (co < coutG && e * (NT / BK) < rowsA) ? __ldg(p + (i64)e * (NT / BK) * ks) : 0.f;
    }

    CG_INLINE void fetchB() {
        const int c0 = t.cs * BK + threadIdx.x / Cfg::BN;
        const float* p = gys + (i64)c0 * outSize + off;
#pragma unroll
        for (int e = 0; e < EB; ++e)
            bufB[e] = (off >= 0 && c0 + e * (NT / Cfg::BN) < coutG) ? __ldg(p + (i64)e * (NT / Cfg::BN) * outSize) : 0.f;
        if (t.advance(cSteps, ph.nky, ph.nkx)) retap();
    }

    CG_INLINE void storeA(float* sm) const {
        const int ci = threadIdx.x / BK, kk = threadIdx.x % BK;
#pragma unroll
        for (int e = 0; e < EA; ++e) sm[kk * Cfg::LDA + ci + e * (NT / BK)] = bufA[e];
    }

    CG_INLINE void storeB(float* sm) const {
        const int c = threadIdx.x % Cfg::BN, kk = threadIdx.x / Cfg::BN;
#pragma unroll
        for (int e = 0; e < EB; ++e) sm[(kk + e * (NT / Cfg::BN)) * Cfg::LDB + c] = bufB[e];
    }
};

// gx[s, grp*cinG + ci, first + stride*u] = acc, columns (s, u) flattened over the phase grid.
struct BwdDataEpi {
    float* gx;
    const ConvGeo& g;
    const PhaseGeo& ph;
    int grp, m0;
    i64 n0, cols;
    CG_INLINE void operator()(int r, int c, float4 v) const {
        const int cinG = g.cinG(), ci = m0 + r;
        if (ci >= cinG) return;
        const int size = ph.size(), inSize = g.inSize();
        const float e[4] = {v.x, v.y, v.z, v.w};
        i64 col = n0 + c;
        int s = (int)(col / size), u = (int)(col % size);
        int uz = u / (ph.cy * ph.cx), uy = (u / ph.cx) % ph.cy, ux = u % ph.cx;
#pragma unroll
        for (int q = 0; q < 4; ++q, ++col) {
            if (col < cols) {
                const int pos = ((ph.iz + g.sd * uz) * g.ih + ph.iy + g.sh * uy) * g.iw + ph.ix + g.sw * ux;
                gx[((i64)s * g.cin + grp * cinG + ci) * inSize + pos] = e[q];
            }
            if (++ux == ph.cx) {
                ux = 0;
                if (++uy == ph.cy) {
                    uy = 0;
                    if (++uz == ph.cz) { uz = 0; ++s; }
                }
            }
        }
    }
};

template <class Cfg, bool TF32>
CG_INLINE void conv_bwdd_blocked(const float* __restrict__ gy, const float* __restrict__ w, float* __restrict__ gx,
                                 const ConvGeo& g, int phases) {
    __shared__ __align__(128) float sm[Cfg::SMEM_FLOATS];
    const int grp = blockIdx.z / phases;
    const PhaseGeo ph(g, blockIdx.z % phases);
    const int tilesM = cg_cdiv(g.cinG(), Cfg::BM);
    const int m0 = (blockIdx.x % tilesM) * Cfg::BM;
    const i64 n0 = (i64)(blockIdx.x / tilesM) * Cfg::BN;
    const i64 cols = (i64)g.n * ph.size();
    if (n0 >= cols) return;  // the grid covers the largest phase
    const int steps = cg_cdiv(g.coutG(), Cfg::BK) * ph.taps();
    BwdDataLoader<Cfg> ld(g, ph, gy, w, grp, m0, n0);
    OperandA<BwdDataLoader<Cfg>> la{ld};
    OperandB<BwdDataLoader<Cfg>> lb{ld};
    const BwdDataEpi epi{gx, g, ph, grp, m0, n0, cols};
    if constexpr (TF32) tf32_mma<Cfg>(la, lb, steps, epi, sm);
    else simt_mma<Cfg>(la, lb, steps, epi, sm);
}

// ========================================================================================== backward-weight

// A = gy [coutG rows][(s, o)], B = x gather [(s, o)][columns (ci, tap)]. Both operands of a thread use the same
// reduction offset kk = tid % BK, so one (s, o) position is tracked for both.
template <class Cfg>
struct BwdWeightLoader {
    static constexpr int BK = Cfg::BK, NT = Cfg::NT;
    static constexpr int EA = Cfg::BM * BK / NT, EB = BK * Cfg::BN / NT;
    static_assert(NT % BK == 0 && EA >= 1 && EB >= 1, "loader mapping");
    const ConvGeo& g;
    int outSize, inSize;
    const float* gyrow;  // gy at (0, grp*coutG + m0 + tid / BK, 0)
    const float* xg;     // x at (0, grp*cinG, 0)
    int rowsA;
    int kleft;           // reduction indices left for this thread's kk (<= 0: done)
    int s, o, oz, oy, ox;
    int ci[EB], taps[EB];  // per column: channel (-1 past the end) and packed (kz, ky, kx)
    float bufA[EA], bufB[EB];

    CG_INLINE BwdWeightLoader(const ConvGeo& g_, const float* gy, const float* x, int grp, int m0, int n0, int k0,
                              int kEnd)
        : g(g_) {
        outSize = g.outSize();
        inSize = g.inSize();
        const int coutG = g.coutG(), cinG = g.cinG(), ks = g.ks();
        const int kk = threadIdx.x % BK;
        const int co = m0 + threadIdx.x / BK;
        rowsA = coutG - co;
        gyrow = gy + ((i64)grp * coutG + co) * outSize;
        xg = x + (i64)grp * cinG * inSize;
        const int kg = k0 + kk;
        kleft = kEnd - kg;
        s = kg / outSize;
        o = kg % outSize;
        oz = o / (g.oh * g.ow);
        oy = (o / g.ow) % g.oh;
        ox = o % g.ow;
#pragma unroll
        for (int e = 0; e < EB; ++e) {
            const int r = n0 + threadIdx.x / BK + e * (NT / BK);
            const int c = r / ks, tap = r % ks;
            ci[e] = c < cinG ? c : -1;
            taps[e] = ((tap / (g.kh * g.kw)) << 20) | (((tap / g.kw) % g.kh) << 10) | (tap % g.kw);
        }
    }

    CG_INLINE void fetchA() {
        const bool ok = kleft > 0;
        const float* p = gyrow + (i64)s * g.cout * outSize + o;
#pragma unroll
        for (int e = 0; e < EA; ++e)
            bufA[e] = (ok && e * (NT / BK) < rowsA) ? __ldg(p + (i64)e * (NT / BK) * outSize) : 0.f;
    }

    CG_INLINE void fetchB() {
        const bool ok = kleft > 0;
        const int iz0 = oz * g.sd - g.pd, iy0 = oy * g.sh - g.ph, ix0 = ox * g.sw - g.pw;
        const float* xs = xg + (i64)s * g.cin * inSize;
#pragma unroll
        for (int e = 0; e < EB; ++e) {
            const int iz = iz0 + (taps[e] >> 20), iy = iy0 + ((taps[e] >> 10) & 1023), ix = ix0 + (taps[e] & 1023);
            const bool in = ok && ci[e] >= 0 && iz >= 0 && iz < g.id && iy >= 0 && iy < g.ih && ix >= 0 && ix < g.iw;
            bufB[e] = in ? __ldg(xs + (i64)ci[e] * inSize + (iz * g.ih + iy) * g.iw + ix) : 0.f;
        }
        // next step: BK positions further
        kleft -= BK;
        o += BK;
        ox += BK;
        while (ox >= g.ow) {
            ox -= g.ow;
            if (++oy == g.oh) {
                oy = 0;
                if (++oz == g.od) oz = 0;
            }
        }
        while (o >= outSize) { o -= outSize; ++s; }
    }

    CG_INLINE void storeA(float* sm) const {
        const int co = threadIdx.x / BK, kk = threadIdx.x % BK;
#pragma unroll
        for (int e = 0; e < EA; ++e) sm[kk * Cfg::LDA + co + e * (NT / BK)] = bufA[e];
    }

    CG_INLINE void storeB(float* sm) const {
        const int r = threadIdx.x / BK, kk = threadIdx.x % BK;
#pragma unroll
        for (int e = 0; e < EB; ++e) sm[kk * Cfg::LDB + r + e * (NT / BK)] = bufB[e];
    }
};

// gw[grp*coutG + co, r] = acc (one split) or += acc atomically (several splits; gw zeroed by the host).
struct BwdWeightEpi {
    float* gw;
    int coutG, cols, grp, m0, n0, atomic;
    CG_INLINE void operator()(int r, int c, float4 v) const {
        const int co = m0 + r;
        if (co >= coutG) return;
        float* p = gw + ((i64)grp * coutG + co) * cols;
        const float e[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
        for (int q = 0; q < 4; ++q) {
            const int col = n0 + c + q;
            if (col < cols) {
                if (atomic) atomicAdd(p + col, e[q]);
                else p[col] = e[q];
            }
        }
    }
};

template <class Cfg, bool TF32>
CG_INLINE void conv_bwdw_blocked(const float* __restrict__ x, const float* __restrict__ gy, float* __restrict__ gw,
                                 const ConvGeo& g, int splits, int kChunk) {
    __shared__ __align__(128) float sm[Cfg::SMEM_FLOATS];
    const int grp = blockIdx.z / splits, split = blockIdx.z % splits;
    const int cols = g.cinG() * g.ks();
    const int tilesM = cg_cdiv(g.coutG(), Cfg::BM);
    const int m0 = (blockIdx.x % tilesM) * Cfg::BM;
    const int n0 = (blockIdx.x / tilesM) * Cfg::BN;
    const int K = g.n * g.outSize();
    const int k0 = split * kChunk;
    const int kEnd = min(K, k0 + kChunk);
    if (n0 >= cols || k0 >= kEnd) return;
    BwdWeightLoader<Cfg> ld(g, gy, x, grp, m0, n0, k0, kEnd);
    OperandA<BwdWeightLoader<Cfg>> la{ld};
    OperandB<BwdWeightLoader<Cfg>> lb{ld};
    const BwdWeightEpi epi{gw, g.coutG(), cols, grp, m0, n0, splits > 1};
    if constexpr (TF32) tf32_mma<Cfg>(la, lb, cg_cdiv(kEnd - k0, Cfg::BK), epi, sm);
    else simt_mma<Cfg>(la, lb, cg_cdiv(kEnd - k0, Cfg::BK), epi, sm);
}

// =================================================================================================== kernels

typedef SimtCfg<128, 128, 8, 8, 8> ConvS128;
typedef SimtCfg<64, 128, 8, 4, 8> ConvS64;
typedef SimtCfg<32, 256, 8, 4, 8> ConvS32;
typedef Tf32Cfg<128, 128, 16, 2, 4> ConvT128;
typedef Tf32Cfg<64, 128, 16, 2, 4> ConvT64;
typedef Tf32Cfg<32, 256, 16, 2, 4> ConvT32;

#define SIMT_BOUNDS __launch_bounds__(256, 2)
#define TF32_BOUNDS __launch_bounds__(256, 1)

#define CONV_FAMILY(suffix, cfg, bounds, tf32)                                                                      \
    extern "C" __global__ void bounds conv_fwd_##suffix(const float* x, const float* w, const float* bias, float* y, \
                                                        CONV_PARAMS) {                                             \
        conv_fwd_blocked<cfg, tf32>(x, w, bias, y, CONV_GEO);                                                      \
    }                                                                                                              \
    extern "C" __global__ void bounds conv_bwdd_##suffix(const float* gy, const float* w, float* gx, int phases,    \
                                                         CONV_PARAMS) {                                            \
        conv_bwdd_blocked<cfg, tf32>(gy, w, gx, CONV_GEO, phases);                                                 \
    }                                                                                                              \
    extern "C" __global__ void bounds conv_bwdw_##suffix(const float* x, const float* gy, float* gw, int splits,    \
                                                         int kChunk, CONV_PARAMS) {                                \
        conv_bwdw_blocked<cfg, tf32>(x, gy, gw, CONV_GEO, splits, kChunk);                                         \
    }

CONV_FAMILY(2_implicit_m128, ConvS128, SIMT_BOUNDS, false)
CONV_FAMILY(2_implicit_m64, ConvS64, SIMT_BOUNDS, false)
CONV_FAMILY(2_implicit_m32, ConvS32, SIMT_BOUNDS, false)
CONV_FAMILY(3_tf32_m128, ConvT128, TF32_BOUNDS, true)
CONV_FAMILY(3_tf32_m64, ConvT64, TF32_BOUNDS, true)
CONV_FAMILY(3_tf32_m32, ConvT32, TF32_BOUNDS, true)

// ================================================================================================ variant 1

// One thread per output element, direct loops: the reference the blocked variants are validated against on the GPU.
extern "C" __global__ void conv_fwd_1_naive(const float* x, const float* w, const float* bias, float* y, CONV_PARAMS) {
    const ConvGeo g = CONV_GEO;
    const int cinG = g.cinG(), coutG = g.coutG(), outSize = g.outSize(), inSize = g.inSize(), ks = g.ks();
    CG_GRID_STRIDE(e, (i64)n * cout * outSize) {
        const int p = (int)(e % outSize);
        const i64 sc = e / outSize;
        const int co = (int)(sc % cout), s = (int)(sc / cout), grp = co / coutG;
        const int oz = p / (oh * ow), oy = (p / ow) % oh, ox = p % ow;
        float acc = 0.f;
        for (int c = 0; c < cinG; ++c) {
            const float* xc = x + ((i64)s * cin + grp * cinG + c) * inSize;
            const float* wc = w + ((i64)co * cinG + c) * ks;
            for (int kz = 0; kz < kd; ++kz) {
                const int iz = oz * sd - pd + kz;
                if (iz < 0 || iz >= id) continue;
                for (int ky = 0; ky < kh; ++ky) {
                    const int iy = oy * sh - ph + ky;
                    if (iy < 0 || iy >= ih) continue;
                    for (int kx = 0; kx < kw; ++kx) {
                        const int ix = ox * sw - pw + kx;
                        if (ix < 0 || ix >= iw) continue;
                        acc = fmaf(wc[(kz * kh + ky) * kw + kx], xc[(iz * ih + iy) * iw + ix], acc);
                    }
                }
            }
        }
        y[e] = bias != nullptr ? acc + bias[co] : acc;
    }
}

extern "C" __global__ void conv_bwdd_1_naive(const float* gy, const float* w, float* gx, int phases, CONV_PARAMS) {
    const ConvGeo g = CONV_GEO;
    const int cinG = g.cinG(), coutG = g.coutG(), outSize = g.outSize(), inSize = g.inSize(), ks = g.ks();
    CG_GRID_STRIDE(e, (i64)n * cin * inSize) {
        const int i = (int)(e % inSize);
        const i64 sc = e / inSize;
        const int c = (int)(sc % cin), s = (int)(sc / cin), grp = c / cinG, cl = c % cinG;
        const int iz = i / (ih * iw), iy = (i / iw) % ih, ix = i % iw;
        float acc = 0.f;
        for (int col = 0; col < coutG; ++col) {
            const int co = grp * coutG + col;
            const float* gyc = gy + ((i64)s * cout + co) * outSize;
            const float* wc = w + ((i64)co * cinG + cl) * ks;
            for (int kz = 0; kz < kd; ++kz) {
                const int tz = iz + pd - kz;  // = oz * sd
                if (tz < 0 || tz % sd != 0 || tz / sd >= od) continue;
                for (int ky = 0; ky < kh; ++ky) {
                    const int ty = iy + ph - ky;
                    if (ty < 0 || ty % sh != 0 || ty / sh >= oh) continue;
                    for (int kx = 0; kx < kw; ++kx) {
                        const int tx = ix + pw - kx;
                        if (tx < 0 || tx % sw != 0 || tx / sw >= ow) continue;
                        acc = fmaf(wc[(kz * kh + ky) * kw + kx], gyc[((tz / sd) * oh + ty / sh) * ow + tx / sw], acc);
                    }
                }
            }
        }
        gx[e] = acc;
    }
}

extern "C" __global__ void conv_bwdw_1_naive(const float* x, const float* gy, float* gw, int splits, int kChunk,
                                             CONV_PARAMS) {
    const ConvGeo g = CONV_GEO;
    const int cinG = g.cinG(), coutG = g.coutG(), outSize = g.outSize(), inSize = g.inSize(), ks = g.ks();
    CG_GRID_STRIDE(e, (i64)cout * cinG * ks) {
        const int tap = (int)(e % ks);
        const int c = (int)((e / ks) % cinG), co = (int)(e / ((i64)ks * cinG)), grp = co / coutG;
        const int kz = tap / (kh * kw), ky = (tap / kw) % kh, kx = tap % kw;
        float acc = 0.f;
        for (int s = 0; s < n; ++s) {
            const float* xc = x + ((i64)s * cin + grp * cinG + c) * inSize;
            const float* gyc = gy + ((i64)s * cout + co) * outSize;
            for (int oz = 0; oz < od; ++oz) {
                const int iz = oz * sd - pd + kz;
                if (iz < 0 || iz >= id) continue;
                for (int oy = 0; oy < oh; ++oy) {
                    const int iy = oy * sh - ph + ky;
                    if (iy < 0 || iy >= ih) continue;
                    for (int ox = 0; ox < ow; ++ox) {
                        const int ix = ox * sw - pw + kx;
                        if (ix < 0 || ix >= iw) continue;
                        acc = fmaf(gyc[(oz * oh + oy) * ow + ox], xc[(iz * ih + iy) * iw + ix], acc);
                    }
                }
            }
        }
        gw[e] = acc;
    }
}
