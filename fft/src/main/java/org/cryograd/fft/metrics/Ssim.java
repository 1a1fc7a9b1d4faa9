package org.cryograd.fft.metrics;

import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.Threads;

/**
 * Structural similarity (SSIM) of 2-D images and 3-D volumes, computed exactly as scikit-image's
 * {@code structural_similarity} (0.19) for a single-channel input with an explicit {@code data_range}:
 *
 * <pre>
 *   ux, uy    = filter(x), filter(y)                      (weighted local means)
 *   vx, vy, vxy = c * (filter(x*x) - ux^2), c * (filter(y*y) - uy^2), c * (filter(x*y) - ux*uy)
 *   S         = (2 ux uy + C1)(2 vxy + C2) / ((ux^2 + uy^2 + C1)(vx + vy + C2))
 *   SSIM      = mean of S after cropping (winSize - 1) / 2 voxels from every side of every axis
 * </pre>
 *
 * with {@code C1 = (K1 R)^2}, {@code C2 = (K2 R)^2}, {@code c = N / (N - 1)} (sample covariance,
 * {@code N = winSize^ndim}) or 1, and {@code filter} either scipy.ndimage's {@code gaussian_filter}
 * (truncate 3.5) or {@code uniform_filter}, both in mode 'reflect' (half-sample symmetric). See
 * {@link SsimOptions} for the two presets.
 *
 * <p>The filters run separably (z, then y, then x, as scipy does) in double precision, one output z-slice at a
 * time: each slice combines {@code winSize} input slices along z, then filters along y and x in a per-thread
 * workspace of a few slices. Memory stays at a few planes per thread however large the volume, and slices run in
 * parallel on the CPU backend's pool with a fixed split, so results do not depend on the thread count.
 * Inputs are read to the host ({@link Tensor#toArray()}); nothing here is differentiable.
 *
 * <p>Difference from skimage: skimage treats a 3-D array whose last axis has length 3 as an RGB image in its
 * Gaussian filter; here a rank-3 input is always a volume {@code (D, H, W)}.
 */
public final class Ssim {
    private Ssim() {}

    /** Wang et al. SSIM ({@link SsimOptions#gaussian()}) of a 2-D or 3-D pair. */
    public static double gaussian(Tensor reference, Tensor test, double dataRange) {
        return ssim(reference, test, dataRange, SsimOptions.gaussian());
    }

    /** skimage-default SSIM ({@link SsimOptions#uniform()}: 7-voxel uniform window, sample covariance). */
    public static double uniform(Tensor reference, Tensor test, double dataRange) {
        return ssim(reference, test, dataRange, SsimOptions.uniform());
    }

    /**
     * Mean SSIM of two tensors of equal shape {@code (H, W)} or {@code (D, H, W)}.
     *
     * @param reference the ground truth ({@code im1}; SSIM is symmetric, so the order does not change the value)
     * @param test      the image under test
     * @param dataRange the data range {@code R} of the images (max possible minus min possible value), > 0;
     *                  see {@link ImageMetrics#dataRange(Tensor)} for the reference's own range
     * @param options   window and constants
     * @return the mean of the SSIM map over the cropped interior, in {@code [-1, 1]}
     * @throws IllegalArgumentException if the shapes differ, a side is smaller than the window, the rank is not 2
     *                                  or 3, or {@code dataRange} is not positive
     */
    public static double ssim(Tensor reference, Tensor test, double dataRange, SsimOptions options) {
        return run(Grid.of(reference, "reference"), Grid.of(test, "test"), dataRange, options, null);
    }

    /** Mean SSIM of two row-major float arrays of the given shape {@code (H, W)} or {@code (D, H, W)}. */
    public static double ssim(float[] reference, float[] test, int[] shape, double dataRange, SsimOptions options) {
        return run(Grid.of(reference, shape, "reference"), Grid.of(test, shape, "test"), dataRange, options, null);
    }

    /**
     * The full, uncropped SSIM map (skimage's {@code full=True} {@code S}), same shape as the inputs, on the CPU.
     * Its border voxels depend on the reflect boundary handling; the mean SSIM ignores them.
     */
    public static Tensor map(Tensor reference, Tensor test, double dataRange, SsimOptions options) {
        Grid a = Grid.of(reference, "reference");
        float[] out = new float[a.data().length];
        run(a, Grid.of(test, "test"), dataRange, options, out);
        return Tensor.of(out, a.shape());
    }

    private static double run(Grid a, Grid b, double dataRange, SsimOptions options, float[] mapOut) {
        Grid.requireSameShape("ssim", a, b);
        Grid.requireDataRange("ssim", dataRange);
        if (options == null) throw new IllegalArgumentException("ssim: options is null");
        int win = options.winSize();
        int[] shape = a.shape();
        for (int s : shape) {
            if (s < win) {
                throw new IllegalArgumentException("ssim: image shape " + a.shapeText() + " is smaller than the "
                        + win + "-voxel " + options.window().name().toLowerCase(java.util.Locale.ROOT)
                        + " window along some axis; every side must be >= " + win);
            }
        }
        double[] k = options.kernel();
        int r = k.length / 2;
        boolean volume = a.rank() == 3;
        int d = a.depth(), h = a.height(), w = a.width(), hw = h * w;
        int pad = (win - 1) / 2;
        double np = Math.pow(win, a.rank());
        double covNorm = options.sampleCovariance() ? np / (np - 1) : 1.0;
        double c1 = Math.pow(options.k1() * dataRange, 2), c2 = Math.pow(options.k2() * dataRange, 2);

        // slices whose S values are needed: all of them for the map, else only the cropped interior
        int z0 = volume && mapOut == null ? pad : 0;
        int z1 = volume ? (mapOut == null ? d - pad : d) : 1;
        int nz = z1 - z0;
        double[] sliceSums = new double[nz];
        int[] tz = volume ? SeparableFilter.reflectTable(d, r) : null;
        int[] ty = SeparableFilter.reflectTable(h, r), tx = SeparableFilter.reflectTable(w, r);
        float[] x = a.data(), y = b.data();

        Threads.forRange(nz, Threads.grain(nz, 1, 64), (start, end) -> {
            double[][] q = new double[5][hw];
            double[] tmp = new double[hw], row = new double[w + k.length - 1];
            for (int iz = start; iz < end; iz++) {
                int z = z0 + iz;
                accumulateAlongZ(x, y, z, hw, volume ? k : null, tz, q);
                for (double[] plane : q) {
                    SeparableFilter.reflectAlongY(plane, tmp, h, w, k, ty);
                    SeparableFilter.reflectAlongX(tmp, plane, h, w, k, tx, row);
                }
                boolean zInside = !volume || (z >= pad && z < d - pad);
                double sum = 0;
                for (int yy = 0; yy < h; yy++) {
                    boolean rowInside = zInside && yy >= pad && yy < h - pad;
                    for (int xx = 0; xx < w; xx++) {
                        int p = yy * w + xx;
                        double ux = q[0][p], uy = q[1][p];
                        double vx = covNorm * (q[2][p] - ux * ux);
                        double vy = covNorm * (q[3][p] - uy * uy);
                        double vxy = covNorm * (q[4][p] - ux * uy);
                        double s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
                        if (mapOut != null) mapOut[z * hw + p] = (float) s;
                        if (rowInside && xx >= pad && xx < w - pad) sum += s;
                    }
                }
                sliceSums[iz] = sum;
            }
        });
        double total = 0;
        for (double s : sliceSums) total += s; // fixed order: same result for any thread count
        long count = (long) (h - 2 * pad) * (w - 2 * pad) * (volume ? d - 2 * pad : 1);
        return total / count;
    }

    /**
     * Fills the five planes {x, y, x*x, y*y, x*y} of output slice {@code z}: filtered along z with reflect
     * boundaries when {@code kz} is given (volumes), else just the slice itself (2-D images).
     */
    private static void accumulateAlongZ(float[] x, float[] y, int z, int hw, double[] kz, int[] tz, double[][] q) {
        double[] q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4];
        if (kz == null) {
            int o = z * hw;
            for (int p = 0; p < hw; p++) {
                double a = x[o + p], b = y[o + p];
                q0[p] = a;
                q1[p] = b;
                q2[p] = a * a;
                q3[p] = b * b;
                q4[p] = a * b;
            }
            return;
        }
        for (double[] plane : q) java.util.Arrays.fill(plane, 0.0);
        for (int j = 0; j < kz.length; j++) {
            double kj = kz[j];
            int o = tz[z + j] * hw;
            for (int p = 0; p < hw; p++) {
                double a = x[o + p], b = y[o + p];
                q0[p] += kj * a;
                q1[p] += kj * b;
                q2[p] += kj * (a * a);
                q3[p] += kj * (b * b);
                q4[p] += kj * (a * b);
            }
        }
    }
}
