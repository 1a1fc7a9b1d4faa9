package org.cryograd.fft.metrics;

import java.util.Arrays;
import org.cryograd.tensor.Tensor;

/**
 * A 2-D image {@code (H, W)} or 3-D volume {@code (D, H, W)} as host floats, row-major; a 2-D image has
 * {@code depth == 1} and {@code rank == 2}. Internal to the metrics, which all read their inputs through it.
 */
record Grid(float[] data, int rank, int depth, int height, int width) {

    /** Reads a rank-2 or rank-3 tensor (copied to the host if it lives on a device). */
    static Grid of(Tensor t, String param) {
        if (t == null) throw new IllegalArgumentException(param + " is null");
        int[] dims = t.dims();
        checkRank(dims, param);
        return fromDims(t.toArray(), dims);
    }

    /** Wraps a row-major array with the given shape (rank 2 or 3), checking that the sizes agree. */
    static Grid of(float[] data, int[] shape, String param) {
        if (data == null) throw new IllegalArgumentException(param + " is null");
        if (shape == null) throw new IllegalArgumentException("shape of " + param + " is null");
        checkRank(shape, param);
        long n = 1;
        for (int s : shape) {
            if (s <= 0) throw new IllegalArgumentException(param + ": shape " + Arrays.toString(shape) + " has a non-positive size");
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(param + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " values but the array has " + data.length);
        }
        return fromDims(data, shape);
    }

    private static void checkRank(int[] dims, String param) {
        if (dims.length != 2 && dims.length != 3) {
            throw new IllegalArgumentException(param + ": expected a 2-D image (H, W) or a 3-D volume (D, H, W), got shape "
                    + Arrays.toString(dims) + " (reshape away batch/channel axes first)");
        }
    }

    private static Grid fromDims(float[] data, int[] d) {
        return d.length == 2 ? new Grid(data, 2, 1, d[0], d[1]) : new Grid(data, 3, d[0], d[1], d[2]);
    }

    /** The shape as the user gave it: {@code (H, W)} or {@code (D, H, W)}. */
    int[] shape() {
        return rank == 2 ? new int[] {height, width} : new int[] {depth, height, width};
    }

    /** The shape as text, for error messages. */
    String shapeText() {
        return Arrays.toString(shape());
    }

    /** Throws unless both grids have the same shape; the message names the metric and both shapes. */
    static void requireSameShape(String metric, Grid reference, Grid test) {
        if (!Arrays.equals(reference.shape(), test.shape())) {
            throw new IllegalArgumentException(metric + ": reference shape " + reference.shapeText()
                    + " differs from test shape " + test.shapeText());
        }
    }

    /** Throws unless {@code dataRange} is finite and positive. */
    static void requireDataRange(String metric, double dataRange) {
        if (!(dataRange > 0) || Double.isInfinite(dataRange)) {
            throw new IllegalArgumentException(metric + ": dataRange must be finite and > 0, got " + dataRange);
        }
    }
}
