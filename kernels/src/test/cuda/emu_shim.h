// The CUDA execution model on the CPU, just enough to run every kernel in src/main/cuda unmodified (emu_core.cpp
// includes them all): each thread of a block is an OS thread, __syncthreads a barrier over the block, warp shuffles and
// __syncwarp a barrier over the warp, float atomics std::atomic_ref. Blocks run one after the other, so __shared__ can
// be static storage. KernelEmulator builds it with AddressSanitizer: an out-of-bounds access fails the test.
// TF32 tensor cores are a simplified nvcuda::wmma (lane 0 of each warp holds and computes whole fragments, __syncwarp
// is a warp barrier): it checks the kernels' shared-memory layout, warp tiling and epilogue, not the hardware's
// fragment layout.
#pragma once
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <math.h>
#include <type_traits>

#define CG_EMULATION 1     // common.cuh: device-only helpers compile as plain inline functions
#define CG_EMULATE_WMMA 1  // blockgemm.cuh: the TF32 engine compiles against the wmma model below
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))
#define __launch_bounds__(...)

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};
struct alignas(16) float4 {
    float x, y, z, w;
};
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }

extern thread_local dim3 threadIdx, blockIdx;
extern dim3 blockDim, gridDim;

void emu_syncthreads();
void emu_syncwarp();
// one lane exchange of a full warp: lane reads lane ^ k (xor) or lane + k (down; its own value past lane 31)
double emu_shuffle(double v, int k, bool isXor);

inline void __syncthreads() { emu_syncthreads(); }
inline void __syncwarp() { emu_syncwarp(); }
inline float __shfl_down_sync(unsigned, float v, int d) { return (float)emu_shuffle(v, d, false); }
inline double __shfl_down_sync(unsigned, double v, int d) { return emu_shuffle(v, d, false); }
inline float __shfl_xor_sync(unsigned, float v, int m) { return (float)emu_shuffle(v, m, true); }
inline double __shfl_xor_sync(unsigned, double v, int m) { return emu_shuffle(v, m, true); }
[[noreturn]] inline void __trap() {
    std::fprintf(stderr, "emu: __trap\n");
    std::abort();
}

template <class T>
inline T __ldg(const T* p) { return *p; }
template <>
inline float4 __ldg(const float4* p) {
    if (reinterpret_cast<uintptr_t>(p) % 16 != 0) {
        std::fprintf(stderr, "emu: misaligned float4 load at %p\n", (const void*)p);
        std::abort();
    }
    return *p;
}

inline float atomicAdd(float* p, float v) { return std::atomic_ref<float>(*p).fetch_add(v); }
inline int atomicCAS(int* p, int expected, int desired) {
    std::atomic_ref<int>(*p).compare_exchange_strong(expected, desired);
    return expected;
}

// Rounded arithmetic: the emulator is compiled with -ffp-contract=off, so these are never fused.
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }

inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }
using std::isnan;

// ------------------------------------------------------------------------------------------- wmma model (TF32)
inline bool emu_lane0() { return ((threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x) % 32 == 0; }
namespace nvcuda {
namespace wmma {
struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
struct col_major {};
namespace precision {
struct tf32 {};
}
enum layout_t { mem_row_major, mem_col_major };

template <class Use, int M, int N, int K, class T = void, class Layout = void>
struct fragment;
// logical tiles, row-major: A is M x K, B is K x N, C is M x N
template <int M, int N, int K, class Layout>
struct fragment<matrix_a, M, N, K, precision::tf32, Layout> {
    static constexpr int num_elements = M * K;
    float x[M * K];
};
template <int M, int N, int K, class Layout>
struct fragment<matrix_b, M, N, K, precision::tf32, Layout> {
    static constexpr int num_elements = K * N;
    float x[K * N];
};
template <int M, int N, int K>
struct fragment<accumulator, M, N, K, float, void> {
    static constexpr int num_elements = M * N;
    float x[M * N];
};

inline void emu_check_wmma_pointer(const float* p, unsigned ldm) {
    if (reinterpret_cast<uintptr_t>(p) % 32 != 0 || ldm % 4 != 0) {
        std::fprintf(stderr, "emu: misaligned wmma load\n");
        std::abort();
    }
}
template <int M, int N, int K>
inline void fill_fragment(fragment<accumulator, M, N, K, float, void>& f, float v) {
    for (float& e : f.x) e = v;
}
template <int M, int N, int K, class L>
inline void load_matrix_sync(fragment<matrix_a, M, N, K, precision::tf32, L>& f, const float* p, unsigned ldm) {
    emu_check_wmma_pointer(p, ldm);
    for (int i = 0; i < M; ++i)
        for (int k = 0; k < K; ++k) f.x[i * K + k] = std::is_same<L, col_major>::value ? p[i + k * ldm] : p[i * ldm + k];
}
template <int M, int N, int K, class L>
inline void load_matrix_sync(fragment<matrix_b, M, N, K, precision::tf32, L>& f, const float* p, unsigned ldm) {
    emu_check_wmma_pointer(p, ldm);
    for (int k = 0; k < K; ++k)
        for (int j = 0; j < N; ++j) f.x[k * N + j] = std::is_same<L, row_major>::value ? p[k * ldm + j] : p[k + j * ldm];
}
template <int M, int N, int K, class LA, class LB>
inline void mma_sync(fragment<accumulator, M, N, K, float, void>& d, const fragment<matrix_a, M, N, K, precision::tf32, LA>& a,
                     const fragment<matrix_b, M, N, K, precision::tf32, LB>& b, const fragment<accumulator, M, N, K, float, void>& c) {
    if (!emu_lane0()) return;  // only lane 0's fragments are used (see store_matrix_sync)
    float r[M * N];
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            float s = c.x[i * N + j];
            for (int k = 0; k < K; ++k) s = std::fma(a.x[i * K + k], b.x[k * N + j], s);
            r[i * N + j] = s;
        }
    for (int e = 0; e < M * N; ++e) d.x[e] = r[e];
}
template <int M, int N, int K>
inline void store_matrix_sync(float* p, const fragment<accumulator, M, N, K, float, void>& f, unsigned ldm, layout_t l) {
    if (!emu_lane0()) return;  // the warp's tile is written once; the kernel's __syncwarp orders it before the reads
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) (l == mem_row_major ? p[i * ldm + j] : p[i + j * ldm]) = f.x[i * N + j];
}
// cvt.rna.tf32.f32: keep 10 mantissa bits, round to nearest, ties away from zero
inline float __float_to_tf32(float v) {
    if (!std::isfinite(v)) return v;
    uint32_t b;
    std::memcpy(&b, &v, 4);
    b = (b + 0x1000u) & ~0x1FFFu;
    std::memcpy(&v, &b, 4);
    return v;
}
}  // namespace wmma
}  // namespace nvcuda
