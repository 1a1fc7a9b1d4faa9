// nvcc-flags: -fmad=false
// Elementwise functions of one argument, y[i] = op(x[i]) (x and y may be the same buffer). Semantics in ops.cuh.
//   unary_1_scalar: grid-stride, one float per iteration (reference variant).
//   unary_2_vec4:   16-byte loads/stores for the bulk plus a scalar tail (promoted: storages start 512-byte
//                   aligned, so the vector path always applies; memory-bound ops gain fewer, wider transactions).
#include "ops.cuh"

extern "C" __global__ void unary_1_scalar(const float* x, float* y, long long n, int op, float p0, float p1) {
    CG_UNARY_DISPATCH(op, CG_FOR(i, n) y[i] = cg_unary<OP_>(x[i], p0, p1))
}

extern "C" __global__ void unary_2_vec4(const float* x, float* y, long long n, int op, float p0, float p1) {
    const long long n4 = n >> 2;
    const float4* x4 = reinterpret_cast<const float4*>(x);
    float4* y4 = reinterpret_cast<float4*>(y);
    CG_UNARY_DISPATCH(op,
        CG_FOR(i, n4) {
            float4 v = x4[i];
            v.x = cg_unary<OP_>(v.x, p0, p1);
            v.y = cg_unary<OP_>(v.y, p0, p1);
            v.z = cg_unary<OP_>(v.z, p0, p1);
            v.w = cg_unary<OP_>(v.w, p0, p1);
            y4[i] = v;
        }
        CG_FOR(t, n - 4 * n4) y[4 * n4 + t] = cg_unary<OP_>(x[4 * n4 + t], p0, p1))
}
