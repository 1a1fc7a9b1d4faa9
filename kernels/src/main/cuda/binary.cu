// nvcc-flags: -fmad=false
// Elementwise functions of two broadcast arguments: out[i] = op(a[offA(i)], b[offB(i)]) over a contiguous output
// (out may be a or b when they have the output's shape: each element is read before it is written by the same thread).
// The host collapses dimensions first (StridedDims.collapse), so most calls reach the flat variants.
//   binary_1_strided64:  any broadcast/strided layout, 64-bit index arithmetic (outputs of 2^31 or more elements).
//   binary_2_strided32:  the same with 32-bit division (promoted for strided layouts that fit).
//   binary_3_flat:       rank 1 after collapsing, each input contiguous (stride 1) or a scalar (stride 0).
//   binary_4_flat_vec4:  binary_3 with 16-byte loads/stores (promoted for flat layouts).
#include "ops.cuh"

template <typename I, int OP>
__device__ __forceinline__ void binary_strided(const float* a, const float* b, float* out, const Dims8& d, long long n,
                                               float p0, float p1) {
    CG_FOR(i, n) {
        long long oa, ob;
        cg_offsets<I>(d, (I)i, oa, ob);
        out[i] = cg_binary<OP>(a[oa], b[ob], p0, p1);
    }
}

extern "C" __global__ void binary_1_strided64(const float* a, const float* b, float* out, Dims8 d, long long n, int op,
                                              float p0, float p1) {
    CG_BINARY_DISPATCH(op, binary_strided<long long, OP_>(a, b, out, d, n, p0, p1))
}

extern "C" __global__ void binary_2_strided32(const float* a, const float* b, float* out, Dims8 d, long long n, int op,
                                              float p0, float p1) {
    CG_BINARY_DISPATCH(op, binary_strided<int, OP_>(a, b, out, d, n, p0, p1))
}

// sa, sb in {0, 1}
extern "C" __global__ void binary_3_flat(const float* a, int sa, const float* b, int sb, float* out, long long n, int op,
                                         float p0, float p1) {
    CG_BINARY_DISPATCH(op, CG_FOR(i, n) out[i] = cg_binary<OP_>(a[i * sa], b[i * sb], p0, p1))
}

__device__ __forceinline__ float4 cg_load4(const float* p, int stride, long long i) {
    if (stride) return reinterpret_cast<const float4*>(p)[i];
    const float v = p[0];
    return make_float4(v, v, v, v);
}

extern "C" __global__ void binary_4_flat_vec4(const float* a, int sa, const float* b, int sb, float* out, long long n,
                                              int op, float p0, float p1) {
    const long long n4 = n >> 2;
    float4* o4 = reinterpret_cast<float4*>(out);
    CG_BINARY_DISPATCH(op,
        CG_FOR(i, n4) {
            const float4 va = cg_load4(a, sa, i), vb = cg_load4(b, sb, i);
            float4 r;
            r.x = cg_binary<OP_>(va.x, vb.x, p0, p1);
            r.y = cg_binary<OP_>(va.y, vb.y, p0, p1);
            r.z = cg_binary<OP_>(va.z, vb.z, p0, p1);
            r.w = cg_binary<OP_>(va.w, vb.w, p0, p1);
            o4[i] = r;
        }
        CG_FOR(t, n - 4 * n4) {
            const long long i = 4 * n4 + t;
            out[i] = cg_binary<OP_>(a[i * sa], b[i * sb], p0, p1);
        })
}
