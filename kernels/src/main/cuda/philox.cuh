// Philox 4x32-10 and the two derived streams exactly as tensor/.../Philox.java computes them: element i of a stream
// is word i % 4 of the block (key = seed, counter = counter + i / 4). Uniform: the top 24 bits times 2^-24 (exact).
// Normal: Box-Muller on word pairs in double with fdlibm's log/sin/cos (fdlibm.cuh) and IEEE sqrt, then rounded to
// float, so both streams equal the CPU's bit for bit (needs -fmad=false, as in random.cu).
#pragma once
#include "common.cuh"
#include "fdlibm.cuh"

CG_HD void cg_philox(uint32_t c[4], uint32_t k0, uint32_t k1) {
    for (int r = 0; r < 10; r++) {
        uint64_t p0 = (uint64_t)0xD2511F53u * c[0];
        uint64_t p1 = (uint64_t)0xCD9E8D57u * c[2];
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c[1] ^ k0;
        uint32_t n2 = (uint32_t)(p0 >> 32) ^ c[3] ^ k1;
        c[0] = n0;
        c[1] = (uint32_t)p1;
        c[2] = n2;
        c[3] = (uint32_t)p0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
}

// The four words of block `counter` (128-bit counter with the high 64 bits 0) under the 64-bit key `seed`.
CG_HD void cg_philox_block(uint64_t seed, uint64_t counter, uint32_t w[4]) {
    w[0] = (uint32_t)counter;
    w[1] = (uint32_t)(counter >> 32);
    w[2] = 0;
    w[3] = 0;
    cg_philox(w, (uint32_t)seed, (uint32_t)(seed >> 32));
}

CG_HD float cg_uniform(uint32_t word) { return (float)(word >> 8) * 5.9604644775390625e-8f; }  // 2^-24

// Both normal values of the pair (w0, w1): first = r cos a, second = r sin a.
CG_HD void cg_box_muller(uint32_t w0, uint32_t w1, float& first, float& second) {
    const double two_pi = 6.283185307179586;  // 2 * Math.PI, exactly
    double u1 = (double)((w0 >> 8) + 1) * 5.9604644775390625e-8;  // (0, 1]: finite log
    double u2 = (double)(w1 >> 8) * 5.9604644775390625e-8;        // [0, 1)
    double r = sqrt(-2.0 * fdlibm_log(u1));
    double a = two_pi * u2;
    first = (float)(r * fdlibm_cos(a));
    second = (float)(r * fdlibm_sin(a));
}
