package org.cryograd.fft.metrics;

import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.Threads;

/**
 * Pixel-domain visual information fidelity, VIF-P (Sheikh and Bovik 2006), as implemented by the {@code sewar}
 * package's {@code vifp} (which the coordinate-network authors used), with its noise variance
 * {@code sigma_nsq = 2} by default.
 *
 * <p>Per 2-D image, four scales {@code s = 1..4} with a Gaussian window of side {@code N = 2^(5-s) + 1}
 * (33, 17, 9, 5) and sigma {@code N / 5}; from scale 2 on, both images are first 'valid'-filtered with that
 * scale's window and subsampled by 2 ({@code [::2, ::2]}). At each scale the 'valid'-filtered local statistics
 * give {@code sigma_ref^2}, {@code sigma_test^2}, {@code sigma_ref,test}; the gain
 * {@code g = sigma_rt / (sigma_r^2 + eps)} and distortion variance {@code sv^2 = sigma_t^2 - g sigma_rt}
 * are clamped exactly as sewar does ({@code eps = 1e-10}), and
 * {@code VIF = sum log10(1 + g^2 sigma_r^2 / (sv^2 + sigma_nsq)) / sum log10(1 + sigma_r^2 / sigma_nsq)}
 * over all positions and scales.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Minimum size: every side must be at least {@value #MIN_SIZE}, the smallest size at which each scale's
 *       'valid' filter fits (33 at scale 1, then 17, 9, 5 after subsampling). sewar does not check; below this
 *       size scipy's {@code convolve2d} silently swaps image and window and the result is meaningless.</li>
 *   <li>3-D volumes {@code (D, H, W)}: the mean over z-slices of the 2-D VIF-P. This is what slice-wise
 *       evaluation does, and equals sewar's own {@code vifp} on {@code np.moveaxis(volume, 0, -1)} (sewar loops
 *       over the last axis as channels and averages). No better-established 3-D VIF-P exists.</li>
 *   <li>{@link #vifpPooled}: a volume's VIF-P pooled over its z-slices, the sum of all slices' numerators over the
 *       sum of their denominators. The mean of per-slice ratios lets a nearly empty slice (a flat slab of ice above
 *       a specimen), whose numerator and denominator are both close to 0, contribute a ratio far from the others
 *       with the same weight as a slice full of structure; pooled, each slice weighs by its reference information
 *       (the denominator), so such slices cannot dominate. For one slice both agree.</li>
 *   <li>VIF-P is not invariant to intensity scale: {@code sigma_nsq = 2} is an absolute variance, tuned for
 *       8-bit images (0..255). Rescale inputs accordingly before comparing numbers across studies.</li>
 *   <li>A reference with no local variance anywhere (constant) gives 0/0 = NaN, as in sewar.</li>
 *   <li>sewar's 2-D window is {@code exp(-(x^2+y^2) / (2 sigma^2))} normalised; it factors exactly into the
 *       normalised 1-D window used here (sewar's clipping of weights below machine-eps times the peak never
 *       triggers for these four windows: the smallest corner weight is about 3e-3 of the peak).</li>
 * </ul>
 */
public final class Vif {
    /** The smallest side (in pixels) of every 2-D image or slice that VIF-P accepts. */
    public static final int MIN_SIZE = 81;

    /** sewar's default variance of the visual noise. */
    public static final double DEFAULT_SIGMA_NSQ = 2.0;

    private static final double EPS = 1e-10;
    private static final int SCALES = 4;
    private static final double[][] WINDOWS = new double[SCALES][];

    static {
        for (int s = 1; s <= SCALES; s++) {
            int n = (1 << (SCALES - s + 1)) + 1;
            WINDOWS[s - 1] = sewarGaussian(n, n / 5.0);
        }
    }

    private Vif() {}

    /** VIF-P with {@code sigma_nsq = 2}; see the class description. */
    public static double vifp(Tensor reference, Tensor test) {
        return vifp(reference, test, DEFAULT_SIGMA_NSQ);
    }

    /**
     * VIF-P of a test image against its reference.
     *
     * @param reference the ground truth ({@code GT}; VIF-P is not symmetric)
     * @param test      the distorted image ({@code P})
     * @param sigmaNsq  the visual-noise variance, > 0 (sewar: 2)
     * @return the VIF-P value: 1 for identical images, lower for distortions (can exceed 1 for contrast gain);
     *         for a volume the mean over its z-slices
     * @throws IllegalArgumentException if the shapes differ, the rank is not 2 or 3, a side of a slice is below
     *                                  {@value #MIN_SIZE}, or {@code sigmaNsq} is not positive
     */
    public static double vifp(Tensor reference, Tensor test, double sigmaNsq) {
        return run(Grid.of(reference, "reference"), Grid.of(test, "test"), sigmaNsq);
    }

    /** VIF-P of two row-major float arrays of the given shape {@code (H, W)} or {@code (D, H, W)}. */
    public static double vifp(float[] reference, float[] test, int[] shape, double sigmaNsq) {
        return run(Grid.of(reference, shape, "reference"), Grid.of(test, shape, "test"), sigmaNsq);
    }

    /**
     * VIF-P of a volume pooled over its z-slices: the sum of sewar's per-slice numerators over the sum of its
     * denominators (see the class description); for a 2-D image the same as {@link #vifp(float[], float[], int[],
     * double)}.
     *
     * @throws IllegalArgumentException as {@link #vifp(Tensor, Tensor, double)}
     */
    public static double vifpPooled(float[] reference, float[] test, int[] shape, double sigmaNsq) {
        return pooled(terms(Grid.of(reference, shape, "reference"), Grid.of(test, shape, "test"), sigmaNsq));
    }

    /** {@link #vifpPooled(float[], float[], int[], double)} of two tensors. */
    public static double vifpPooled(Tensor reference, Tensor test, double sigmaNsq) {
        return pooled(terms(Grid.of(reference, "reference"), Grid.of(test, "test"), sigmaNsq));
    }

    private static double pooled(double[][] terms) {
        double num = 0, den = 0;
        for (double[] t : terms) {
            num += t[0];
            den += t[1];
        }
        return num / den;
    }

    private static double run(Grid a, Grid b, double sigmaNsq) {
        double[][] terms = terms(a, b, sigmaNsq);
        double sum = 0;
        for (double[] t : terms) sum += t[0] / t[1];
        return sum / terms.length;
    }

    /** sewar's {numerator, denominator} sums of every z-slice. */
    private static double[][] terms(Grid a, Grid b, double sigmaNsq) {
        Grid.requireSameShape("vifp", a, b);
        if (!(sigmaNsq > 0) || Double.isInfinite(sigmaNsq)) {
            throw new IllegalArgumentException("vifp: sigmaNsq must be finite and > 0, got " + sigmaNsq);
        }
        if (a.height() < MIN_SIZE || a.width() < MIN_SIZE) {
            throw new IllegalArgumentException("vifp: image shape " + a.shapeText() + " is too small: every "
                    + (a.rank() == 3 ? "slice" : "image") + " must be at least " + MIN_SIZE + " x " + MIN_SIZE
                    + " for the four scales (windows 33, 17, 9, 5 with subsampling by 2)");
        }
        int d = a.depth(), h = a.height(), w = a.width(), hw = h * w;
        double[][] perSlice = new double[d][];
        Threads.forRange(d, 1, (start, end) -> {
            for (int z = start; z < end; z++) {
                perSlice[z] = single(a.data(), b.data(), z * hw, h, w, sigmaNsq);
            }
        });
        return perSlice;
    }

    /** sewar's {@code _vifp_single} on the {@code h x w} slice starting at {@code offset}, as {numerator, denominator}. */
    private static double[] single(float[] ref, float[] dist, int offset, int h, int w, double sigmaNsq) {
        double[] gt = new double[h * w], p = new double[h * w];
        for (int i = 0; i < gt.length; i++) {
            gt[i] = ref[offset + i];
            p[i] = dist[offset + i];
        }
        double num = 0, den = 0;
        for (int s = 0; s < SCALES; s++) {
            double[] win = WINDOWS[s];
            if (s > 0) {
                gt = SeparableFilter.valid(gt, h, w, win, 2);
                p = SeparableFilter.valid(p, h, w, win, 2);
                h = (h - win.length + 1 + 1) / 2;
                w = (w - win.length + 1 + 1) / 2;
            }
            int n = gt.length;
            double[] gg = new double[n], pp = new double[n], gp = new double[n];
            for (int i = 0; i < n; i++) {
                gg[i] = gt[i] * gt[i];
                pp[i] = p[i] * p[i];
                gp[i] = gt[i] * p[i];
            }
            double[] mu1 = SeparableFilter.valid(gt, h, w, win, 1);
            double[] mu2 = SeparableFilter.valid(p, h, w, win, 1);
            double[] fgg = SeparableFilter.valid(gg, h, w, win, 1);
            double[] fpp = SeparableFilter.valid(pp, h, w, win, 1);
            double[] fgp = SeparableFilter.valid(gp, h, w, win, 1);
            for (int i = 0; i < mu1.length; i++) {
                double sGt = fgg[i] - mu1[i] * mu1[i];
                double sP = fpp[i] - mu2[i] * mu2[i];
                double sGp = fgp[i] - mu1[i] * mu2[i];
                // sewar's clamping, statement by statement
                if (sGt < 0) sGt = 0;
                if (sP < 0) sP = 0;
                double g = sGp / (sGt + EPS);
                double sv = sP - g * sGp;
                if (sGt < EPS) {
                    g = 0;
                    sv = sP;
                    sGt = 0;
                }
                if (sP < EPS) {
                    g = 0;
                    sv = 0;
                }
                if (g < 0) {
                    sv = sP;
                    g = 0;
                }
                if (sv <= EPS) sv = EPS;
                num += Math.log10(1.0 + g * g * sGt / (sv + sigmaNsq));
                den += Math.log10(1.0 + sGt / sigmaNsq);
            }
        }
        return new double[] {num, den};
    }

    /** The 1-D factor of sewar's {@code fspecial(GAUSSIAN, ws=n, sigma)}: offsets {@code -(n/2) .. n/2}, normalised. */
    private static double[] sewarGaussian(int n, double sigma) {
        double[] k = new double[n];
        int half = n / 2;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int x = i - half;
            k[i] = Math.exp(-(x * (double) x) / (2.0 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < n; i++) k[i] /= sum;
        return k;
    }
}
