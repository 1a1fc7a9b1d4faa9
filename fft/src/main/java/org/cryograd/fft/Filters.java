package org.cryograd.fft;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.cryograd.tensor.Tensor;

/**
 * Fourier and real-space filters of 1-D/2-D/3-D data: the last {@code ndim} dimensions of a tensor are the grid,
 * leading dimensions are batch.
 *
 * <p><b>Frequencies</b> are normalised, in cycles per sample: {@code |f| = sqrt(sum_a (k_a / n_a)^2)} with
 * {@code k_a} the signed frequency index, so 0.5 is Nyquist along an axis and non-cubic grids are filtered
 * isotropically in physical frequency. For a resolution {@code d} Å at pixel size {@code p} Å use
 * {@code cutoff = p / d} ({@link #cutoffFor}).
 *
 * <p><b>Fourier filters</b> multiply the half spectrum by a real, radially symmetric transfer function
 * {@code H(|f|)}: {@code irfftn(rfftn(x) * H)}, so boundaries are periodic. The raised-cosine edge of width
 * {@code w} is centred on the cutoff {@code c}: {@code H = 1} for {@code |f| <= c - w/2}, {@code 0} for
 * {@code |f| >= c + w/2}, and {@code (1 + cos(pi (|f| - c + w/2) / w)) / 2} between ({@code H(c) = 1/2});
 * {@code w = 0} is a hard edge keeping {@code |f| <= c}. The Gaussian of real-space standard deviation
 * {@code sigma} (samples) has transfer {@code exp(-2 pi^2 sigma^2 |f|^2)} (a periodic Gaussian convolution).
 *
 * <p>{@link #gaussianSeparable} is the real-space alternative: separable 1-D convolutions with a kernel
 * truncated at {@code round(4 sigma)} samples and mirror ({@code scipy.ndimage} "reflect") boundaries, as
 * {@code scipy.ndimage.gaussian_filter(x, sigma, mode='reflect', truncate=4.0)} over the grid axes.
 *
 * <p>None of these is differentiable: results are new tensors on the input's device, outside the autograd graph.
 */
public final class Filters {
    private Filters() {}

    /** The cutoff (cycles per sample) for a resolution of {@code resolutionA} Å at a pixel size of {@code pixelA} Å. */
    public static double cutoffFor(double resolutionA, double pixelA) {
        if (!(resolutionA > 0) || !(pixelA > 0))
            throw new IllegalArgumentException("cutoffFor: resolution and pixel size must be > 0 Å, got " + resolutionA + " and " + pixelA);
        return pixelA / resolutionA;
    }

    /** The low-pass profile {@code H(|f|)}: raised-cosine edge of width {@code edgeWidth} centred on {@code cutoff} (hard if 0). */
    public static double lowPassProfile(double f, double cutoff, double edgeWidth) {
        if (edgeWidth <= 0) return f <= cutoff ? 1 : 0;
        double lo = cutoff - edgeWidth / 2;
        if (f <= lo) return 1;
        if (f >= cutoff + edgeWidth / 2) return 0;
        return 0.5 * (1 + Math.cos(Math.PI * (f - lo) / edgeWidth));
    }

    /** Hard low-pass: keeps {@code |f| <= cutoff} (cycles per sample). */
    public static Tensor lowPass(Tensor x, int ndim, double cutoff) {
        return lowPass(x, ndim, cutoff, 0);
    }

    /** Low-pass with a raised-cosine edge of width {@code edgeWidth} centred on {@code cutoff} (both cycles per sample). */
    public static Tensor lowPass(Tensor x, int ndim, double cutoff, double edgeWidth) {
        checkCutoff("lowPass", cutoff, edgeWidth);
        return radial("lowPass", x, ndim, f -> lowPassProfile(f, cutoff, edgeWidth));
    }

    /** High-pass: {@code 1 - lowPassProfile}; removes {@code |f| < cutoff} (hard if {@code edgeWidth == 0}). */
    public static Tensor highPass(Tensor x, int ndim, double cutoff, double edgeWidth) {
        checkCutoff("highPass", cutoff, edgeWidth);
        return radial("highPass", x, ndim, f -> highPassProfile(f, cutoff, edgeWidth));
    }

    private static double highPassProfile(double f, double cutoff, double edgeWidth) {
        // hard edge: remove f < cutoff, keep f >= cutoff
        if (edgeWidth <= 0) return f < cutoff ? 0 : 1;
        return 1 - lowPassProfile(f, cutoff, edgeWidth);
    }

    /** Band-pass keeping {@code low <= |f| <= high}: high-pass at {@code low} times low-pass at {@code high}, same edge width. */
    public static Tensor bandPass(Tensor x, int ndim, double low, double high, double edgeWidth) {
        checkCutoff("bandPass", low, edgeWidth);
        checkCutoff("bandPass", high, edgeWidth);
        if (!(low < high)) throw new IllegalArgumentException("bandPass: need low < high, got low=" + low + ", high=" + high);
        return radial("bandPass", x, ndim, f -> highPassProfile(f, low, edgeWidth) * lowPassProfile(f, high, edgeWidth));
    }

    /** Gaussian smoothing with real-space standard deviation {@code sigma} (samples), by Fourier multiplication. */
    public static Tensor gaussian(Tensor x, int ndim, double sigma) {
        checkSigma("gaussian", sigma);
        double a = 2 * Math.PI * Math.PI * sigma * sigma;
        return radial("gaussian", x, ndim, f -> Math.exp(-a * f * f));
    }

    /**
     * Difference of Gaussians {@code G(sigma1) * x - G(sigma2) * x} (real-space standard deviations in samples),
     * by Fourier multiplication with {@code exp(-2 pi^2 sigma1^2 f^2) - exp(-2 pi^2 sigma2^2 f^2)}; a band-pass
     * blob detector when {@code sigma1 < sigma2}.
     */
    public static Tensor differenceOfGaussians(Tensor x, int ndim, double sigma1, double sigma2) {
        checkSigma("differenceOfGaussians", sigma1);
        checkSigma("differenceOfGaussians", sigma2);
        double a = 2 * Math.PI * Math.PI * sigma1 * sigma1, b = 2 * Math.PI * Math.PI * sigma2 * sigma2;
        return radial("differenceOfGaussians", x, ndim, f -> Math.exp(-a * f * f) - Math.exp(-b * f * f));
    }

    /** Any radial transfer function {@code h(|f|)} ({@code |f|} in cycles per sample) applied by Fourier multiplication. */
    public static Tensor radial(Tensor x, int ndim, DoubleUnaryOperator transfer) {
        if (transfer == null) throw new IllegalArgumentException("Filters.radial: transfer is null");
        return radial("radial", x, ndim, transfer);
    }

    private static Tensor radial(String op, Tensor x, int ndim, DoubleUnaryOperator h) {
        int[] grid = HalfFilter.gridOf("Filters." + op, x, ndim);
        return HalfFilter.apply("Filters." + op, x, ndim, HalfFilter.radial(grid, h));
    }

    /**
     * Multiplies the half spectrum of {@code x}'s last {@code ndim} dimensions by a real transfer function in the
     * {@link FourierLayout#HALF} layout of that grid (e.g. a {@link WedgeMask} or a {@link Ctf#image}), broadcast
     * over the batch dimensions.
     */
    public static Tensor transfer(Tensor x, int ndim, Tensor halfTransfer) {
        int[] grid = HalfFilter.gridOf("Filters.transfer", x, ndim);
        FourierGrid g = new FourierGrid("Filters.transfer", grid, FourierLayout.HALF);
        if (!Arrays.equals(halfTransfer.dims(), g.shape))
            throw new IllegalArgumentException("Filters.transfer: transfer shape " + Arrays.toString(halfTransfer.dims())
                    + " is not the half-spectrum shape " + Arrays.toString(g.shape) + " of grid " + Arrays.toString(grid));
        float[] t = halfTransfer.toArray();
        double[] h = new double[t.length];
        for (int i = 0; i < h.length; i++) h[i] = t[i];
        return HalfFilter.apply("Filters.transfer", x, ndim, h);
    }

    /**
     * Gaussian smoothing in real space, separable along each of the last {@code ndim} axes: kernel
     * {@code exp(-i^2 / (2 sigma^2))} for {@code |i| <= (int)(4 sigma + 0.5)}, normalised to sum 1, mirror
     * boundaries ({@code d c b a | a b c d | d c b a}); {@code sigma = 0} returns a copy. Accumulates in double.
     */
    public static Tensor gaussianSeparable(Tensor x, int ndim, double sigma) {
        checkSigma("gaussianSeparable", sigma);
        int[] dims = x.dims();
        HalfFilter.gridOf("Filters.gaussianSeparable", x, ndim);
        float[] src = x.toArray();
        double[] cur = new double[src.length];
        for (int i = 0; i < src.length; i++) cur[i] = src[i];
        if (sigma > 0) {
            int radius = (int) (4.0 * sigma + 0.5);
            double[] k = new double[2 * radius + 1];
            double sum = 0;
            for (int i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            for (int i = 0; i < k.length; i++) k[i] /= sum;
            for (int a = dims.length - ndim; a < dims.length; a++) convolveAxis(cur, dims, a, k, radius);
        }
        float[] out = new float[cur.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) cur[i];
        return Tensor.of(x.device(), out, dims);
    }

    /** Convolves every line along {@code axis} in place: each line is copied out first, so no second volume is needed. */
    private static void convolveAxis(double[] in, int[] dims, int axis, double[] k, int radius) {
        int n = dims[axis];
        long inner = FftEngine.product(dims, axis + 1, dims.length);
        int lines = (int) (FftEngine.product(dims, 0, axis) * inner);
        double[] out = in;
        // mirror index of every tap position, once per axis
        int[] mirror = new int[n + 2 * radius];
        for (int j = 0; j < mirror.length; j++) mirror[j] = reflect(j - radius, n);
        FftThreads.parallelFor(lines, (long) n * k.length, (from, to) -> {
            double[] line = new double[n];
            for (int l = from; l < to; l++) {
                long o = l / inner, i = l % inner;
                int base = (int) (o * n * inner + i), stride = (int) inner;
                for (int j = 0; j < n; j++) line[j] = in[base + j * stride];
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int t = 0; t < k.length; t++) s += k[t] * line[mirror[j + t]];
                    out[base + j * stride] = s;
                }
            }
        });
    }

    /** Half-sample symmetric reflection of index {@code i} into {@code [0, n)} (period {@code 2n}). */
    static int reflect(int i, int n) {
        int p = Math.floorMod(i, 2 * n);
        return p < n ? p : 2 * n - 1 - p;
    }

    private static void checkCutoff(String op, double cutoff, double edgeWidth) {
        if (!(cutoff >= 0) || Double.isInfinite(cutoff))
            throw new IllegalArgumentException(op + ": cutoff must be a finite frequency >= 0 (cycles per sample), got " + cutoff);
        if (!(edgeWidth >= 0) || Double.isInfinite(edgeWidth))
            throw new IllegalArgumentException(op + ": edge width must be finite and >= 0, got " + edgeWidth);
    }

    private static void checkSigma(String op, double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma))
            throw new IllegalArgumentException(op + ": sigma must be finite and >= 0 samples, got " + sigma);
    }
}
