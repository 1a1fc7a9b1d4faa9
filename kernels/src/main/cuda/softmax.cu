// nvcc-flags: -fmad=false
// Softmax / log-softmax of x viewed as [outer, n, inner] along n (CPU: CpuReduce.softmax): m = max (NaN propagates),
// s = sum exp(x - m) in double, then y = x - (float)(m + log s) or y = (float)(exp(x - m) / s). exp/log are CUDA's
// double functions and the sum order differs from the CPU's, so results agree with the CPU to about 1 float ulp.
//   softmax_1_thread_per_line: thread per line (o, i); coalesced across i when inner > 1.
//   softmax_2_warp_per_line:   inner == 1: a warp per contiguous line, shuffle max and sum (promoted for inner == 1).
#include "ops.cuh"

extern "C" __global__ void softmax_1_thread_per_line(const float* x, float* y, long long outer, int n, int inner, int log_) {
    const long long lines = outer * inner;
    CG_FOR(l, lines) {
        const long long o = l / inner;
        const long long base = o * n * (long long)inner + (l - o * inner);
        float m = -INFINITY;
        for (int j = 0; j < n; j++) m = cg_jmaxf(m, x[base + (long long)j * inner]);
        double s = 0.0;
        for (int j = 0; j < n; j++) s += exp((double)(x[base + (long long)j * inner] - m));
        if (log_) {
            const float lse = (float)((double)m + log(s));
            for (int j = 0; j < n; j++) y[base + (long long)j * inner] = x[base + (long long)j * inner] - lse;
        } else {
            const double inv = 1.0 / s;
            for (int j = 0; j < n; j++) y[base + (long long)j * inner] = (float)(exp((double)(x[base + (long long)j * inner] - m)) * inv);
        }
    }
}

extern "C" __global__ void softmax_2_warp_per_line(const float* x, float* y, long long lines, int n, int log_) {
    const int lane = threadIdx.x & 31;
    const long long warps = ((long long)gridDim.x * blockDim.x) >> 5;
    for (long long l = ((long long)blockIdx.x * blockDim.x + threadIdx.x) >> 5; l < lines; l += warps) {
        const float* row = x + l * n;
        float* out = y + l * n;
        float m = -INFINITY;
        for (int j = lane; j < n; j += 32) m = cg_jmaxf(m, row[j]);
#pragma unroll
        for (int off = 16; off > 0; off >>= 1) m = cg_pick(true, m, __shfl_xor_sync(0xffffffffu, m, off));
        double s = 0.0;
        for (int j = lane; j < n; j += 32) s += exp((double)(row[j] - m));
#pragma unroll
        for (int off = 16; off > 0; off >>= 1) s += __shfl_xor_sync(0xffffffffu, s, off);
        if (log_) {
            const float lse = (float)((double)m + log(s));
            for (int j = lane; j < n; j += 32) out[j] = row[j] - lse;
        } else {
            const double inv = 1.0 / s;
            for (int j = lane; j < n; j += 32) out[j] = (float)(exp((double)(row[j] - m)) * inv);
        }
    }
}
