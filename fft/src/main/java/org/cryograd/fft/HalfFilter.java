package org.cryograd.fft;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.cryograd.tensor.Tensor;

/** Multiplies the half spectrum of a real tensor's last {@code ndim} dimensions by a real transfer function. */
final class HalfFilter {
    private HalfFilter() {}

    /** The trailing {@code ndim} sizes of {@code x}, checked. */
    static int[] gridOf(String op, Tensor x, int ndim) {
        int[] dims = x.dims();
        Fft.checkNdim(op, dims, ndim, 0);
        return Arrays.copyOfRange(dims, dims.length - ndim, dims.length);
    }

    /** {@code |f|} (cycles per sample) of every element of the half layout of {@code grid}, row-major. */
    static double[] radius(int[] grid) {
        FourierGrid g = new FourierGrid("radius", grid, FourierLayout.HALF);
        int r = g.rank();
        double[] out = new double[g.size];
        int[] idx = new int[r];
        for (int p = 0; p < g.size; p++) {
            double s = 0;
            for (int a = 0; a < r; a++) {
                double f = (double) g.signed(a, idx[a]) / grid[a];
                s += f * f;
            }
            out[p] = Math.sqrt(s);
            for (int a = r - 1; a >= 0; a--) { // odometer increment
                if (++idx[a] < g.shape[a]) break;
                idx[a] = 0;
            }
        }
        return out;
    }

    /** A radial transfer function {@code h(|f|)} on the half layout of {@code grid}. */
    static double[] radial(int[] grid, DoubleUnaryOperator h) {
        double[] r = radius(grid);
        for (int i = 0; i < r.length; i++) r[i] = h.applyAsDouble(r[i]);
        return r;
    }

    /** {@code irfftn(rfftn(x) * h)} over the last {@code ndim} dimensions; {@code h} in the half layout, broadcast over batch. */
    static Tensor apply(String op, Tensor x, int ndim, double[] h) {
        int[] dims = x.dims();
        int[] grid = gridOf(op, x, ndim);
        double[] spec = FftEngine.rfft(x.toArray(), dims, ndim);
        int block = h.length;
        if ((spec.length / 2) % block != 0)
            throw new IllegalStateException(op + ": transfer of " + block + " values does not tile the spectrum of shape " + Arrays.toString(dims));
        for (int i = 0, n = spec.length / 2; i < n; i++) {
            double v = h[i % block];
            spec[2 * i] *= v;
            spec[2 * i + 1] *= v;
        }
        float[] out = FftEngine.irfft(spec, dims, ndim, 1.0 / FftEngine.product(grid, 0, grid.length));
        return Tensor.of(x.device(), out, dims);
    }
}
