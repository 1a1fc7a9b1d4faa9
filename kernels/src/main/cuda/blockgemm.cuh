// Block-level GEMM engines shared by gemm.cu and conv.cu.
//
// A block computes a BM x BN tile of C = A B, with A and B streamed through shared memory in steps of BK along the
// reduction. Both operands are staged "k-major": As[k][m] and Bs[k][n] (row stride BM + 4 / BN + 4: the pad keeps
// the transposing stores of a loader free of bank conflicts and rows 16-byte aligned). Shared memory is double
// buffered with register prefetch: while the block multiplies step s from one buffer, each thread holds its share
// of step s + 1 in registers and writes it to the other buffer afterwards, so one __syncthreads per step suffices.
//
// Operands come from loaders, so one engine serves plain GEMM (strided matrices) and implicit-GEMM convolution
// (gathers from the input volume). A loader has
//     void fetch();            // read this thread's share of the next step into registers (steps in order)
//     void store(float* sm);   // write it to a k-major buffer of the right shape
// and an epilogue is a functor epi(r, c, v) called for each run of 4 consecutive elements (r, c..c+3) of the tile
// (block-local coordinates, v a float4), which bounds checks and writes.
//
// Engines: simt_mma (fp32 FMA, each thread a TM x TN register tile read from shared memory as float4) and
// tf32_mma (nvcuda::wmma m16n16k8 TF32 tensor cores with fp32 accumulation, sm_80+ only; on older targets it traps).
#pragma once
#include "kcommon.cuh"
#if defined(__CUDACC__)  // the CPU emulation (src/test/cuda/emu_core.cpp) compiles these sources without nvcc
#include <mma.h>
#endif

// ------------------------------------------------------------------------------------------- configurations

// SIMT tile: BM x BN per block, BK per step, TM x TN per thread (multiples of 4: read as float4).
template <int BM_, int BN_, int BK_, int TM_, int TN_>
struct SimtCfg {
    static constexpr int BM = BM_, BN = BN_, BK = BK_, TM = TM_, TN = TN_;
    static constexpr int RY = BM / TM, RX = BN / TN, NT = RY * RX;
    static constexpr int LDA = BM + 4, LDB = BN + 4;
    static constexpr int SMEM_FLOATS = 2 * BK * (LDA + LDB);
    static_assert(TM % 4 == 0 && TN % 4 == 0, "per-thread tiles are read as float4");
    static_assert(BM % TM == 0 && BN % TN == 0, "tile must divide");
};

// Tensor-core tile: BM x BN per block, BK per step (multiple of 8), WARPS_M x WARPS_N warps each owning a
// (BM / WARPS_M) x (BN / WARPS_N) region of 16 x 16 accumulator fragments.
template <int BM_, int BN_, int BK_, int WARPS_M_, int WARPS_N_>
struct Tf32Cfg {
    static constexpr int BM = BM_, BN = BN_, BK = BK_, WARPS_M = WARPS_M_, WARPS_N = WARPS_N_;
    static constexpr int NT = 32 * WARPS_M * WARPS_N;
    static constexpr int LDA = BM + 4, LDB = BN + 4;
    static constexpr int WTM = BM / WARPS_M, WTN = BN / WARPS_N, FM = WTM / 16, FN = WTN / 16;
    static constexpr int STAGE_FLOATS = (NT / 32) * 256;
    static constexpr int MAIN_FLOATS = 2 * BK * (LDA + LDB);
    static constexpr int SMEM_FLOATS = MAIN_FLOATS > STAGE_FLOATS ? MAIN_FLOATS : STAGE_FLOATS;
    static_assert(BK % 8 == 0 && WTM % 16 == 0 && WTN % 16 == 0, "wmma tf32 shape is m16n16k8");
};

// ------------------------------------------------------------------------------------------------- engines

template <class C, class LA, class LB, class Epi>
CG_INLINE void simt_mma(LA& la, LB& lb, int steps, const Epi& epi, float* sm) {
    float* smA = sm;
    float* smB = sm + 2 * C::BK * C::LDA;
    const int tx = threadIdx.x % C::RX, ty = threadIdx.x / C::RX;
    float acc[C::TM][C::TN];
#pragma unroll
    for (int i = 0; i < C::TM; ++i)
#pragma unroll
        for (int j = 0; j < C::TN; ++j) acc[i][j] = 0.f;

    if (steps > 0) {
        la.fetch();
        lb.fetch();
        la.store(smA);
        lb.store(smB);
        __syncthreads();
        for (int s = 0; s < steps; ++s) {
            const int cur = s & 1;
            const bool more = s + 1 < steps;
            if (more) {
                la.fetch();
                lb.fetch();
            }
            const float* a = smA + cur * C::BK * C::LDA + ty * 4;
            const float* b = smB + cur * C::BK * C::LDB + tx * 4;
#pragma unroll
            for (int kk = 0; kk < C::BK; ++kk) {
                float ra[C::TM], rb[C::TN];
#pragma unroll
                for (int q = 0; q < C::TM / 4; ++q) {
                    const float4 v = *reinterpret_cast<const float4*>(a + kk * C::LDA + q * C::RY * 4);
                    ra[4 * q] = v.x; ra[4 * q + 1] = v.y; ra[4 * q + 2] = v.z; ra[4 * q + 3] = v.w;
                }
#pragma unroll
                for (int q = 0; q < C::TN / 4; ++q) {
                    const float4 v = *reinterpret_cast<const float4*>(b + kk * C::LDB + q * C::RX * 4);
                    rb[4 * q] = v.x; rb[4 * q + 1] = v.y; rb[4 * q + 2] = v.z; rb[4 * q + 3] = v.w;
                }
#pragma unroll
                for (int i = 0; i < C::TM; ++i)
#pragma unroll
                    for (int j = 0; j < C::TN; ++j) acc[i][j] = fmaf(ra[i], rb[j], acc[i][j]);
            }
            if (more) {
                la.store(smA + (cur ^ 1) * C::BK * C::LDA);
                lb.store(smB + (cur ^ 1) * C::BK * C::LDB);
            }
            __syncthreads();
        }
    }
#pragma unroll
    for (int i = 0; i < C::TM; ++i) {
        const int r = (i / 4) * C::RY * 4 + ty * 4 + (i & 3);
#pragma unroll
        for (int q = 0; q < C::TN / 4; ++q)
            epi(r, q * C::RX * 4 + tx * 4,
                make_float4(acc[i][4 * q], acc[i][4 * q + 1], acc[i][4 * q + 2], acc[i][4 * q + 3]));
    }
}

template <class C, class LA, class LB, class Epi>
CG_INLINE void tf32_mma(LA& la, LB& lb, int steps, const Epi& epi, float* sm) {
#if (defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800) || defined(CG_EMULATE_WMMA)
    using namespace nvcuda;
    float* smA = sm;
    float* smB = sm + 2 * C::BK * C::LDA;
    const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    const int wm = warp / C::WARPS_N, wn = warp % C::WARPS_N;
    wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc[C::FM][C::FN];
#pragma unroll
    for (int i = 0; i < C::FM; ++i)
#pragma unroll
        for (int j = 0; j < C::FN; ++j) wmma::fill_fragment(acc[i][j], 0.f);

    if (steps > 0) {
        la.fetch();
        lb.fetch();
        la.store(smA);
        lb.store(smB);
        __syncthreads();
        for (int s = 0; s < steps; ++s) {
            const int cur = s & 1;
            const bool more = s + 1 < steps;
            if (more) {
                la.fetch();
                lb.fetch();
            }
            const float* a = smA + cur * C::BK * C::LDA + wm * C::WTM;
            const float* b = smB + cur * C::BK * C::LDB + wn * C::WTN;
#pragma unroll
            for (int kk = 0; kk < C::BK; kk += 8) {
                // As[k][m] is A column-major with ldm = LDA; Bs[k][n] is B row-major with ldm = LDB
                wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::col_major> fa[C::FM];
                wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fb[C::FN];
#pragma unroll
                for (int i = 0; i < C::FM; ++i) {
                    wmma::load_matrix_sync(fa[i], a + kk * C::LDA + i * 16, C::LDA);
#pragma unroll
                    for (int t = 0; t < fa[i].num_elements; ++t) fa[i].x[t] = wmma::__float_to_tf32(fa[i].x[t]);
                }
#pragma unroll
                for (int j = 0; j < C::FN; ++j) {
                    wmma::load_matrix_sync(fb[j], b + kk * C::LDB + j * 16, C::LDB);
#pragma unroll
                    for (int t = 0; t < fb[j].num_elements; ++t) fb[j].x[t] = wmma::__float_to_tf32(fb[j].x[t]);
                }
#pragma unroll
                for (int i = 0; i < C::FM; ++i)
#pragma unroll
                    for (int j = 0; j < C::FN; ++j) wmma::mma_sync(acc[i][j], fa[i], fb[j], acc[i][j]);
            }
            if (more) {
                la.store(smA + (cur ^ 1) * C::BK * C::LDA);
                lb.store(smB + (cur ^ 1) * C::BK * C::LDB);
            }
            __syncthreads();
        }
    }
    // fragments have no documented element layout: stage each through a per-warp 16 x 16 patch of shared memory
    __syncthreads();
    float* stage = sm + warp * 256;
#pragma unroll
    for (int i = 0; i < C::FM; ++i) {
#pragma unroll
        for (int j = 0; j < C::FN; ++j) {
            wmma::store_matrix_sync(stage, acc[i][j], 16, wmma::mem_row_major);
            __syncwarp();
            for (int e = 4 * lane; e < 256; e += 128)
                epi(wm * C::WTM + i * 16 + (e >> 4), wn * C::WTN + j * 16 + (e & 15),
                    *reinterpret_cast<const float4*>(stage + e));
            __syncwarp();
        }
    }
#else
    // compute_75 images cannot hold TF32 wmma; the host only selects this path on images built for sm_80+
    __trap();
#endif
}

// ------------------------------------------------------------------------------------------ matrix loaders

// A tile of R rows (of C's m or n dimension) x BK reduction indices from a matrix whose reduction index is
// contiguous: element (r, k) at src[r * ld + k]. Stored transposed into sm[k][r]. float4 loads along k when `vec`
// (ld % 4 == 0 and a 16-byte aligned base); scalar loads at the k tail or when unaligned. Each thread keeps only a
// pointer and the count of reduction indices left for each of its float4s (negative for rows past the end).
template <int R, int BK, int NT, int LD>
struct LoadKContig {
    static constexpr int E = R * BK / NT, V = E / 4;
    static_assert(E % 4 == 0 && V >= 1, "each thread loads whole float4s");
    const float* p[V];
    int left[V];
    bool vec;
    float4 buf[V];

    CG_INLINE LoadKContig(const float* src, i64 ld, int rows, int K, bool vec_) : vec(vec_) {
#pragma unroll
        for (int v = 0; v < V; ++v) {
            const int idx = threadIdx.x + v * NT;
            const int r = idx / (BK / 4), kq = (idx % (BK / 4)) * 4;
            p[v] = src + r * ld + kq;
            left[v] = r < rows ? K - kq : -(1 << 30);
        }
    }

    CG_INLINE void fetch() {
#pragma unroll
        for (int v = 0; v < V; ++v) {
            float4 x = make_float4(0.f, 0.f, 0.f, 0.f);
            const int n = left[v];
            if (vec && n >= 4) {
                x = __ldg(reinterpret_cast<const float4*>(p[v]));
            } else if (n > 0) {
                x.x = __ldg(p[v]);
                if (n > 1) x.y = __ldg(p[v] + 1);
                if (n > 2) x.z = __ldg(p[v] + 2);
                if (n > 3) x.w = __ldg(p[v] + 3);
            }
            buf[v] = x;
            p[v] += BK;
            left[v] = n - BK;
        }
    }

    CG_INLINE void store(float* sm) const {
#pragma unroll
        for (int v = 0; v < V; ++v) {
            const int idx = threadIdx.x + v * NT;
            float* d = sm + (idx % (BK / 4)) * 4 * LD + idx / (BK / 4);
            d[0] = buf[v].x;
            d[LD] = buf[v].y;
            d[2 * LD] = buf[v].z;
            d[3 * LD] = buf[v].w;
        }
    }
};

// A tile of BK reduction indices x R columns from a matrix whose column index is contiguous: element (k, r) at
// src[k * ld + r]. Stored as is into sm[k][r]; float4 loads and stores along r when `vec`.
template <int R, int BK, int NT, int LD>
struct LoadRContig {
    static constexpr int E = R * BK / NT, V = E / 4;
    static_assert(E % 4 == 0 && V >= 1, "each thread loads whole float4s");
    const float* p[V];
    int left[V];   // reduction indices left at this float4's row
    int cols[V];   // valid columns of this float4 (may be <= 0)
    i64 step;      // BK rows
    bool vec;
    float4 buf[V];

    CG_INLINE LoadRContig(const float* src, i64 ld, int rows, int K, bool vec_) : step(BK * ld), vec(vec_) {
#pragma unroll
        for (int v = 0; v < V; ++v) {
            const int idx = threadIdx.x + v * NT;
            const int k = idx / (R / 4), rq = (idx % (R / 4)) * 4;
            p[v] = src + k * ld + rq;
            left[v] = K - k;
            cols[v] = rows - rq;
        }
    }

    CG_INLINE void fetch() {
#pragma unroll
        for (int v = 0; v < V; ++v) {
            float4 x = make_float4(0.f, 0.f, 0.f, 0.f);
            const int c = cols[v];
            if (left[v] > 0) {
                if (vec && c >= 4) {
                    x = __ldg(reinterpret_cast<const float4*>(p[v]));
                } else if (c > 0) {
                    x.x = __ldg(p[v]);
                    if (c > 1) x.y = __ldg(p[v] + 1);
                    if (c > 2) x.z = __ldg(p[v] + 2);
                    if (c > 3) x.w = __ldg(p[v] + 3);
                }
            }
            buf[v] = x;
            p[v] += step;
            left[v] -= BK;
        }
    }

    CG_INLINE void store(float* sm) const {
#pragma unroll
        for (int v = 0; v < V; ++v) {
            const int idx = threadIdx.x + v * NT;
            *reinterpret_cast<float4*>(sm + (idx / (R / 4)) * LD + (idx % (R / 4)) * 4) = buf[v];
        }
    }
};

// C tile writer: overwrite, or add to C when `acc`; float4 stores when ldc and the tile base allow.
struct GemmEpi {
    float* c;
    i64 ldc;
    int rows, cols, acc;
    bool vec;
    CG_INLINE GemmEpi(float* c_, i64 ldc_, int rows_, int cols_, int acc_)
        : c(c_), ldc(ldc_), rows(rows_), cols(cols_), acc(acc_), vec(ldc_ % 4 == 0 && cg_aligned16(c_)) {}
    CG_INLINE void operator()(int r, int col, float4 v) const {
        if (r >= rows) return;
        float* p = c + r * ldc + col;
        if (vec && col + 3 < cols) {
            float4* p4 = reinterpret_cast<float4*>(p);
            if (acc) {
                const float4 o = *p4;
                v.x += o.x; v.y += o.y; v.z += o.z; v.w += o.w;
            }
            *p4 = v;
        } else {
            const float e[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
            for (int q = 0; q < 4; ++q)
                if (col + q < cols) p[q] = acc ? p[q] + e[q] : e[q];
        }
    }
};
