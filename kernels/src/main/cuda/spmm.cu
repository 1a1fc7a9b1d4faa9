// CSR sparse x dense: y[r, j] = sum_p values[p] * x[colIdx[p], j] for rows r < rows, columns j < k (x, y row-major
// with k columns). A^T x runs the same kernels on the transposed CSR (built and cached by the host), so every output
// row is owned by one thread or warp: no atomics.
//
// Variants (selectable from CudaSparse):
//   1 spmm_1_thread: one thread per output element, entries in CSR order with separately rounded multiply and add,
//                    exactly the CPU's arithmetic (bit-identical results). Coalesced over j when k >= 32.
//   2 spmm_2_warp:   one warp per row, lanes stride over the row's entries, four columns at a time, then a warp
//                    reduction (different summation order: last-bit differences). For long rows and small k.
#include "kcommon.cuh"

extern "C" __global__ void spmm_1_thread(const int* __restrict__ rowPtr, const int* __restrict__ colIdx,
                                         const float* __restrict__ values, const float* __restrict__ x,
                                         float* __restrict__ y, int rows, int k) {
    CG_GRID_STRIDE(e, (i64)rows * k) {
        const int r = (int)(e / k), j = (int)(e % k);
        const int p1 = __ldg(rowPtr + r + 1);
        float acc = 0.f;
        for (int p = __ldg(rowPtr + r); p < p1; ++p)
            acc = __fadd_rn(acc, __fmul_rn(__ldg(values + p), __ldg(x + (i64)__ldg(colIdx + p) * k + j)));
        y[e] = acc;
    }
}

extern "C" __global__ void spmm_2_warp(const int* __restrict__ rowPtr, const int* __restrict__ colIdx,
                                       const float* __restrict__ values, const float* __restrict__ x,
                                       float* __restrict__ y, int rows, int k) {
    const int lane = threadIdx.x & 31;
    const i64 warps = ((i64)gridDim.x * blockDim.x) >> 5;
    for (i64 r = ((i64)blockIdx.x * blockDim.x + threadIdx.x) >> 5; r < rows; r += warps) {
        const int p0 = __ldg(rowPtr + r), p1 = __ldg(rowPtr + r + 1);
        for (int j0 = 0; j0 < k; j0 += 4) {
            float acc[4] = {0.f, 0.f, 0.f, 0.f};
            for (int p = p0 + lane; p < p1; p += 32) {
                const float v = __ldg(values + p);
                const float* xr = x + (i64)__ldg(colIdx + p) * k + j0;
#pragma unroll
                for (int q = 0; q < 4; ++q)
                    if (j0 + q < k) acc[q] = fmaf(v, __ldg(xr + q), acc[q]);
            }
#pragma unroll
            for (int q = 0; q < 4; ++q)
#pragma unroll
                for (int off = 16; off > 0; off >>= 1) acc[q] += __shfl_down_sync(0xffffffffu, acc[q], off);
            if (lane == 0) {
#pragma unroll
                for (int q = 0; q < 4; ++q)
                    if (j0 + q < k) y[r * k + j0 + q] = acc[q];
            }
        }
    }
}
