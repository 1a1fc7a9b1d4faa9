package org.cryograd.fft.metrics;

import org.cryograd.tensor.Tensor;

/**
 * Voxel-wise image-quality metrics of 2-D images {@code (H, W)} and 3-D volumes {@code (D, H, W)}: MSE,
 * relative MSE, PSNR and Pearson correlation. All sums run in double precision over the float32 inputs
 * (tensors are read to the host). Structural metrics live in {@link Ssim} and {@link Vif}.
 *
 * <p>Conventions: the first argument is the reference (ground truth), the second the image under test; shapes
 * must match exactly. Degenerate cases follow IEEE arithmetic rather than throwing: identical images have PSNR
 * {@code +Infinity}; a constant image has Pearson correlation {@code NaN} (0/0, as numpy and scipy); an all-zero
 * reference has relative MSE {@code +Infinity} (or {@code NaN} if the test is also all zero).
 */
public final class ImageMetrics {
    private ImageMetrics() {}

    /** Mean squared error {@code mean((ref - test)^2)} (skimage {@code mean_squared_error}). */
    public static double mse(Tensor reference, Tensor test) {
        return mse(pair("mse", reference, test));
    }

    /** Mean squared error of two row-major arrays of the given shape. */
    public static double mse(float[] reference, float[] test, int... shape) {
        return mse(pair("mse", reference, test, shape));
    }

    /**
     * Relative MSE {@code ||ref - test||^2 / ||ref||^2} (the square of skimage's {@code normalized_root_mse}
     * with Euclidean normalisation). Not symmetric: normalised by the reference.
     */
    public static double relativeMse(Tensor reference, Tensor test) {
        return relativeMse(pair("relativeMse", reference, test));
    }

    /** Relative MSE of two row-major arrays of the given shape. */
    public static double relativeMse(float[] reference, float[] test, int... shape) {
        return relativeMse(pair("relativeMse", reference, test, shape));
    }

    /**
     * Peak signal-to-noise ratio {@code 10 log10(dataRange^2 / MSE)} in dB (skimage
     * {@code peak_signal_noise_ratio(image_true, image_test, data_range=dataRange)}).
     *
     * @param dataRange the images' data range (max possible minus min possible value), finite and > 0
     * @return PSNR in dB; {@code +Infinity} for identical images
     */
    public static double psnr(Tensor reference, Tensor test, double dataRange) {
        return psnr(pair("psnr", reference, test), dataRange);
    }

    /**
     * PSNR with the default data range {@link #dataRange(Tensor) max(reference) - min(reference)}.
     *
     * <p>This default differs from skimage's, which derives the range from the dtype (1 for non-negative float
     * images, 2 for signed ones) and is meaningless for cryo-EM densities; pass {@code dataRange} explicitly to
     * reproduce a skimage number.
     */
    public static double psnr(Tensor reference, Tensor test) {
        Grid[] g = pair("psnr", reference, test);
        return psnr(g, range(g[0], "psnr"));
    }

    /** PSNR of two row-major arrays of the given shape with an explicit data range. */
    public static double psnr(float[] reference, float[] test, double dataRange, int... shape) {
        return psnr(pair("psnr", reference, test, shape), dataRange);
    }

    /**
     * Pearson correlation coefficient of the voxel values (scipy {@code pearsonr} on the flattened arrays),
     * clipped to {@code [-1, 1]}; symmetric. {@code NaN} if either image is constant.
     */
    public static double pearson(Tensor reference, Tensor test) {
        return pearson(pair("pearson", reference, test));
    }

    /** Pearson correlation of two row-major arrays of the given shape. */
    public static double pearson(float[] reference, float[] test, int... shape) {
        return pearson(pair("pearson", reference, test, shape));
    }

    /**
     * The data range of an image as used by {@link #psnr(Tensor, Tensor)}: {@code max - min} of its values.
     *
     * @throws IllegalArgumentException if the image is constant (range 0) or not finite
     */
    public static double dataRange(Tensor image) {
        return range(Grid.of(image, "image"), "dataRange");
    }

    // ------------------------------------------------------------------------------------------------ internals

    private static Grid[] pair(String metric, Tensor reference, Tensor test) {
        Grid a = Grid.of(reference, "reference"), b = Grid.of(test, "test");
        Grid.requireSameShape(metric, a, b);
        return new Grid[] {a, b};
    }

    private static Grid[] pair(String metric, float[] reference, float[] test, int[] shape) {
        Grid a = Grid.of(reference, shape, "reference"), b = Grid.of(test, shape, "test");
        Grid.requireSameShape(metric, a, b);
        return new Grid[] {a, b};
    }

    private static double range(Grid g, String metric) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : g.data()) {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        double r = (double) max - min;
        if (!(r > 0) || Double.isInfinite(r)) {
            throw new IllegalArgumentException(metric + ": the reference of shape " + g.shapeText()
                    + " has data range " + r + " (min " + min + ", max " + max + "); pass dataRange explicitly");
        }
        return r;
    }

    private static double mse(Grid[] g) {
        float[] a = g[0].data(), b = g[1].data();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            s += d * d;
        }
        return s / a.length;
    }

    private static double relativeMse(Grid[] g) {
        float[] a = g[0].data(), b = g[1].data();
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            num += d * d;
            den += (double) a[i] * a[i];
        }
        return num / den;
    }

    private static double psnr(Grid[] g, double dataRange) {
        Grid.requireDataRange("psnr", dataRange);
        return 10 * Math.log10(dataRange * dataRange / mse(g));
    }

    private static double pearson(Grid[] g) {
        float[] a = g[0].data(), b = g[1].data();
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        // two passes (centre, then sum) keep precision for data with a large mean
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        double r = sab / Math.sqrt(saa * sbb);
        return Double.isNaN(r) ? r : Math.max(-1.0, Math.min(1.0, r));
    }
}
