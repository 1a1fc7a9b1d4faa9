// Shared device helpers of cryograd's kernels: 64-bit grid-stride loops, the by-value shape/stride block that
// strided kernels receive, Java's float semantics (Math.max/min with NaN and signed zeros), bit casts that also
// compile for the host (the host-side checks in src/test/cuda include these headers), and the device error word.
#pragma once
#include <stdint.h>
#include <string.h>
#include <math.h>

#if defined(__CUDACC__)
#define CG_HD __host__ __device__ __forceinline__
#else
#define CG_HD inline
#endif

#define CG_MAX_RANK 8

// for (i = global thread; i < n; i += all threads), 64-bit so n may exceed 2^31
#define CG_FOR(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (long long)(n); \
         i += (long long)blockDim.x * gridDim.x)

// A tensor view for up to CG_MAX_RANK dims, passed by value (168 bytes, 8-byte aligned). s0/s1 are the element
// strides of the two operands (source/destination, a/b, x/target) in the index space `shape[0..rank)`.
// Java packs it in StridedDims.pack(): keep both layouts identical.
struct Dims8 {
    long long s0[CG_MAX_RANK];
    long long s1[CG_MAX_RANK];
    int shape[CG_MAX_RANK];
    int rank;
    int pad_;
};

// Offsets of linear index i (row-major over shape) in both operands. I is int when the element count fits in
// 31 bits (cheaper division), else long long. The loop is unrolled so the struct stays in parameter space.
template <typename I>
CG_HD void cg_offsets(const Dims8& d, I i, long long& o0, long long& o1) {
    o0 = 0;
    o1 = 0;
#pragma unroll
    for (int k = CG_MAX_RANK - 1; k >= 0; k--) {
        if (k < d.rank) {
            I sz = (I)d.shape[k];
            I c = i % sz;
            i /= sz;
            o0 += (long long)c * d.s0[k];
            o1 += (long long)c * d.s1[k];
        }
    }
}

CG_HD uint32_t cg_fbits(float x) {
#if defined(__CUDA_ARCH__)
    return __float_as_uint(x);
#else
    uint32_t u;
    memcpy(&u, &x, 4);
    return u;
#endif
}

CG_HD uint64_t cg_dbits(double x) {
#if defined(__CUDA_ARCH__)
    return (uint64_t)__double_as_longlong(x);
#else
    uint64_t u;
    memcpy(&u, &x, 8);
    return u;
#endif
}

CG_HD double cg_dfrom(uint64_t u) {
#if defined(__CUDA_ARCH__)
    return __longlong_as_double((long long)u);
#else
    double x;
    memcpy(&x, &u, 8);
    return x;
#endif
}

// Java's Math.max(float, float): NaN if a is NaN (and via a >= b if b is), +0 beats -0.
CG_HD float cg_jmaxf(float a, float b) {
    if (a != a) return a;
    if (a == 0.0f && b == 0.0f && cg_fbits(a) == 0x80000000u) return b;
    return a >= b ? a : b;
}

// Java's Math.min(float, float): NaN propagates, -0 beats +0.
CG_HD float cg_jminf(float a, float b) {
    if (a != a) return a;
    if (a == 0.0f && b == 0.0f && cg_fbits(b) == 0x80000000u) return b;
    return a <= b ? a : b;
}

// The CPU's reduction pick (CpuReduce.pick): NaN if either is NaN, else Java's max/min.
CG_HD float cg_pick(bool max, float m, float v) {
    if (m != m || v != v) return m != m ? m : v;
    return max ? cg_jmaxf(m, v) : cg_jminf(m, v);
}

#if defined(CG_EMULATION)
#define CG_DEVICE_ONLY inline
#elif defined(__CUDACC__)
#define CG_DEVICE_ONLY __device__ __forceinline__
#endif
#if defined(CG_DEVICE_ONLY)
// The device error word: int[4] = {set, op, index value bits, axis size}. The first failing thread records its
// details; the host reads (and clears) it at the next synchronising read and throws there.
CG_DEVICE_ONLY void cg_report_index_error(int* err, int op, float value, int size) {
    if (atomicCAS(err, 0, 1) == 0) {
        err[1] = op;
        err[2] = (int)cg_fbits(value);
        err[3] = size;
    }
}
#endif
