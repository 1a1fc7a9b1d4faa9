package org.cryograd.fft.metrics;

/**
 * The settings of {@link Ssim}, named as in scikit-image's {@code structural_similarity}.
 *
 * <p>Two presets cover what people report: {@link #gaussian()} (Wang et al. 2004: 11-tap Gaussian window,
 * sigma 1.5, population covariance; skimage's recommended {@code gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False}) and {@link #uniform()} (skimage's default: a 7-voxel uniform window with sample
 * covariance). For the Gaussian window, {@code winSize} is not free: it is the filter's footprint
 * {@code 2 * (int)(3.5 * sigma + 0.5) + 1} (skimage's {@code truncate = 3.5}), which is also the border that is
 * cropped before averaging; skimage's unusual combination of an explicit {@code win_size} with Gaussian weights
 * is not offered.
 *
 * @param window           Gaussian or uniform weighting of each local window
 * @param sigma            the Gaussian's standard deviation in voxels ({@code NaN} for the uniform window)
 * @param winSize          the window's side: crop border {@code (winSize - 1) / 2}; sample-covariance
 *                         normalisation {@code N / (N - 1)} with {@code N = winSize^ndim}
 * @param sampleCovariance normalise (co)variances by {@code N - 1} instead of {@code N}
 * @param k1               stabilising constant, {@code C1 = (k1 * dataRange)^2}
 * @param k2               stabilising constant, {@code C2 = (k2 * dataRange)^2}
 */
public record SsimOptions(Window window, double sigma, int winSize, boolean sampleCovariance, double k1, double k2) {

    /** How voxels inside a local window are weighted. */
    public enum Window {
        /** Gaussian weights (scipy.ndimage.gaussian_filter, truncate 3.5, mode 'reflect'). */
        GAUSSIAN,
        /** Equal weights over a {@code winSize}-voxel cube (scipy.ndimage.uniform_filter, mode 'reflect'). */
        UNIFORM
    }

    /** Validates the combination; see the record description. */
    public SsimOptions {
        if (window == null) throw new IllegalArgumentException("SsimOptions: window is null");
        if (window == Window.GAUSSIAN) {
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("SsimOptions: sigma must be finite and > 0, got " + sigma);
            }
            int expected = gaussianWindow(sigma);
            if (winSize != expected) {
                throw new IllegalArgumentException("SsimOptions: a Gaussian window with sigma " + sigma + " spans "
                        + expected + " voxels (truncate 3.5), not winSize " + winSize);
            }
        } else {
            if (winSize < 1 || winSize % 2 == 0) {
                throw new IllegalArgumentException("SsimOptions: winSize must be odd and >= 1, got " + winSize);
            }
            sigma = Double.NaN;
        }
        if (sampleCovariance && winSize < 2) {
            throw new IllegalArgumentException("SsimOptions: sample covariance needs winSize >= 2, got " + winSize);
        }
        if (!(k1 >= 0) || !(k2 >= 0) || Double.isInfinite(k1) || Double.isInfinite(k2)) {
            throw new IllegalArgumentException("SsimOptions: K1 and K2 must be finite and >= 0, got " + k1 + ", " + k2);
        }
    }

    /** Wang et al. (2004) / skimage recommended: Gaussian sigma 1.5 (11 taps), population covariance, K 0.01/0.03. */
    public static SsimOptions gaussian() {
        return gaussian(1.5);
    }

    /** A Gaussian window of the given sigma (footprint {@code 2 * (int)(3.5 sigma + 0.5) + 1}), population covariance. */
    public static SsimOptions gaussian(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("SsimOptions: sigma must be finite and > 0, got " + sigma);
        }
        return new SsimOptions(Window.GAUSSIAN, sigma, gaussianWindow(sigma), false, 0.01, 0.03);
    }

    /** scikit-image's default: a 7-voxel uniform window, sample covariance, K 0.01/0.03. */
    public static SsimOptions uniform() {
        return uniform(7);
    }

    /** A uniform window of odd side {@code winSize}, sample covariance, K 0.01/0.03. */
    public static SsimOptions uniform(int winSize) {
        return new SsimOptions(Window.UNIFORM, Double.NaN, winSize, true, 0.01, 0.03);
    }

    /** The same options with the covariance normalisation switched. */
    public SsimOptions withSampleCovariance(boolean sample) {
        return new SsimOptions(window, sigma, winSize, sample, k1, k2);
    }

    /** The same options with other stabilising constants. */
    public SsimOptions withK(double newK1, double newK2) {
        return new SsimOptions(window, sigma, winSize, sampleCovariance, newK1, newK2);
    }

    /** The 1-D kernel applied along every axis. */
    double[] kernel() {
        return window == Window.GAUSSIAN
                ? SeparableFilter.gaussianKernel(sigma, SeparableFilter.SSIM_TRUNCATE)
                : SeparableFilter.boxKernel(winSize);
    }

    private static int gaussianWindow(double sigma) {
        return 2 * (int) (SeparableFilter.SSIM_TRUNCATE * sigma + 0.5) + 1;
    }
}
