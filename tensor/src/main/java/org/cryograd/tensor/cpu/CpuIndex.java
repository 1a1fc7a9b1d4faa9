package org.cryograd.tensor.cpu;

import org.cryograd.tensor.SparseCsr;

/** Index-driven kernels: gather, scatter-add, sparse CSR times dense. */
final class CpuIndex {
    private CpuIndex() {}

    private static int checkIndex(float v, int size, String op) {
        int i = (int) v;
        if (i != v || i < 0 || i >= size)
            throw new IllegalArgumentException(op + ": index " + v + " out of range [0, " + size + ")");
        return i;
    }

    private static long[] strides(int[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    /** Calls {@code body(flatIndexInIndexTensor, offsetInX)} in row-major order over {@code [lo, hi)} outer blocks. */
    private interface Visit {
        void at(int flat, long xBase);
    }

    /** Iterates index-tensor elements of outer coordinates (dims before axis) {@code [lo, hi)}; xBase excludes the axis term. */
    private static void walk(int[] xShape, int axis, int[] idxShape, int lo, int hi, Visit v) {
        int r = idxShape.length;
        long[] xs = strides(xShape);
        int rest = 1;
        for (int d = axis; d < r; d++) rest *= idxShape[d];
        int[] c = new int[r];
        for (int o = lo; o < hi; o++) {
            long rem = o;
            for (int d = axis - 1; d >= 0; d--) {
                c[d] = (int) (rem % idxShape[d]);
                rem /= idxShape[d];
            }
            long outerBase = 0;
            for (int d = 0; d < axis; d++) outerBase += c[d] * xs[d];
            for (int d = axis; d < r; d++) c[d] = 0;
            for (int t = 0; t < rest; t++) {
                long base = outerBase;
                for (int d = axis + 1; d < r; d++) base += c[d] * xs[d];
                v.at(o * rest + t, base);
                for (int d = r - 1; d >= axis; d--) {
                    if (++c[d] < idxShape[d]) break;
                    c[d] = 0;
                }
            }
        }
    }

    private static int idxRest(int[] idxShape, int axis) {
        int rest = 1;
        for (int d = axis; d < idxShape.length; d++) rest *= idxShape[d];
        return rest;
    }

    static void gather(float[] x, int[] xShape, int axis, float[] index, int[] idxShape, float[] out) {
        int outer = 1;
        for (int d = 0; d < axis; d++) outer *= idxShape[d];
        long axisStride = strides(xShape)[axis];
        int size = xShape[axis];
        Parallel.forRange(outer, Math.max(1, CpuBackend.GRAIN / Math.max(1, idxRest(idxShape, axis))), (lo, hi) -> walk(xShape, axis, idxShape, lo, hi,
                (flat, base) -> out[flat] = x[(int) (base + checkIndex(index[flat], size, "gather") * axisStride)]));
    }

    static void scatterAdd(float[] target, int[] tShape, int axis, float[] index, int[] idxShape, float[] src) {
        int outer = 1;
        for (int d = 0; d < axis; d++) outer *= idxShape[d];
        long axisStride = strides(tShape)[axis];
        int size = tShape[axis];
        // collisions only happen between elements sharing their outer coordinates: one chunk owns each
        Parallel.forRange(outer, Math.max(1, CpuBackend.GRAIN / Math.max(1, idxRest(idxShape, axis))), (lo, hi) -> walk(tShape, axis, idxShape, lo, hi,
                (flat, base) -> target[(int) (base + checkIndex(index[flat], size, "scatterAdd") * axisStride)] += src[flat]));
    }

    static void spmm(SparseCsr a, float[] x, int k, float[] y) {
        int[] ptr = a.rowPtr(), col = a.colIdx();
        float[] val = a.values();
        Parallel.forRange(a.rows(), Math.max(1, CpuBackend.GRAIN / Math.max(1, 4 * k)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int yo = r * k;
                java.util.Arrays.fill(y, yo, yo + k, 0f);
                for (int p = ptr[r]; p < ptr[r + 1]; p++) {
                    float v = val[p];
                    int xo = col[p] * k;
                    for (int j = 0; j < k; j++) y[yo + j] += v * x[xo + j];
                }
            }
        });
    }
}
