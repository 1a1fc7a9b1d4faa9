// nvcc-flags: -fmad=false
// Philox 4x32-10 streams equal to the CPU's (philox.cuh): thread b computes counter block `counter + b` and writes
// elements 4b .. 4b+3 (one 16-byte store when all four are inside y).
//   philox_uniform: [0, 1) from the top 24 bits of each word (bit-exact by construction: integer ops, exact scaling).
//   philox_normal:  Box-Muller on word pairs with fdlibm's log/sin/cos in double (bit-exact port of StrictMath).
#include "philox.cuh"

extern "C" __global__ void philox_uniform(float* y, long long n, unsigned long long seed, unsigned long long counter) {
    const long long blocks = (n + 3) >> 2;
    CG_FOR(b, blocks) {
        uint32_t w[4];
        cg_philox_block(seed, counter + (unsigned long long)b, w);
        const long long base = b << 2;
        if (base + 4 <= n) {
            reinterpret_cast<float4*>(y)[b] = make_float4(cg_uniform(w[0]), cg_uniform(w[1]), cg_uniform(w[2]), cg_uniform(w[3]));
        } else {
#pragma unroll
            for (int j = 0; j < 4; j++)
                if (base + j < n) y[base + j] = cg_uniform(w[j]);
        }
    }
}

extern "C" __global__ void philox_normal(float* y, long long n, unsigned long long seed, unsigned long long counter) {
    const long long blocks = (n + 3) >> 2;
    CG_FOR(b, blocks) {
        uint32_t w[4];
        cg_philox_block(seed, counter + (unsigned long long)b, w);
        float v[4];
        cg_box_muller(w[0], w[1], v[0], v[1]);
        const long long base = b << 2;
        if (base + 2 < n) cg_box_muller(w[2], w[3], v[2], v[3]);
        if (base + 4 <= n) {
            reinterpret_cast<float4*>(y)[b] = make_float4(v[0], v[1], v[2], v[3]);
        } else {
#pragma unroll
            for (int j = 0; j < 4; j++)
                if (base + j < n) y[base + j] = v[j];
        }
    }
}
