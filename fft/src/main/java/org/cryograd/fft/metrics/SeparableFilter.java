package org.cryograd.fft.metrics;

/**
 * One-dimensional correlation kernels applied axis by axis, in double precision, with the two boundary
 * treatments the metrics need:
 *
 * <ul>
 *   <li><b>reflect</b> — scipy.ndimage's {@code mode='reflect'} (half-sample symmetric: {@code d c b a | a b c d |
 *       d c b a}), repeating with period {@code 2n} when the kernel is wider than the axis; used by SSIM;</li>
 *   <li><b>valid</b> — only positions where the kernel fits ({@code n - k + 1} outputs), as
 *       {@code scipy.signal.convolve2d(mode='valid')}; used by VIF-P.</li>
 * </ul>
 *
 * All kernels here are symmetric, so correlation and convolution coincide.
 */
final class SeparableFilter {
    /** skimage's SSIM sets {@code truncate = 3.5} so that sigma 1.5 gives an 11-tap window (Wang et al.). */
    static final double SSIM_TRUNCATE = 3.5;

    private SeparableFilter() {}

    /**
     * scipy.ndimage's Gaussian kernel: radius {@code (int)(truncate * sigma + 0.5)}, weights
     * {@code exp(-x^2 / (2 sigma^2))} normalised to sum 1.
     */
    static double[] gaussianKernel(double sigma, double truncate) {
        int radius = (int) (truncate * sigma + 0.5);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-0.5 / (sigma * sigma) * i * i);
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }

    /** scipy.ndimage.uniform_filter's window: {@code size} equal weights (odd sizes only, so it is centred). */
    static double[] boxKernel(int size) {
        double[] k = new double[size];
        java.util.Arrays.fill(k, 1.0 / size);
        return k;
    }

    /** scipy's 'reflect' index for position {@code p} on an axis of length {@code n}: period {@code 2n}. */
    static int reflect(int p, int n) {
        int period = 2 * n;
        int m = p % period;
        if (m < 0) m += period;
        return m < n ? m : period - 1 - m;
    }

    /** {@code table[p + r] = reflect(p, n)} for {@code p} in {@code [-r, n + r)}. */
    static int[] reflectTable(int n, int r) {
        int[] t = new int[n + 2 * r];
        for (int p = -r; p < n + r; p++) t[p + r] = reflect(p, n);
        return t;
    }

    /**
     * Filters the {@code h x w} plane {@code in} along its rows axis (y) into {@code out}, reflect mode.
     *
     * @param table {@code reflectTable(h, kernel.length / 2)}
     */
    static void reflectAlongY(double[] in, double[] out, int h, int w, double[] kernel, int[] table) {
        for (int y = 0; y < h; y++) {
            int o = y * w;
            java.util.Arrays.fill(out, o, o + w, 0.0);
            for (int j = 0; j < kernel.length; j++) {
                double kj = kernel[j];
                int src = table[y + j] * w; // table is offset by r: index (y + j - r) + r
                for (int x = 0; x < w; x++) out[o + x] += kj * in[src + x];
            }
        }
    }

    /**
     * Filters the {@code h x w} plane {@code in} along its columns axis (x) into {@code out}, reflect mode.
     *
     * @param table {@code reflectTable(w, kernel.length / 2)}
     * @param row   workspace of at least {@code w + kernel.length - 1} doubles
     */
    static void reflectAlongX(double[] in, double[] out, int h, int w, double[] kernel, int[] table, double[] row) {
        int taps = kernel.length;
        int padded = w + taps - 1;
        for (int y = 0; y < h; y++) {
            int o = y * w;
            for (int p = 0; p < padded; p++) row[p] = in[o + table[p]];
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int j = 0; j < taps; j++) s += kernel[j] * row[x + j];
                out[o + x] = s;
            }
        }
    }

    /**
     * Reflect-mode filtering of a whole {@code (d, h, w)} grid along y and x, and along z too when
     * {@code alongZ} (scipy filters axis 0, then 1, then 2; so does this). Returns a new array.
     * SSIM uses the same plane routines slice by slice; this whole-grid form is what the filter tests check.
     */
    static double[] reflectFilter(double[] in, int d, int h, int w, double[] kernel, boolean alongZ) {
        int hw = h * w;
        int r = kernel.length / 2;
        double[] out = new double[in.length];
        int[] tz = reflectTable(d, r), ty = reflectTable(h, r), tx = reflectTable(w, r);
        double[] plane = new double[hw], tmp = new double[hw], row = new double[w + kernel.length - 1];
        for (int z = 0; z < d; z++) {
            java.util.Arrays.fill(plane, 0.0);
            if (alongZ) {
                for (int j = 0; j < kernel.length; j++) {
                    int src = tz[z + j] * hw;
                    for (int p = 0; p < hw; p++) plane[p] += kernel[j] * in[src + p];
                }
            } else {
                System.arraycopy(in, z * hw, plane, 0, hw);
            }
            reflectAlongY(plane, tmp, h, w, kernel, ty);
            reflectAlongX(tmp, plane, h, w, kernel, tx, row);
            System.arraycopy(plane, 0, out, z * hw, hw);
        }
        return out;
    }

    /**
     * 'valid' 2-D filtering of the {@code h x w} plane with the separable kernel {@code k (x) k}, keeping every
     * {@code step}-th output along both axes (step 2 = sewar's {@code filter2(..., 'valid')[::2, ::2]}).
     *
     * @return the {@code ceil((h-k+1)/step) x ceil((w-k+1)/step)} result, row-major
     */
    static double[] valid(double[] in, int h, int w, double[] k, int step) {
        int taps = k.length;
        int vh = h - taps + 1, vw = w - taps + 1;
        int oh = (vh + step - 1) / step, ow = (vw + step - 1) / step;
        // along y first: only the kept rows
        double[] tmp = new double[oh * w];
        for (int i = 0; i < oh; i++) {
            int y0 = i * step;
            int o = i * w;
            for (int j = 0; j < taps; j++) {
                double kj = k[j];
                int src = (y0 + j) * w;
                for (int x = 0; x < w; x++) tmp[o + x] += kj * in[src + x];
            }
        }
        double[] out = new double[oh * ow];
        for (int i = 0; i < oh; i++) {
            int row = i * w;
            for (int c = 0; c < ow; c++) {
                int x0 = row + c * step;
                double s = 0;
                for (int j = 0; j < taps; j++) s += k[j] * tmp[x0 + j];
                out[i * ow + c] = s;
            }
        }
        return out;
    }
}
