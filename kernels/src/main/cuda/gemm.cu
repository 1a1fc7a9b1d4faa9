// Batched row-major SGEMM: C_b = op(A_b) op(B_b) (+ C_b when accumulate) for b < batch, op(A) m x k, op(B) k x n,
// matrices at A + b * strideA etc. (stride 0 shares one matrix). Leading dimensions as the Backend SPI fixes them:
// lda = transA ? m : k, ldb = transB ? k : n, ldc = n (passed explicitly so the kernels stay general).
//
// Variants (all selectable from CudaGemm for validation and benchmarks):
//   1 gemm_1_naive                  one thread per C element, operands straight from global memory
//   2 gemm_2_smem_tiled             32 x 32 shared-memory tiles, 4 outputs per thread
//   3 gemm_3_regblock_{l,s}_{nn..}  register-blocked engine (blockgemm.cuh): l = 128 x 128 x 8 block, 8 x 8 per
//                                   thread; s = 64 x 64 x 16 block, 4 x 4 per thread; float4 loads, double-buffered shared memory; one kernel per
//                                   transpose case so the loaders are resolved at compile time
//   4 gemm_4_tf32_wmma_{nn..}       128 x 128 x 16 TF32 tensor-core tiles (sm_80+ images only; explicit opt-in)
// Batch matrix = blockIdx.z; the host launches batches beyond 65535 in chunks with offset pointers.
#include "blockgemm.cuh"

#define GEMM_PARAMS                                                                                              \
    int m, int n, int k, const float* __restrict__ A, i64 strideA, int lda, const float* __restrict__ B, i64 strideB, \
        int ldb, float* __restrict__ C, i64 strideC, int ldc, int accumulate

// ------------------------------------------------------------------------------------------------ variant 1

extern "C" __global__ void gemm_1_naive(int transA, int transB, GEMM_PARAMS) {
    const i64 total = (i64)m * n;
    const float* a = A + blockIdx.z * strideA;
    const float* b = B + blockIdx.z * strideB;
    float* c = C + blockIdx.z * strideC;
    CG_GRID_STRIDE(e, total) {
        const int i = (int)(e / n), j = (int)(e % n);
        float s = 0.f;
        for (int kk = 0; kk < k; ++kk) {
            const float av = transA ? a[(i64)kk * lda + i] : a[(i64)i * lda + kk];
            const float bv = transB ? b[(i64)j * ldb + kk] : b[(i64)kk * ldb + j];
            s = fmaf(av, bv, s);
        }
        float* p = c + (i64)i * ldc + j;
        *p = accumulate ? *p + s : s;
    }
}

// ------------------------------------------------------------------------------------------------ variant 2

#define T2 32
// block (32, 8): thread (tx, ty) computes rows ty + 8 q (q < 4) of column tx of a 32 x 32 tile
extern "C" __global__ void __launch_bounds__(256) gemm_2_smem_tiled(int transA, int transB, GEMM_PARAMS) {
    __shared__ float As[T2][T2 + 1];  // As[i][kk]
    __shared__ float Bs[T2][T2 + 1];  // Bs[kk][j]
    const int tx = threadIdx.x, ty = threadIdx.y;
    const int tilesN = cg_cdiv(n, T2);
    const int i0 = (blockIdx.x / tilesN) * T2, j0 = (blockIdx.x % tilesN) * T2;
    {
        const float* a = A + blockIdx.z * strideA;
        const float* b = B + blockIdx.z * strideB;
        float* c = C + blockIdx.z * strideC;
        float acc[4] = {0.f, 0.f, 0.f, 0.f};
        for (int k0 = 0; k0 < k; k0 += T2) {
#pragma unroll
            for (int q = 0; q < 4; ++q) {
                const int r = ty + 8 * q;
                // coalesced: consecutive tx read consecutive addresses in either layout
                int i = i0 + r, kk = k0 + tx;
                if (transA) { i = i0 + tx; kk = k0 + r; }
                const float av = (i < m && kk < k) ? (transA ? a[(i64)kk * lda + i] : a[(i64)i * lda + kk]) : 0.f;
                if (transA) As[tx][r] = av; else As[r][tx] = av;
                int kb = k0 + r, j = j0 + tx;
                if (transB) { kb = k0 + tx; j = j0 + r; }
                const float bv = (kb < k && j < n) ? (transB ? b[(i64)j * ldb + kb] : b[(i64)kb * ldb + j]) : 0.f;
                if (transB) Bs[tx][r] = bv; else Bs[r][tx] = bv;
            }
            __syncthreads();
#pragma unroll 8
            for (int kk = 0; kk < T2; ++kk) {
                const float bv = Bs[kk][tx];
#pragma unroll
                for (int q = 0; q < 4; ++q) acc[q] = fmaf(As[ty + 8 * q][kk], bv, acc[q]);
            }
            __syncthreads();
        }
#pragma unroll
        for (int q = 0; q < 4; ++q) {
            const int i = i0 + ty + 8 * q, j = j0 + tx;
            if (i < m && j < n) {
                float* p = c + (i64)i * ldc + j;
                *p = accumulate ? *p + acc[q] : acc[q];
            }
        }
    }
}

// --------------------------------------------------------------------------------------------- variants 3, 4

template <bool COND, class T, class F> struct Pick { typedef T type; };
template <class T, class F> struct Pick<false, T, F> { typedef F type; };

// Batch matrix blockIdx.z; the block's tile comes from the grouped tile order.
template <class Cfg, bool TA, bool TB, bool TF32>
CG_INLINE void gemm_blocked(GEMM_PARAMS) {
    __shared__ __align__(128) float sm[Cfg::SMEM_FLOATS];
    int tm, tn;
    cg_tile_coords(blockIdx.x, cg_cdiv(m, Cfg::BM), cg_cdiv(n, Cfg::BN), 8, tm, tn);
    const int m0 = tm * Cfg::BM, n0 = tn * Cfg::BN;
    const int steps = cg_cdiv(k, Cfg::BK);
    // op(A)[i][kk] = TA ? A[kk][i] : A[i][kk]; op(B)[kk][j] = TB ? B[j][kk] : B[kk][j]
    typedef typename Pick<TA, LoadRContig<Cfg::BM, Cfg::BK, Cfg::NT, Cfg::LDA>,
                          LoadKContig<Cfg::BM, Cfg::BK, Cfg::NT, Cfg::LDA>>::type LA;
    typedef typename Pick<TB, LoadKContig<Cfg::BN, Cfg::BK, Cfg::NT, Cfg::LDB>,
                          LoadRContig<Cfg::BN, Cfg::BK, Cfg::NT, Cfg::LDB>>::type LB;
    const int bz = blockIdx.z;
    const float* a = A + bz * strideA;
    const float* b = B + bz * strideB;
    const bool va = (lda % 4 == 0) && cg_aligned16(a);
    const bool vb = (ldb % 4 == 0) && cg_aligned16(b);
    LA la(TA ? a + m0 : a + (i64)m0 * lda, lda, m - m0, k, va);
    LB lb(TB ? b + (i64)n0 * ldb : b + n0, ldb, n - n0, k, vb);
    const GemmEpi epi(C + bz * strideC + (i64)m0 * ldc + n0, ldc, m - m0, n - n0, accumulate);
    if constexpr (TF32) tf32_mma<Cfg>(la, lb, steps, epi, sm);
    else simt_mma<Cfg>(la, lb, steps, epi, sm);
}

typedef SimtCfg<128, 128, 8, 8, 8> GemmL;  // 256 threads
typedef SimtCfg<64, 64, 16, 4, 4> GemmS;   // 256 threads, 4x the blocks of GemmL for small problems
typedef Tf32Cfg<128, 128, 16, 2, 4> GemmT; // 256 threads, warp tile 64 x 32

#define GEMM_ARGS m, n, k, A, strideA, lda, B, strideB, ldb, C, strideC, ldc, accumulate
#define GEMM_KERNEL(name, cfg, bounds, ta, tb, tf32) \
    extern "C" __global__ void bounds name(GEMM_PARAMS) { gemm_blocked<cfg, ta, tb, tf32>(GEMM_ARGS); }
#define GEMM_FOUR(prefix, cfg, bounds, tf32)                   \
    GEMM_KERNEL(prefix##_nn, cfg, bounds, false, false, tf32) \
    GEMM_KERNEL(prefix##_nt, cfg, bounds, false, true, tf32)  \
    GEMM_KERNEL(prefix##_tn, cfg, bounds, true, false, tf32)  \
    GEMM_KERNEL(prefix##_tt, cfg, bounds, true, true, tf32)

GEMM_FOUR(gemm_3_regblock_l, GemmL, __launch_bounds__(256, 2), false)
GEMM_FOUR(gemm_3_regblock_s, GemmS, __launch_bounds__(256, 2), false)
GEMM_FOUR(gemm_4_tf32_wmma, GemmT, __launch_bounds__(256, 1), true)
