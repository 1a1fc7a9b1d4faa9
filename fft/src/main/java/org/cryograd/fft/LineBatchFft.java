package org.cryograd.fft;

/**
 * The {@link LineBatch} for power-of-two lengths: a Stockham autosort transform (decimation in frequency, radix 4 with
 * one radix-2 stage for odd powers of two, ping-pong between two buffer pairs, output in natural order) over all
 * {@link #LANES} lines at once.
 *
 * <p>Why this layout: with the lanes innermost, each butterfly of a stage works on a contiguous run of
 * {@code stride * LANES} doubles with fixed twiddle factors, so a stage is a few plain loops over consecutive values
 * that the Vector API ({@link SimdFftStage}) or the JIT turns into SIMD code, with no bit reversal and no strided
 * access. Both kernels compute every value with the same operations in the same order (no fused multiply-add), so
 * their results are identical.
 */
final class LineBatchFft implements LineBatch {
    /** The stages of the transform, from buffers {@code a*} into {@code b*}, {@code run = s * LANES}. */
    interface Stage {
        /**
         * Radix 2, for {@code p < m} (sub-transforms of length {@code 2m}, stride {@code s}): the runs {@code u} at
         * {@code p run} and {@code v} at {@code (p + m) run} go to {@code u + v} at {@code 2p run} and
         * {@code (u − v) w^p} at {@code (2p + 1) run}, with {@code w^p = cos[p s] + i sign sin[p s]}.
         */
        void radix2(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign);

        /**
         * Radix 4, for {@code p < m} (sub-transforms of length {@code 4m}): the runs {@code a_k} at
         * {@code (p + k m) run} go to {@code w^{kp} Σ_j a_j (sign i)^{jk}} at {@code (4p + k) run}.
         */
        void radix4(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign);
    }

    /** The scalar twin of {@link SimdFftStage}. */
    static final Stage SCALAR = new Stage() {
        @Override
        public void radix2(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign) {
            int run = s * LANES;
            for (int p = 0; p < m; p++) {
                double wr = cos[p * s], wi = sign * sin[p * s];
                int a = p * run, b = (p + m) * run, o0 = 2 * p * run, o1 = o0 + run;
                for (int i = 0; i < run; i++) {
                    double ur = ar[a + i], ui = ai[a + i], vr = ar[b + i], vi = ai[b + i];
                    br[o0 + i] = ur + vr;
                    bi[o0 + i] = ui + vi;
                    double dr = ur - vr, di = ui - vi;
                    br[o1 + i] = dr * wr - di * wi;
                    bi[o1 + i] = dr * wi + di * wr;
                }
            }
        }

        @Override
        public void radix4(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign) {
            int run = s * LANES;
            for (int p = 0; p < m; p++) {
                double w1r = cos[p * s], w1i = sign * sin[p * s];
                double w2r = cos[2 * p * s], w2i = sign * sin[2 * p * s];
                double w3r = cos[3 * p * s], w3i = sign * sin[3 * p * s];
                int i0 = p * run, i1 = i0 + m * run, i2 = i1 + m * run, i3 = i2 + m * run;
                int o0 = 4 * p * run, o1 = o0 + run, o2 = o1 + run, o3 = o2 + run;
                for (int i = 0; i < run; i++) {
                    double a0r = ar[i0 + i], a0i = ai[i0 + i], a1r = ar[i1 + i], a1i = ai[i1 + i];
                    double a2r = ar[i2 + i], a2i = ai[i2 + i], a3r = ar[i3 + i], a3i = ai[i3 + i];
                    double t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
                    double t2r = a1r + a3r, t2i = a1i + a3i;
                    double t3r = -sign * (a1i - a3i), t3i = sign * (a1r - a3r); // (a1 - a3) * (sign i)
                    br[o0 + i] = t0r + t2r;
                    bi[o0 + i] = t0i + t2i;
                    double yr = t1r + t3r, yi = t1i + t3i;
                    br[o1 + i] = yr * w1r - yi * w1i;
                    bi[o1 + i] = yr * w1i + yi * w1r;
                    yr = t0r - t2r;
                    yi = t0i - t2i;
                    br[o2 + i] = yr * w2r - yi * w2i;
                    bi[o2 + i] = yr * w2i + yi * w2r;
                    yr = t1r - t3r;
                    yi = t1i - t3i;
                    br[o3 + i] = yr * w3r - yi * w3i;
                    bi[o3 + i] = yr * w3i + yi * w3r;
                }
            }
        }
    };

    private static final Stage STAGE = FftSimd.stage();

    private final int n;
    private final double[] cos, sin; // exp(-2πik/n) = cos - i sin, k < n
    private double[] xr, xi, yr, yi;

    /**
     * The longest line: a batch holds {@code 4 * LANES * n} doubles plus {@code 2n} of twiddles, per thread (2 MB at
     * this length); longer lines go to JTransforms, whose 1-D transform has its own threading for them.
     */
    static final int MAX_LENGTH = 1 << 14;

    /** Whether this kernel handles length {@code n} (a power of two from 2 to {@link #MAX_LENGTH}). */
    static boolean supports(int n) {
        return n >= 2 && n <= MAX_LENGTH && Integer.bitCount(n) == 1;
    }

    LineBatchFft(int n) {
        if (!supports(n)) throw new IllegalArgumentException("LineBatchFft: length " + n + " is not a power of two from 2 to " + MAX_LENGTH);
        this.n = n;
        cos = new double[n];
        sin = new double[n];
        for (int k = 0; k < n; k++) {
            double angle = 2 * Math.PI * k / n;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle);
        }
        xr = new double[n * LANES];
        xi = new double[n * LANES];
        yr = new double[n * LANES];
        yi = new double[n * LANES];
    }

    @Override
    public double[] re() {
        return xr;
    }

    @Override
    public double[] im() {
        return xi;
    }

    /** Transforms all lanes (a lane costs the same whether or not it holds a line). */
    @Override
    public void transform(boolean inverse, int lanes) {
        transform(inverse, STAGE);
    }

    /** {@link #transform(boolean, int)} with a given stage kernel (tests compare the two). */
    void transform(boolean inverse, Stage stage) {
        double sign = inverse ? 1 : -1;
        int len = n, s = 1; // the sub-transforms of the next stage: length len, stride s (len * s = n)
        for (; len >= 4; len >>= 2, s <<= 2) {
            stage.radix4(xr, xi, yr, yi, cos, sin, len >> 2, s, sign);
            swap();
        }
        if (len == 2) {
            stage.radix2(xr, xi, yr, yi, cos, sin, 1, s, sign);
            swap();
        }
    }

    private void swap() {
        double[] t = xr;
        xr = yr;
        yr = t;
        t = xi;
        xi = yi;
        yi = t;
    }
}
