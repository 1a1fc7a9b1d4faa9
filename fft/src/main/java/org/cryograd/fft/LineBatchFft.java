package org.cryograd.fft;

/**
 * The {@link LineBatch} for lengths {@code 2^a 3^b 5^c} (the sizes cryo-EM boxes are chosen from): a Stockham autosort
 * transform (decimation in frequency, stages of radix 4, 2, 3 and 5, ping-pong between two buffer pairs, output in
 * natural order) over all {@link #LANES} lines at once.
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

        /** Radix 3: as {@link #radix4} with {@code (sign i)^{jk}} replaced by {@code exp(sign 2πi jk / 3)}. */
        void radix3(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign);

        /** Radix 5: as {@link #radix4} with {@code (sign i)^{jk}} replaced by {@code exp(sign 2πi jk / 5)}. */
        void radix5(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign);
    }

    /** sin(2π/3), cos(2π/5), cos(4π/5), sin(2π/5), sin(4π/5): the small DFTs' constants, shared by both kernels. */
    static final double SIN3 = Math.sqrt(3) / 2, COS5A = Math.cos(2 * Math.PI / 5), COS5B = Math.cos(4 * Math.PI / 5),
            SIN5A = Math.sin(2 * Math.PI / 5), SIN5B = Math.sin(4 * Math.PI / 5);

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

        @Override
        public void radix3(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign) {
            int run = s * LANES;
            double c = sign * SIN3;
            for (int p = 0; p < m; p++) {
                double w1r = cos[p * s], w1i = sign * sin[p * s];
                double w2r = cos[2 * p * s], w2i = sign * sin[2 * p * s];
                int i0 = p * run, i1 = i0 + m * run, i2 = i1 + m * run;
                int o0 = 3 * p * run, o1 = o0 + run, o2 = o1 + run;
                for (int i = 0; i < run; i++) {
                    double a0r = ar[i0 + i], a0i = ai[i0 + i], a1r = ar[i1 + i], a1i = ai[i1 + i], a2r = ar[i2 + i], a2i = ai[i2 + i];
                    double t1r = a1r + a2r, t1i = a1i + a2i;
                    double t2r = a0r - 0.5 * t1r, t2i = a0i - 0.5 * t1i;
                    double dr = c * (a1r - a2r), di = c * (a1i - a2i);
                    br[o0 + i] = a0r + t1r;
                    bi[o0 + i] = a0i + t1i;
                    double yr = t2r - di, yi = t2i + dr; // t2 + i c (a1 - a2)
                    br[o1 + i] = yr * w1r - yi * w1i;
                    bi[o1 + i] = yr * w1i + yi * w1r;
                    yr = t2r + di;
                    yi = t2i - dr;
                    br[o2 + i] = yr * w2r - yi * w2i;
                    bi[o2 + i] = yr * w2i + yi * w2r;
                }
            }
        }

        @Override
        public void radix5(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign) {
            int run = s * LANES;
            double s1 = sign * SIN5A, s2 = sign * SIN5B;
            for (int p = 0; p < m; p++) {
                double w1r = cos[p * s], w1i = sign * sin[p * s], w2r = cos[2 * p * s], w2i = sign * sin[2 * p * s];
                double w3r = cos[3 * p * s], w3i = sign * sin[3 * p * s], w4r = cos[4 * p * s], w4i = sign * sin[4 * p * s];
                int i0 = p * run, i1 = i0 + m * run, i2 = i1 + m * run, i3 = i2 + m * run, i4 = i3 + m * run;
                int o0 = 5 * p * run, o1 = o0 + run, o2 = o1 + run, o3 = o2 + run, o4 = o3 + run;
                for (int i = 0; i < run; i++) {
                    double a0r = ar[i0 + i], a0i = ai[i0 + i];
                    double b1r = ar[i1 + i] + ar[i4 + i], b1i = ai[i1 + i] + ai[i4 + i];
                    double d1r = ar[i1 + i] - ar[i4 + i], d1i = ai[i1 + i] - ai[i4 + i];
                    double b2r = ar[i2 + i] + ar[i3 + i], b2i = ai[i2 + i] + ai[i3 + i];
                    double d2r = ar[i2 + i] - ar[i3 + i], d2i = ai[i2 + i] - ai[i3 + i];
                    br[o0 + i] = a0r + b1r + b2r;
                    bi[o0 + i] = a0i + b1i + b2i;
                    double e1r = a0r + COS5A * b1r + COS5B * b2r, e1i = a0i + COS5A * b1i + COS5B * b2i;
                    double e2r = a0r + COS5B * b1r + COS5A * b2r, e2i = a0i + COS5B * b1i + COS5A * b2i;
                    double f1r = s1 * d1r + s2 * d2r, f1i = s1 * d1i + s2 * d2i;
                    double f2r = s2 * d1r - s1 * d2r, f2i = s2 * d1i - s1 * d2i;
                    double yr = e1r - f1i, yi = e1i + f1r; // y1 = e1 + i f1
                    br[o1 + i] = yr * w1r - yi * w1i;
                    bi[o1 + i] = yr * w1i + yi * w1r;
                    yr = e2r - f2i; // y2 = e2 + i f2
                    yi = e2i + f2r;
                    br[o2 + i] = yr * w2r - yi * w2i;
                    bi[o2 + i] = yr * w2i + yi * w2r;
                    yr = e2r + f2i; // y3 = e2 - i f2
                    yi = e2i - f2r;
                    br[o3 + i] = yr * w3r - yi * w3i;
                    bi[o3 + i] = yr * w3i + yi * w3r;
                    yr = e1r + f1i; // y4 = e1 - i f1
                    yi = e1i - f1r;
                    br[o4 + i] = yr * w4r - yi * w4i;
                    bi[o4 + i] = yr * w4i + yi * w4r;
                }
            }
        }
    };

    private static final Stage STAGE = FftSimd.stage();

    private final int n;
    private final int[] radices; // the stages, first to last
    private final double[] cos, sin; // exp(-2πik/n) = cos - i sin, k < n
    private double[] xr, xi, yr, yi;

    /**
     * The longest line: a batch holds {@code 4 * LANES * n} doubles plus {@code 2n} of twiddles, per thread (2 MB at
     * this length); longer lines go to JTransforms, whose 1-D transform has its own threading for them.
     */
    static final int MAX_LENGTH = 1 << 14;

    /** Whether this kernel handles length {@code n} ({@code 2^a 3^b 5^c} from 2 to {@link #MAX_LENGTH}). */
    static boolean supports(int n) {
        return n >= 2 && n <= MAX_LENGTH && radices(n) != null;
    }

    /** The stages for {@code n}: radix 4 while it divides, then 2, 3, 5; null if another prime divides {@code n}. */
    static int[] radices(int n) {
        int[] r = new int[32];
        int k = 0;
        for (; n % 4 == 0; n /= 4) r[k++] = 4;
        for (; n % 2 == 0; n /= 2) r[k++] = 2;
        for (; n % 3 == 0; n /= 3) r[k++] = 3;
        for (; n % 5 == 0; n /= 5) r[k++] = 5;
        return n == 1 ? java.util.Arrays.copyOf(r, k) : null;
    }

    LineBatchFft(int n) {
        if (!supports(n)) throw new IllegalArgumentException("LineBatchFft: length " + n + " is not 2^a 3^b 5^c from 2 to " + MAX_LENGTH);
        this.n = n;
        radices = radices(n);
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
        for (int r : radices) {
            int m = len / r;
            switch (r) {
                case 4 -> stage.radix4(xr, xi, yr, yi, cos, sin, m, s, sign);
                case 2 -> stage.radix2(xr, xi, yr, yi, cos, sin, m, s, sign);
                case 3 -> stage.radix3(xr, xi, yr, yi, cos, sin, m, s, sign);
                default -> stage.radix5(xr, xi, yr, yi, cos, sin, m, s, sign);
            }
            swap();
            len = m;
            s *= r;
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
