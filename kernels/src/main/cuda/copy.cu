// nvcc-flags: -fmad=false
// Data movement: strided copies (permute, slice, flip, expand, cat) and padding along one axis, with the CPU
// backend's semantics (tensor/.../cpu/CpuCopy.java). Contiguous copies and fills never get here: the host uses
// cuMemcpyDtoDAsync / cuMemsetD32Async for those.
//   copy_strided_1_i64: dst[offD(i)] = src[offS(i)] with 64-bit index arithmetic (2^31 elements or more).
//   copy_strided_2_i32: the same with 32-bit division (promoted whenever the element count fits).
//   pad_axis / pad_axis_backward: [outer, n, inner] <-> [outer, before + n + after, inner], zero or circular.
#include "common.cuh"

template <typename I>
__device__ __forceinline__ void copy_strided(const float* src, float* dst, const Dims8& d, long long n) {
    CG_FOR(i, n) {
        long long os, od;
        cg_offsets<I>(d, (I)i, os, od);
        dst[od] = src[os];
    }
}

// src/dst point at the views' first element; strides may be negative (flip) or zero (broadcast source)
extern "C" __global__ void copy_strided_1_i64(const float* src, float* dst, Dims8 d, long long n) {
    copy_strided<long long>(src, dst, d, n);
}

extern "C" __global__ void copy_strided_2_i32(const float* src, float* dst, Dims8 d, long long n) {
    copy_strided<int>(src, dst, d, n);
}

__device__ __forceinline__ int cg_floor_mod(int a, int n) {
    int r = a % n;
    return r < 0 ? r + n : r;
}

extern "C" __global__ void pad_axis(const float* x, float* y, long long outer, int n, int inner, int before, int after,
                                    int circular) {
    const int m = before + n + after;
    const long long total = outer * m * (long long)inner;
    CG_FOR(t, total) {
        const long long row = t / inner;
        const int i = (int)(t - row * inner);
        const long long o = row / m;
        int s = (int)(row - o * m) - before;
        if (circular) s = cg_floor_mod(s, n);
        y[t] = (s < 0 || s >= n) ? 0.0f : x[(o * n + s) * inner + i];
    }
}

// gx[o, s, i] = sum of gy[o, j, i] over the padded rows j that copied row s, in increasing j (the CPU's order)
extern "C" __global__ void pad_axis_backward(const float* gy, float* gx, long long outer, int n, int inner, int before,
                                             int after, int circular) {
    const int m = before + n + after;
    const long long total = outer * n * (long long)inner;
    CG_FOR(t, total) {
        const long long row = t / inner;
        const int i = (int)(t - row * inner);
        const long long o = row / n;
        const int s = (int)(row - o * n);
        if (!circular) {
            gx[t] = gy[(o * m + s + before) * inner + i];
        } else {
            float acc = 0.0f;
            for (int j = cg_floor_mod(s + before, n); j < m; j += n) acc += gy[(o * m + j) * inner + i];
            gx[t] = acc;
        }
    }
}
