package org.cryograd.tensor.spi;

/**
 * Fused backend operations written with a backend's own primitives ({@link Backend#reduce}, {@link Backend#unary},
 * {@link Backend#binary}): the defaults of the fused {@link Backend} methods, so a backend without a dedicated kernel
 * still runs them (and a test can hold a backend's fused kernel against this composition).
 */
public final class ComposedOps {
    private ComposedOps() {}

    /** {@link Backend#standardizeRows} as mean, centre, biased variance, reciprocal square root and scale. */
    public static void standardizeRows(Backend b, Storage x, int rows, int n, float eps, Storage y, Storage invStd) {
        int[] shape = {rows, n};
        long[] full = {n, 1}, perRow = {1, 0};
        Storage mean = b.allocate(rows), sq = b.allocate((long) rows * n);
        try {
            b.reduce(ReduceOp.SUM, x, rows, n, 1, mean);
            b.unary(UnaryOp.MUL_SCALAR, 1f / n, 0, mean, mean, rows);
            b.binary(BinaryOp.SUB, 0, 0, x, full, mean, perRow, y, shape); // y holds x - mean
            b.unary(UnaryOp.SQUARE, 0, 0, y, sq, (long) rows * n);
            b.reduce(ReduceOp.SUM, sq, rows, n, 1, invStd);
            b.unary(UnaryOp.MUL_SCALAR, 1f / n, 0, invStd, invStd, rows);
            b.unary(UnaryOp.ADD_SCALAR, eps, 0, invStd, invStd, rows);
            b.unary(UnaryOp.SQRT, 0, 0, invStd, invStd, rows);
            b.unary(UnaryOp.RECIPROCAL, 0, 0, invStd, invStd, rows);
            b.binary(BinaryOp.MUL, 0, 0, y, full, invStd, perRow, y, shape);
        } finally {
            b.release(mean);
            b.release(sq);
        }
    }

    /** {@link Backend#standardizeRowsBackward} as two row means and three broadcast products. */
    public static void standardizeRowsBackward(Backend b, Storage gy, Storage y, Storage invStd, int rows, int n, Storage gx) {
        int[] shape = {rows, n};
        long[] full = {n, 1}, perRow = {1, 0};
        Storage meanG = b.allocate(rows), meanGy = b.allocate(rows), t = b.allocate((long) rows * n);
        try {
            b.reduce(ReduceOp.SUM, gy, rows, n, 1, meanG);
            b.unary(UnaryOp.MUL_SCALAR, 1f / n, 0, meanG, meanG, rows);
            b.binary(BinaryOp.MUL, 0, 0, gy, full, y, full, t, shape);
            b.reduce(ReduceOp.SUM, t, rows, n, 1, meanGy);
            b.unary(UnaryOp.MUL_SCALAR, 1f / n, 0, meanGy, meanGy, rows);
            b.binary(BinaryOp.MUL, 0, 0, y, full, meanGy, perRow, t, shape);   // y * mean(gy * y)
            b.binary(BinaryOp.SUB, 0, 0, gy, full, meanG, perRow, gx, shape);  // gy - mean(gy)
            b.binary(BinaryOp.SUB, 0, 0, gx, full, t, full, gx, shape);
            b.binary(BinaryOp.MUL, 0, 0, gx, full, invStd, perRow, gx, shape);
        } finally {
            b.release(meanG);
            b.release(meanGy);
            b.release(t);
        }
    }
}
