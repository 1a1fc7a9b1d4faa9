// nvcc-flags: -fmad=false
// gather / scatter-add along one axis (PyTorch semantics, tensor/.../cpu/CpuIndex.java). Indices are integer-valued
// floats; an invalid one (fractional, negative, >= the axis size) is recorded in the device error word (common.cuh)
// and skipped, and the host throws at its next synchronising read (CudaIndex documents the message).
// The Dims8 argument holds the index tensor's shape and, in s0, the data tensor's strides with the axis stride zeroed
// (the axis term is index * axisStride).
//   gather_1:      out[t] = x[offset(t) + index[t] * axisStride].
//   scatter_add_1: atomicAdd into target: the summation order of colliding indices is not fixed, so sums with
//                  collisions can differ from the CPU's sequential sum by float rounding.
#include "common.cuh"

__device__ __forceinline__ bool cg_valid_index(float v, int size, int& iv) {
    iv = (int)v;  // saturating conversion; NaN -> 0 (then (float) 0 != NaN)
    return (float)iv == v && iv >= 0 && iv < size;
}

extern "C" __global__ void gather_1(const float* x, const float* index, float* out, Dims8 d, long long n,
                                    long long axisStride, int axisSize, int* err) {
    CG_FOR(t, n) {
        long long o, unused;
        cg_offsets<long long>(d, t, o, unused);
        const float v = index[t];
        int iv;
        if (!cg_valid_index(v, axisSize, iv)) {
            cg_report_index_error(err, 0, v, axisSize);
            out[t] = 0.0f;
            continue;
        }
        out[t] = x[o + iv * axisStride];
    }
}

extern "C" __global__ void scatter_add_1(float* target, const float* index, const float* src, Dims8 d, long long n,
                                         long long axisStride, int axisSize, int* err) {
    CG_FOR(t, n) {
        long long o, unused;
        cg_offsets<long long>(d, t, o, unused);
        const float v = index[t];
        int iv;
        if (!cg_valid_index(v, axisSize, iv)) {
            cg_report_index_error(err, 1, v, axisSize);
            continue;
        }
        atomicAdd(target + o + iv * axisStride, src[t]);
    }
}
