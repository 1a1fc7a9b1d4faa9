package org.cryograd.fft;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The double-precision kernels behind {@link Fft}: 1-D JTransforms transforms applied line by line along each
 * transformed axis of a C-order array. Complex arrays are interleaved ({@code re, im}) {@code double[]}s.
 *
 * <p>Why line by line rather than JTransforms' 2-D/3-D classes: any number of leading batch axes comes for free,
 * the real transform works on the half spectrum (half the memory and work on every axis but the last), odd and
 * prime sizes go through the same well-tested 1-D code, and lines are independent, so results do not depend on
 * the thread count.
 */
final class FftEngine {
    private FftEngine() {}

    static long product(int[] dims, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) p *= dims[i];
        return p;
    }

    private static long lineCost(int n) {
        return (long) n * (32 - Integer.numberOfLeadingZeros(Math.max(n, 1))) * 4L;
    }

    /** Checks that a double buffer of {@code count} values fits in a Java array. */
    static int checkedLength(long count, String op, int[] dims) {
        if (count > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException(op + ": shape " + java.util.Arrays.toString(dims)
                    + " is too large for one transform buffer (" + count + " doubles)");
        return (int) count;
    }

    /** In-place complex FFT (unscaled in both directions) along {@code axis} of a complex array of shape {@code dims}. */
    static void complexAxis(double[] c, int[] dims, int axis, boolean inverse) {
        int n = dims[axis];
        if (n <= 1) return; // a length-1 DFT is the identity
        long inner = product(dims, axis + 1, dims.length);
        long outer = product(dims, 0, axis);
        int lines = (int) (outer * inner);
        if (lines == 0) return;
        FftThreads.install();
        FftThreads.parallelFor(lines, lineCost(n), (from, to) -> {
            DoubleFFT_1D fft = new DoubleFFT_1D(n); // one plan per chunk: instances are not shared across threads
            if (inner == 1) {
                for (int line = from; line < to; line++) {
                    int off = 2 * line * n;
                    if (inverse) fft.complexInverse(c, off, false);
                    else fft.complexForward(c, off);
                }
                return;
            }
            double[] t = new double[2 * n];
            int stride = (int) (2 * inner);
            for (int line = from; line < to; line++) {
                long o = line / inner, i = line % inner;
                int base = (int) (2 * (o * n * inner + i));
                for (int j = 0, p = base; j < n; j++, p += stride) {
                    t[2 * j] = c[p];
                    t[2 * j + 1] = c[p + 1];
                }
                if (inverse) fft.complexInverse(t, false);
                else fft.complexForward(t);
                for (int j = 0, p = base; j < n; j++, p += stride) {
                    c[p] = t[2 * j];
                    c[p + 1] = t[2 * j + 1];
                }
            }
        });
    }

    /** Unscaled complex FFT over the last {@code k} axes of a complex array of shape {@code dims}. */
    static void complexLast(double[] c, int[] dims, int k, boolean inverse) {
        for (int a = dims.length - k; a < dims.length; a++) complexAxis(c, dims, a, inverse);
    }

    /**
     * Unscaled real-to-half-complex FFT over the last {@code k} axes of a real C-order array of shape
     * {@code dims}. The result has shape {@code dims} with the last size {@code n} replaced by {@code n/2+1}.
     */
    static double[] rfft(float[] x, int[] dims, int k) {
        int r = dims.length;
        int n = dims[r - 1], m = n / 2 + 1;
        int lines = (int) product(dims, 0, r - 1);
        double[] out = new double[checkedLength(2L * lines * m, "rfftn", dims)];
        FftThreads.install();
        FftThreads.parallelFor(lines, lineCost(n), (from, to) -> {
            DoubleFFT_1D fft = n > 1 ? new DoubleFFT_1D(n) : null;
            double[] t = new double[2 * n];
            for (int line = from; line < to; line++) {
                int src = line * n;
                for (int j = 0; j < n; j++) {
                    t[2 * j] = x[src + j];
                    t[2 * j + 1] = 0;
                }
                if (fft != null) fft.complexForward(t);
                System.arraycopy(t, 0, out, 2 * line * m, 2 * m);
            }
        });
        int[] hd = dims.clone();
        hd[r - 1] = m;
        for (int a = r - k; a < r - 1; a++) complexAxis(out, hd, a, false);
        return out;
    }

    /**
     * Half-complex-to-real inverse FFT over the last {@code k} axes, multiplied by {@code scale}. {@code half} has
     * the shape of {@code realDims} with the last size {@code n} replaced by {@code n/2+1}; it is overwritten.
     * Along the last axis the missing half is taken as the complex conjugate of the stored one, and the imaginary
     * parts of the zero-frequency (and, for even {@code n}, the Nyquist) coefficient are ignored, as in numpy.
     */
    static float[] irfft(double[] half, int[] realDims, int k, double scale) {
        int r = realDims.length;
        int n = realDims[r - 1], m = n / 2 + 1;
        int[] hd = realDims.clone();
        hd[r - 1] = m;
        for (int a = r - k; a < r - 1; a++) complexAxis(half, hd, a, true);
        int lines = (int) product(realDims, 0, r - 1);
        float[] out = new float[checkedLength((long) lines * n, "irfftn", realDims)];
        FftThreads.parallelFor(lines, lineCost(n), (from, to) -> {
            DoubleFFT_1D fft = n > 1 ? new DoubleFFT_1D(n) : null;
            double[] t = new double[2 * n];
            for (int line = from; line < to; line++) {
                int hb = 2 * line * m;
                System.arraycopy(half, hb, t, 0, 2 * m);
                for (int j = m; j < n; j++) { // Hermitian completion: X[n-j] = conj(X[j])
                    t[2 * j] = half[hb + 2 * (n - j)];
                    t[2 * j + 1] = -half[hb + 2 * (n - j) + 1];
                }
                if (fft != null) fft.complexInverse(t, false);
                int dst = line * n;
                for (int j = 0; j < n; j++) out[dst + j] = (float) (t[2 * j] * scale);
            }
        });
        return out;
    }

    /** Interleaved float data to a double buffer. */
    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** Double buffer to float, multiplied by {@code scale}. */
    static float[] toFloat(double[] d, double scale) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) (d[i] * scale);
        return f;
    }
}
