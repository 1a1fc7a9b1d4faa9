package org.cryograd.tensor.cpu;

import org.cryograd.tensor.spi.ReduceOp;

/**
 * Reductions along one axis of {@code [outer, n, inner]}, and softmax. Sums accumulate in double.
 *
 * <p>With {@link CpuSimd#ENABLED}, SUM runs its contiguous loops in {@code SimdReduce}: column sums bit-identical to
 * the scalar code, contiguous line sums in a fixed vector order (see there). Either way the order depends only on
 * the sizes, never on the thread count.
 */
final class CpuReduce {
    /** Fixed number of partial sums for a reduction that has a single output. */
    private static final int SPLITS = 64;

    /** SIMD sum loops. */
    interface Kernel {
        /** The double sum of {@code x[off .. off+n)} in the kernel's fixed order. */
        double sum(float[] x, int off, int n);

        /** {@code acc[i] += x[base + i]} for {@code i < len}. */
        void addRow(float[] x, int base, double[] acc, int len);
    }

    /** The SIMD kernel, or null when the SIMD kernels are off. */
    static final Kernel SIMD = CpuSimd.create(Kernel.class, "SimdReduce", null);

    private CpuReduce() {}

    /** Double sum of a contiguous range: SIMD order when enabled, else sequential. */
    static double sum(float[] x, int off, int n) {
        if (SIMD != null) return SIMD.sum(x, off, n);
        return sumScalar(x, off, n);
    }

    /** The scalar twin of {@link Kernel#sum}: sequential double accumulation. */
    static double sumScalar(float[] x, int off, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) s += x[off + j];
        return s;
    }

    /** The scalar twin of {@link Kernel#addRow}. */
    static void addRowScalar(float[] x, int base, double[] acc, int len) {
        for (int i = 0; i < len; i++) acc[i] += x[base + i];
    }

    static void reduce(ReduceOp op, float[] x, int outer, int n, int inner, float[] y) {
        long lines = (long) outer * inner;
        if (lines == 1 && n >= 2 * CpuBackend.GRAIN) {
            reduceSingle(op, x, n, y);
            return;
        }
        if (inner == 1) {
            Parallel.forRange(outer, Math.max(1, CpuBackend.GRAIN / Math.max(1, n)), (lo, hi) -> {
                for (int o = lo; o < hi; o++) y[o] = line(op, x, o * n, n);
            });
            return;
        }
        // inner > 1: accumulate rows into a per-chunk buffer over a block of inner indices
        int block = Math.min(inner, 1024);
        int blocksPerOuter = (inner + block - 1) / block;
        Parallel.forRange(outer * blocksPerOuter, 1, (lo, hi) -> {
            double[] acc = new double[block];
            for (int t = lo; t < hi; t++) {
                int o = t / blocksPerOuter, i0 = (t % blocksPerOuter) * block;
                int len = Math.min(block, inner - i0);
                int base = o * n * inner + i0;
                if (op == ReduceOp.SUM) {
                    java.util.Arrays.fill(acc, 0, len, 0.0);
                    for (int j = 0; j < n; j++) {
                        if (SIMD != null) SIMD.addRow(x, base + j * inner, acc, len);
                        else addRowScalar(x, base + j * inner, acc, len);
                    }
                    for (int i = 0; i < len; i++) y[o * inner + i0 + i] = (float) acc[i];
                } else {
                    boolean max = op == ReduceOp.MAX;
                    for (int i = 0; i < len; i++) {
                        // an empty axis reduces to the identity, as in line(): nothing of x may be read
                        float m = n == 0 ? (max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY) : x[base + i];
                        for (int j = 1; j < n; j++) m = pick(max, m, x[base + j * inner + i]);
                        y[o * inner + i0 + i] = m;
                    }
                }
            }
        });
    }

    private static float pick(boolean max, float m, float v) {
        if (Float.isNaN(m) || Float.isNaN(v)) return Float.NaN;
        return max ? Math.max(m, v) : Math.min(m, v);
    }

    private static float line(ReduceOp op, float[] x, int off, int n) {
        if (op == ReduceOp.SUM) return (float) sum(x, off, n);
        boolean max = op == ReduceOp.MAX;
        float m = n == 0 ? (max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY) : x[off];
        for (int j = 1; j < n; j++) m = pick(max, m, x[off + j]);
        return m;
    }

    private static void reduceSingle(ReduceOp op, float[] x, int n, float[] y) {
        int grain = (n + SPLITS - 1) / SPLITS;
        int chunks = (n + grain - 1) / grain;
        double[] part = new double[chunks];
        Parallel.forChunks(chunks, c -> {
            int lo = c * grain, hi = Math.min(n, lo + grain);
            if (op == ReduceOp.SUM) {
                part[c] = sum(x, lo, hi - lo);
            } else {
                part[c] = line(op, x, lo, hi - lo);
            }
        });
        if (op == ReduceOp.SUM) {
            double s = 0;
            for (double p : part) s += p;
            y[0] = (float) s;
        } else {
            float m = (float) part[0];
            for (int c = 1; c < chunks; c++) m = pick(op == ReduceOp.MAX, m, (float) part[c]);
            y[0] = m;
        }
    }

    static void softmax(boolean log, float[] x, int outer, int n, int inner, float[] y) {
        int lines = outer * inner;
        Parallel.forRange(lines, Math.max(1, CpuBackend.GRAIN / Math.max(1, n)), (lo, hi) -> {
            for (int l = lo; l < hi; l++) {
                int o = l / inner, i = l % inner;
                int base = o * n * inner + i;
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) m = Math.max(m, x[base + j * inner]);
                double s = 0;
                for (int j = 0; j < n; j++) s += Math.exp(x[base + j * inner] - m);
                if (log) {
                    float lse = (float) (m + Math.log(s));
                    for (int j = 0; j < n; j++) y[base + j * inner] = x[base + j * inner] - lse;
                } else {
                    double inv = 1.0 / s;
                    for (int j = 0; j < n; j++) y[base + j * inner] = (float) (Math.exp(x[base + j * inner] - m) * inv);
                }
            }
        });
    }
}
