// Device helpers of the compute-heavy kernels (gemm, conv, pool, upsample, spmm); kept apart from common.cuh, which
// holds the elementwise family's helpers. Sizes that can exceed 2^31 elements use 64-bit indices (i64). No fast-math:
// results must match the CPU backend to float precision.
#pragma once
#include <stdint.h>

typedef long long i64;

#define CG_INLINE __device__ __forceinline__

CG_INLINE int cg_cdiv(int a, int b) { return (a + b - 1) / b; }

CG_INLINE bool cg_aligned16(const void* p) { return (reinterpret_cast<uintptr_t>(p) & 15u) == 0; }

// floor(a / b) for b > 0 and any sign of a.
CG_INLINE int cg_floordiv(int a, int b) { int q = a / b; return (q * b > a) ? q - 1 : q; }

// Grouped ("swizzled") tile order: `group` consecutive tile rows are swept column by column, so the blocks that run at
// the same time share A row panels and B column panels in L2. Mirrored in Java by TileOrder (unit-tested there).
CG_INLINE void cg_tile_coords(int tile, int tilesM, int tilesN, int group, int& tm, int& tn) {
    const int perGroup = group * tilesN;
    const int g = tile / perGroup;
    const int firstM = g * group;
    const int size = min(tilesM - firstM, group);
    const int r = tile - g * perGroup;
    tm = firstM + r % size;
    tn = r / size;
}

// 64-bit grid-stride loop over [0, n).
#define CG_GRID_STRIDE(i, n) \
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64)gridDim.x * blockDim.x)
