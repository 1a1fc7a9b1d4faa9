package org.cryograd.tensor.cpu;

import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.UnaryOp;

/**
 * Elementwise kernels. The op is switched once per loop, never per element in the contiguous paths.
 *
 * <p>When {@link CpuSimd#ENABLED}, the contiguous loops of the vectorisable ops run in {@code SimdElementwise}
 * (bit-identical to the scalar code here, which is its twin and handles everything else).
 */
final class CpuElementwise {
    /** SIMD loops; {@code unary}/{@code row} return false for an op or layout they do not cover. */
    interface Kernel {
        /** {@code y[i] = op(x[i])} for {@code lo <= i < hi}, or false if not covered. */
        boolean unary(UnaryOp op, float p0, float p1, float[] x, float[] y, int lo, int hi);

        /** As {@link CpuElementwise#row}, or false if not covered. */
        boolean row(BinaryOp op, float p0, float p1, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n);
    }

    /** The SIMD kernel, or null when the SIMD kernels are off. */
    static final Kernel SIMD = CpuSimd.create(Kernel.class, "SimdElementwise", null);

    private CpuElementwise() {}

    static void unary(UnaryOp op, float p0, float p1, float[] x, float[] y, int lo, int hi) {
        if (SIMD != null && SIMD.unary(op, p0, p1, x, y, lo, hi)) return;
        unaryScalar(op, p0, p1, x, y, lo, hi);
    }

    /** The scalar twin of every unary op. */
    static void unaryScalar(UnaryOp op, float p0, float p1, float[] x, float[] y, int lo, int hi) {
        switch (op) {
            case NEG -> { for (int i = lo; i < hi; i++) y[i] = -x[i]; }
            case EXP -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.exp(x[i]); }
            case LOG -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.log(x[i]); }
            case SQRT -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.sqrt(x[i]); }
            case ABS -> { for (int i = lo; i < hi; i++) y[i] = Math.abs(x[i]); }
            case SIGN -> { for (int i = lo; i < hi; i++) y[i] = Math.signum(x[i]); }
            case SIN -> { for (int i = lo; i < hi; i++) y[i] = CpuTrig.sin(x[i]); }
            case COS -> { for (int i = lo; i < hi; i++) y[i] = CpuTrig.cos(x[i]); }
            case SINE -> { for (int i = lo; i < hi; i++) y[i] = CpuTrig.sin(x[i] * p0); }
            case TANH -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.tanh(x[i]); }
            case SIGMOID -> {
                for (int i = lo; i < hi; i++) {
                    float v = x[i];
                    // stable for large |v|: never exponentiate a positive number
                    if (v >= 0) y[i] = (float) (1.0 / (1.0 + Math.exp(-v)));
                    else {
                        double e = Math.exp(v);
                        y[i] = (float) (e / (1.0 + e));
                    }
                }
            }
            case RELU -> { for (int i = lo; i < hi; i++) y[i] = x[i] > 0 ? x[i] : 0f; }
            case LEAKY_RELU -> { for (int i = lo; i < hi; i++) y[i] = x[i] > 0 ? x[i] : p0 * x[i]; }
            case CLAMP -> {
                for (int i = lo; i < hi; i++) {
                    float v = x[i];
                    y[i] = Float.isNaN(v) ? v : Math.min(Math.max(v, p0), p1);
                }
            }
            case SQUARE -> { for (int i = lo; i < hi; i++) y[i] = x[i] * x[i]; }
            case POW_SCALAR -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.pow(x[i], p0); }
            case ADD_SCALAR -> { for (int i = lo; i < hi; i++) y[i] = x[i] + p0; }
            case MUL_SCALAR -> { for (int i = lo; i < hi; i++) y[i] = x[i] * p0; }
            case RECIPROCAL -> { for (int i = lo; i < hi; i++) y[i] = 1f / x[i]; }
            default -> throw new IllegalStateException("no CPU kernel for unary op " + op); // a new UnaryOp needs a case here
        }
    }

    static float apply(BinaryOp op, float p0, float p1, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (float) Math.pow(a, b);
            case MAXIMUM -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.max(a, b);
            case MINIMUM -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.min(a, b);
            case EQ -> a == b ? 1f : 0f;
            case GT -> a > b ? 1f : 0f;
            case RELU_BACKWARD -> b > 0 ? a : 0f;
            case LEAKY_RELU_BACKWARD -> b > 0 ? a : a * p0;
            case TANH_BACKWARD -> a * (1f - b * b);
            case SIGMOID_BACKWARD -> a * b * (1f - b);
            case CLAMP_BACKWARD -> b >= p0 && b <= p1 ? a : 0f;
            case SINE_BACKWARD -> a * CpuTrig.cos(b * p0) * p0;
        };
    }

    /** A contiguous run: {@code out[o + i] = op(a[ao + i * as], b[bo + i * bs])}. */
    static void row(BinaryOp op, float p0, float p1, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        if (SIMD != null && SIMD.row(op, p0, p1, a, ao, as, b, bo, bs, out, oo, n)) return;
        rowScalar(op, p0, p1, a, ao, as, b, bo, bs, out, oo, n);
    }

    /** The scalar twin of {@link #row}. */
    static void rowScalar(BinaryOp op, float p0, float p1, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; return; }
                case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i]; return; }
                case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; return; }
                case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i]; return; }
                default -> { }
            }
        } else if (as == 1 && bs == 0) {
            float s = b[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + s; return; }
                case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - s; return; }
                case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * s; return; }
                case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / s; return; }
                default -> { }
            }
        }
        for (int i = 0; i < n; i++) out[oo + i] = apply(op, p0, p1, a[ao + i * as], b[bo + i * bs]);
    }

    static void binary(BinaryOp op, float p0, float p1, float[] a, long[] as, float[] b, long[] bs, float[] out, int[] shape) {
        int r = shape.length;
        long total = 1;
        for (int d : shape) total *= d;
        if (total == 0) return;
        if (r == 0) {
            out[0] = apply(op, p0, p1, a[0], b[0]);
            return;
        }
        int n = CpuBackend.toInt(total, "size");
        boolean aFlat = isContiguous(as, shape), bFlat = isContiguous(bs, shape);
        boolean bScalar = allZero(bs);
        if (aFlat && (bFlat || bScalar)) {
            int bStep = bFlat ? 1 : 0;
            Parallel.forRange(n, CpuBackend.GRAIN, (lo, hi) -> row(op, p0, p1, a, lo, 1, b, bFlat ? lo : 0, bStep, out, lo, hi - lo));
            return;
        }
        int inner = shape[r - 1];
        int rows = n / inner;
        int ai = (int) as[r - 1], bi = (int) bs[r - 1];
        Parallel.forRange(rows, Math.max(1, CpuBackend.GRAIN / inner), (lo, hi) -> {
            int[] idx = new int[r];
            long rem = lo;
            for (int d = r - 2; d >= 0; d--) {
                idx[d] = (int) (rem % shape[d]);
                rem /= shape[d];
            }
            for (int rw = lo; rw < hi; rw++) {
                long ao = 0, bo = 0;
                for (int d = 0; d < r - 1; d++) {
                    ao += idx[d] * as[d];
                    bo += idx[d] * bs[d];
                }
                row(op, p0, p1, a, (int) ao, ai, b, (int) bo, bi, out, rw * inner, inner);
                for (int d = r - 2; d >= 0; d--) {
                    if (++idx[d] < shape[d]) break;
                    idx[d] = 0;
                }
            }
        });
    }

    private static boolean isContiguous(long[] strides, int[] shape) {
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != acc) return false;
            acc *= shape[d];
        }
        return true;
    }

    private static boolean allZero(long[] s) {
        for (long v : s) if (v != 0) return false;
        return true;
    }
}
