// nvcc-flags: -fmad=false
// Reductions of x viewed as [outer, n, inner] along n into y = [outer, inner] (CPU: tensor/.../cpu/CpuReduce.java).
// SUM accumulates in double like the CPU and rounds once, so it differs from the CPU's float result only when the
// two double sums (different orders) straddle a float rounding boundary: at most 1 ulp, usually equal. MAX/MIN are
// exact (NaN propagates; Java's +0 > -0), so they equal the CPU bit for bit. The host picks the variant
// (CudaReduce.plan):
//   reduce_1_thread_per_line: thread per output (o, i), sequential over n; coalesced across i when inner > 1.
//   reduce_2_warp_per_line:   inner == 1: a warp per contiguous line, shuffle reduction.
//   reduce_3_partial_cols / reduce_3_partial_rows + reduce_3_finish: few outputs and long lines: n is cut into
//                             chunks, partials (double) go to a workspace in a fixed layout and are combined in chunk
//                             order, so the result does not depend on scheduling.
#include "ops.cuh"

struct CgAcc {
    double s;
    float m;
};

__device__ __forceinline__ CgAcc cg_acc_init(int op) {
    CgAcc a;
    a.s = 0.0;
    a.m = op == CG_REDUCE_MAX ? -INFINITY : INFINITY;
    return a;
}

__device__ __forceinline__ void cg_acc_add(CgAcc& a, int op, float v) {
    if (op == CG_REDUCE_SUM) a.s += (double)v;
    else a.m = cg_pick(op == CG_REDUCE_MAX, a.m, v);
}

__device__ __forceinline__ double cg_acc_value(const CgAcc& a, int op) { return op == CG_REDUCE_SUM ? a.s : (double)a.m; }

__device__ __forceinline__ double cg_warp_combine(double v, int op) {
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) {
        const double o = __shfl_down_sync(0xffffffffu, v, off);
        v = op == CG_REDUCE_SUM ? v + o : (double)cg_pick(op == CG_REDUCE_MAX, (float)v, (float)o);
    }
    return v;
}

extern "C" __global__ void reduce_1_thread_per_line(const float* x, float* y, long long outer, int n, int inner, int op) {
    const long long lines = outer * inner;
    CG_FOR(l, lines) {
        const long long o = l / inner;
        const long long base = o * n * (long long)inner + (l - o * inner);
        CgAcc a = cg_acc_init(op);
        for (int j = 0; j < n; j++) cg_acc_add(a, op, x[base + (long long)j * inner]);
        y[l] = (float)cg_acc_value(a, op);
    }
}

extern "C" __global__ void reduce_2_warp_per_line(const float* x, float* y, long long lines, int n, int op) {
    const int lane = threadIdx.x & 31;
    const long long warps = ((long long)gridDim.x * blockDim.x) >> 5;
    for (long long l = ((long long)blockIdx.x * blockDim.x + threadIdx.x) >> 5; l < lines; l += warps) {
        const float* row = x + l * n;
        CgAcc a = cg_acc_init(op);
        for (int j = lane; j < n; j += 32) cg_acc_add(a, op, row[j]);
        const double v = cg_warp_combine(cg_acc_value(a, op), op);
        if (lane == 0) y[l] = (float)v;
    }
}

// thread per (line l, chunk c), item = c * lines + l; part[item] = the chunk's partial
extern "C" __global__ void reduce_3_partial_cols(const float* x, double* part, long long outer, int n, int inner,
                                                 int chunkLen, int chunks, int op) {
    const long long lines = outer * inner;
    CG_FOR(item, lines * chunks) {
        const long long c = item / lines, l = item - c * lines;
        const long long o = l / inner;
        const long long base = o * n * (long long)inner + (l - o * inner);
        const int j0 = (int)c * chunkLen, j1 = min(n, j0 + chunkLen);
        CgAcc a = cg_acc_init(op);
        for (int j = j0; j < j1; j++) cg_acc_add(a, op, x[base + (long long)j * inner]);
        part[item] = cg_acc_value(a, op);
    }
}

// inner == 1: warp per (line l, chunk c) over a contiguous segment
extern "C" __global__ void reduce_3_partial_rows(const float* x, double* part, long long lines, int n, int chunkLen,
                                                 int chunks, int op) {
    const int lane = threadIdx.x & 31;
    const long long warps = ((long long)gridDim.x * blockDim.x) >> 5;
    for (long long item = ((long long)blockIdx.x * blockDim.x + threadIdx.x) >> 5; item < lines * chunks; item += warps) {
        const long long c = item / lines, l = item - c * lines;
        const float* row = x + l * n;
        const int j0 = (int)c * chunkLen, j1 = min(n, j0 + chunkLen);
        CgAcc a = cg_acc_init(op);
        for (int j = j0 + lane; j < j1; j += 32) cg_acc_add(a, op, row[j]);
        const double v = cg_warp_combine(cg_acc_value(a, op), op);
        if (lane == 0) part[item] = v;
    }
}

extern "C" __global__ void reduce_3_finish(const double* part, float* y, long long lines, int chunks, int op) {
    CG_FOR(l, lines) {
        double s = part[l];
        for (int c = 1; c < chunks; c++) {
            const double v = part[(long long)c * lines + l];
            s = op == CG_REDUCE_SUM ? s + v : (double)cg_pick(op == CG_REDUCE_MAX, (float)s, (float)v);
        }
        y[l] = (float)s;
    }
}
