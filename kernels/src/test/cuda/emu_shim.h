// Just enough of the CUDA execution model to run this helper's kernels (copy, unary, binary, reduce, softmax, index,
// random) on the CPU, unmodified: threadIdx/blockIdx per OS thread, warp shuffles through a per-warp barrier, float
// atomics through std::atomic_ref. Blocks run one after another. Kernels without warp shuffles run their threads one
// after another on the calling thread (their threads never communicate), kernels with shuffles get one OS thread per
// thread of the block. Built with AddressSanitizer by EmulatedKernelsTest: any out-of-bounds access fails.
#pragma once
#include <atomic>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <math.h>

#define CG_EMULATION 1
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};
struct alignas(16) float4 {
    float x, y, z, w;
};
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }

extern thread_local dim3 threadIdx, blockIdx;
extern dim3 blockDim, gridDim;

// lane exchange of one warp: every lane writes, all wait, every lane reads, all wait
double emu_exchange(double v, int srcLaneXorOrDown, bool isXor);

inline float __shfl_down_sync(unsigned, float v, int d) { return (float)emu_exchange(v, d, false); }
inline double __shfl_down_sync(unsigned, double v, int d) { return emu_exchange(v, d, false); }
inline float __shfl_xor_sync(unsigned, float v, int m) { return (float)emu_exchange(v, m, true); }
inline double __shfl_xor_sync(unsigned, double v, int m) { return emu_exchange(v, m, true); }

inline float atomicAdd(float* p, float v) { return std::atomic_ref<float>(*p).fetch_add(v); }
inline int atomicCAS(int* p, int expected, int desired) {
    std::atomic_ref<int>(*p).compare_exchange_strong(expected, desired);
    return expected;
}

inline int min(int a, int b) { return a < b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
