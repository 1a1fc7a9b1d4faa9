// The elementwise ops with the CPU backend's exact semantics (tensor/.../cpu/CpuElementwise.java). Codes are the
// Java enums' ordinals; CudaElementwiseTest checks the mapping against this file. Transcendentals are evaluated in
// double and rounded to float, like the CPU's (float) Math.exp(x): CUDA's and Java's double functions are both
// within 1 ulp of double, so the float results agree except in rare rounding ties. Everything else is exact IEEE
// float arithmetic in the CPU's order (the including files build with -fmad=false), hence bit-identical.
#pragma once
#include "common.cuh"
#include "trig.cuh"

enum CgUnaryOp {
    CG_UNARY_NEG = 0, CG_UNARY_EXP = 1, CG_UNARY_LOG = 2, CG_UNARY_SQRT = 3, CG_UNARY_ABS = 4, CG_UNARY_SIGN = 5,
    CG_UNARY_SIN = 6, CG_UNARY_COS = 7, CG_UNARY_SINE = 8, CG_UNARY_TANH = 9, CG_UNARY_SIGMOID = 10,
    CG_UNARY_RELU = 11, CG_UNARY_LEAKY_RELU = 12, CG_UNARY_CLAMP = 13, CG_UNARY_SQUARE = 14,
    CG_UNARY_POW_SCALAR = 15, CG_UNARY_ADD_SCALAR = 16, CG_UNARY_MUL_SCALAR = 17, CG_UNARY_RECIPROCAL = 18,
    CG_UNARY_COUNT = 19
};

enum CgBinaryOp {
    CG_BINARY_ADD = 0, CG_BINARY_SUB = 1, CG_BINARY_MUL = 2, CG_BINARY_DIV = 3, CG_BINARY_POW = 4,
    CG_BINARY_MAXIMUM = 5, CG_BINARY_MINIMUM = 6, CG_BINARY_EQ = 7, CG_BINARY_GT = 8, CG_BINARY_RELU_BACKWARD = 9,
    CG_BINARY_LEAKY_RELU_BACKWARD = 10, CG_BINARY_TANH_BACKWARD = 11, CG_BINARY_SIGMOID_BACKWARD = 12,
    CG_BINARY_CLAMP_BACKWARD = 13, CG_BINARY_SINE_BACKWARD = 14, CG_BINARY_COUNT = 15
};

enum CgReduceOp { CG_REDUCE_SUM = 0, CG_REDUCE_MAX = 1, CG_REDUCE_MIN = 2 };

// Java's Math.pow special cases that differ from C's pow: a NaN exponent gives NaN, and |x| == 1 with an
// infinite exponent gives NaN (C returns 1 for pow(1, y) and pow(-1, +-inf)).
CG_HD double cg_jpow(double x, double y) {
    if (y != y) return y;
    if (fabs(x) == 1.0 && fabs(y) == INFINITY) return NAN;
    return pow(x, y);
}

// Java's Math.signum(float): NaN and signed zeros pass through.
CG_HD float cg_signum(float x) {
    if (x != x || x == 0.0f) return x;
    return x > 0.0f ? 1.0f : -1.0f;
}

template <int OP>
CG_HD float cg_unary(float x, float p0, float p1) {
    switch (OP) {
        case CG_UNARY_NEG: return -x;
        case CG_UNARY_EXP: return (float)exp((double)x);
        case CG_UNARY_LOG: return (float)log((double)x);
        case CG_UNARY_SQRT: return sqrtf(x);  // correctly rounded, as (float) Math.sqrt((double) x) is
        case CG_UNARY_ABS: return fabsf(x);
        case CG_UNARY_SIGN: return cg_signum(x);
        case CG_UNARY_SIN: return cg_sinf(x);
        case CG_UNARY_COS: return cg_cosf(x);
        case CG_UNARY_SINE: return cg_sinf(x * p0);
        case CG_UNARY_TANH: return (float)tanh((double)x);
        case CG_UNARY_SIGMOID: {
            // stable for large |x|: never exponentiate a positive number
            if (x >= 0.0f) return (float)(1.0 / (1.0 + exp(-(double)x)));
            double e = exp((double)x);
            return (float)(e / (1.0 + e));
        }
        case CG_UNARY_RELU: return x > 0.0f ? x : 0.0f;
        case CG_UNARY_LEAKY_RELU: return x > 0.0f ? x : p0 * x;
        case CG_UNARY_CLAMP: return x != x ? x : cg_jminf(cg_jmaxf(x, p0), p1);
        case CG_UNARY_SQUARE: return x * x;
        case CG_UNARY_POW_SCALAR: return (float)cg_jpow((double)x, (double)p0);
        case CG_UNARY_ADD_SCALAR: return x + p0;
        case CG_UNARY_MUL_SCALAR: return x * p0;
        default: return 1.0f / x;  // CG_UNARY_RECIPROCAL
    }
}

template <int OP>
CG_HD float cg_binary(float a, float b, float p0, float p1) {
    switch (OP) {
        case CG_BINARY_ADD: return a + b;
        case CG_BINARY_SUB: return a - b;
        case CG_BINARY_MUL: return a * b;
        case CG_BINARY_DIV: return a / b;
        case CG_BINARY_POW: return (float)cg_jpow((double)a, (double)b);
        case CG_BINARY_MAXIMUM: return a != a || b != b ? NAN : cg_jmaxf(a, b);
        case CG_BINARY_MINIMUM: return a != a || b != b ? NAN : cg_jminf(a, b);
        case CG_BINARY_EQ: return a == b ? 1.0f : 0.0f;
        case CG_BINARY_GT: return a > b ? 1.0f : 0.0f;
        case CG_BINARY_RELU_BACKWARD: return b > 0.0f ? a : 0.0f;
        case CG_BINARY_LEAKY_RELU_BACKWARD: return b > 0.0f ? a : a * p0;
        case CG_BINARY_TANH_BACKWARD: return a * (1.0f - b * b);
        case CG_BINARY_SIGMOID_BACKWARD: return a * b * (1.0f - b);
        case CG_BINARY_CLAMP_BACKWARD: return b >= p0 && b <= p1 ? a : 0.0f;
        default: return a * cg_cosf(b * p0) * p0;  // CG_BINARY_SINE_BACKWARD
    }
}

// Runtime op -> compile-time op: expands the body once per op with OP_ as a constant (one loop per op, no
// per-element switch).
#define CG_UNARY_DISPATCH(op, ...)                                                                            \
    switch (op) {                                                                                              \
        case 0: { constexpr int OP_ = 0; __VA_ARGS__; } break;   case 1: { constexpr int OP_ = 1; __VA_ARGS__; } break;       \
        case 2: { constexpr int OP_ = 2; __VA_ARGS__; } break;   case 3: { constexpr int OP_ = 3; __VA_ARGS__; } break;       \
        case 4: { constexpr int OP_ = 4; __VA_ARGS__; } break;   case 5: { constexpr int OP_ = 5; __VA_ARGS__; } break;       \
        case 6: { constexpr int OP_ = 6; __VA_ARGS__; } break;   case 7: { constexpr int OP_ = 7; __VA_ARGS__; } break;       \
        case 8: { constexpr int OP_ = 8; __VA_ARGS__; } break;   case 9: { constexpr int OP_ = 9; __VA_ARGS__; } break;       \
        case 10: { constexpr int OP_ = 10; __VA_ARGS__; } break; case 11: { constexpr int OP_ = 11; __VA_ARGS__; } break;     \
        case 12: { constexpr int OP_ = 12; __VA_ARGS__; } break; case 13: { constexpr int OP_ = 13; __VA_ARGS__; } break;     \
        case 14: { constexpr int OP_ = 14; __VA_ARGS__; } break; case 15: { constexpr int OP_ = 15; __VA_ARGS__; } break;     \
        case 16: { constexpr int OP_ = 16; __VA_ARGS__; } break; case 17: { constexpr int OP_ = 17; __VA_ARGS__; } break;     \
        case 18: { constexpr int OP_ = 18; __VA_ARGS__; } break; default: break;                                     \
    }

#define CG_BINARY_DISPATCH(op, ...)                                                                           \
    switch (op) {                                                                                              \
        case 0: { constexpr int OP_ = 0; __VA_ARGS__; } break;   case 1: { constexpr int OP_ = 1; __VA_ARGS__; } break;       \
        case 2: { constexpr int OP_ = 2; __VA_ARGS__; } break;   case 3: { constexpr int OP_ = 3; __VA_ARGS__; } break;       \
        case 4: { constexpr int OP_ = 4; __VA_ARGS__; } break;   case 5: { constexpr int OP_ = 5; __VA_ARGS__; } break;       \
        case 6: { constexpr int OP_ = 6; __VA_ARGS__; } break;   case 7: { constexpr int OP_ = 7; __VA_ARGS__; } break;       \
        case 8: { constexpr int OP_ = 8; __VA_ARGS__; } break;   case 9: { constexpr int OP_ = 9; __VA_ARGS__; } break;       \
        case 10: { constexpr int OP_ = 10; __VA_ARGS__; } break; case 11: { constexpr int OP_ = 11; __VA_ARGS__; } break;     \
        case 12: { constexpr int OP_ = 12; __VA_ARGS__; } break; case 13: { constexpr int OP_ = 13; __VA_ARGS__; } break;     \
        case 14: { constexpr int OP_ = 14; __VA_ARGS__; } break; default: break;                                     \
    }
