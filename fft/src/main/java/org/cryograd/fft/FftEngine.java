package org.cryograd.fft;

/**
 * The double-precision kernels behind {@link Fft}: 1-D transforms along each transformed axis of a C-order array,
 * {@link LineBatch#LANES} lines at a time ({@link LineBatch}: a SIMD Stockham kernel for sizes 2^a 3^b 5^c, JTransforms
 * for other sizes). Complex arrays are interleaved ({@code re, im}) {@code double[]}s.
 *
 * <p>Why lines rather than JTransforms' 2-D/3-D classes: any number of leading batch axes comes for free, the real
 * transform works on the half spectrum (half the memory and work on every axis but the last), and the work items
 * (batches of lines, or of pairs of real lines) are fixed by the shape alone, so results do not depend on the thread
 * count. Along the last axis two real lines of one transform share a complex FFT ({@code z = x_a + i x_b}), which
 * halves that axis's work.
 */
final class FftEngine {
    private static final int L = LineBatch.LANES;

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
        complexAxis(c, null, dims, axis, inverse, null, 1);
    }

    /**
     * Complex FFT along {@code axis} of the array {@code c}, read from {@code src} instead when that is not null and
     * written to {@code dest} (multiplied by {@code scale}) instead when that is not null, all in the same layout: the
     * first and last passes of a transform convert between float and double on the way, which saves the caller a pass
     * over the whole array each.
     */
    static void complexAxis(double[] c, float[] src, int[] dims, int axis, boolean inverse, float[] dest, double scale) {
        int n = dims[axis];
        if (n <= 1 && src == null && dest == null) return; // a length-1 DFT is the identity
        long inner = product(dims, axis + 1, dims.length), outer = product(dims, 0, axis);
        if (outer * inner == 0) return;
        // A batch holds lines side by side: L consecutive lines when they are contiguous (inner = 1), else L adjacent
        // columns of one outer index, so that a batch's element j is 2L consecutive doubles (whole cache lines when
        // inner is a multiple of L).
        long perOuter = inner == 1 ? 1 : (inner + L - 1) / L;
        int batches = (int) (inner == 1 ? (outer + L - 1) / L : outer * perOuter);
        int step = (int) (2 * inner), laneStep = inner == 1 ? 2 * n : 2;
        FftThreads.install();
        FftThreads.parallelFor(batches, lineCost(n) * L, (from, to) -> {
            LineBatch fft = LineBatch.of(n); // one per chunk: batches are not shared across threads
            for (int g = from; g < to; g++) {
                int first, count;
                if (inner == 1) {
                    first = 2 * g * L * n;
                    count = (int) Math.min(L, outer - (long) g * L);
                } else {
                    long o = g / perOuter, i0 = (g % perOuter) * L;
                    first = (int) (2 * (o * n * inner + i0));
                    count = (int) Math.min(L, inner - i0);
                }
                double[] re = fft.re(), im = fft.im();
                for (int j = 0; j < n; j++) {
                    int e = j * L;
                    if (src != null) {
                        for (int w = 0, q = first + j * step; w < count; w++, q += laneStep) {
                            re[e + w] = src[q];
                            im[e + w] = src[q + 1];
                        }
                    } else {
                        for (int w = 0, q = first + j * step; w < count; w++, q += laneStep) {
                            re[e + w] = c[q];
                            im[e + w] = c[q + 1];
                        }
                    }
                    for (int w = count; w < L; w++) re[e + w] = im[e + w] = 0;
                }
                fft.transform(inverse, count);
                re = fft.re();
                im = fft.im();
                for (int j = 0; j < n; j++) {
                    int e = j * L;
                    if (dest != null) {
                        for (int w = 0, q = first + j * step; w < count; w++, q += laneStep) {
                            dest[q] = (float) (re[e + w] * scale);
                            dest[q + 1] = (float) (im[e + w] * scale);
                        }
                        continue;
                    }
                    for (int w = 0, q = first + j * step; w < count; w++, q += laneStep) {
                        c[q] = re[e + w];
                        c[q + 1] = im[e + w];
                    }
                }
            }
        });
    }

    /**
     * Unscaled complex FFT over the last {@code k} axes of interleaved float data of shape {@code dims}, in float
     * multiplied by {@code scale}.
     */
    static float[] complexLast(float[] x, int[] dims, int k, boolean inverse, double scale) {
        int first = dims.length - k, last = dims.length - 1;
        float[] out = new float[x.length];
        if (k == 1) {
            complexAxis(null, x, dims, last, inverse, out, scale);
            return out;
        }
        double[] c = new double[checkedLength(x.length, "fftn", dims)];
        complexAxis(c, x, dims, first, inverse, null, 1);
        for (int a = first + 1; a < last; a++) complexAxis(c, dims, a, inverse);
        complexAxis(c, null, dims, last, inverse, out, scale);
        return out;
    }

    /**
     * The real lines of a C-order array of shape {@code dims} as work items for the last axis of a transform over the
     * last {@code k} axes: two lines of the same transform share one complex FFT (the two-for-one real transform), and
     * a transform with an odd number of lines leaves its last one alone. Lines of different transforms (batch entries,
     * or every line when {@code k = 1}) are never paired, so each transform's rounding stays relative to its own values.
     */
    private record LinePairs(int linesPerTransform, int itemsPerTransform, int items) {
        static LinePairs of(int[] dims, int k) {
            int r = dims.length;
            int per = (int) product(dims, r - k, r - 1);
            int itemsPer = (per + 1) / 2;
            return new LinePairs(per, itemsPer, (int) (product(dims, 0, r - k) * itemsPer));
        }

        /** The first line of work item {@code item}. */
        int first(int item) {
            return item / itemsPerTransform * linesPerTransform + 2 * (item % itemsPerTransform);
        }

        /** Whether work item {@code item} holds two lines. */
        boolean paired(int item) {
            return 2 * (item % itemsPerTransform) + 1 < linesPerTransform;
        }

        /** Batches of {@link LineBatch#LANES} items. */
        int batches() {
            return (items + L - 1) / L;
        }
    }

    /** The work on one batch of line pairs: {@code count} items, their first lines and whether each has a second. */
    private interface PairBatchBody {
        void run(LineBatch fft, int count, int[] first, boolean[] two);
    }

    /** Runs {@code body} on every batch of {@code pairs} (lines of length {@code n}) on the pool. */
    private static void forEachPairBatch(LinePairs pairs, int n, PairBatchBody body) {
        FftThreads.install();
        FftThreads.parallelFor(pairs.batches(), 2 * lineCost(n) * L, (from, to) -> {
            LineBatch fft = LineBatch.of(n); // one per chunk: batches are not shared across threads
            int[] first = new int[L];
            boolean[] two = new boolean[L];
            for (int g = from; g < to; g++) {
                int count = Math.min(L, pairs.items() - g * L);
                for (int w = 0; w < count; w++) {
                    first[w] = pairs.first(g * L + w);
                    two[w] = pairs.paired(g * L + w);
                }
                body.run(fft, count, first, two);
            }
        });
    }

    /**
     * Unscaled real-to-half-complex FFT over the last {@code k} axes of a real C-order array of shape
     * {@code dims}. The result has shape {@code dims} with the last size {@code n} replaced by {@code n/2+1}.
     */
    static double[] rfft(float[] x, int[] dims, int k) {
        return rfft(x, dims, k, false);
    }

    /** {@link #rfft} in float multiplied by {@code scale}, the last pass writing the floats. */
    static float[] rfftToFloat(float[] x, int[] dims, int k, double scale) {
        if (k == 1) return toFloat(rfft(x, dims, 1), scale);
        int r = dims.length;
        double[] half = rfft(x, dims, k, true);
        int[] hd = dims.clone();
        hd[r - 1] = dims[r - 1] / 2 + 1;
        float[] out = new float[half.length];
        complexAxis(half, null, hd, r - 2, false, out, scale);
        return out;
    }

    /** The real transform; with {@code skipLastPass} the pass along axis {@code r-2} is left to the caller. */
    private static double[] rfft(float[] x, int[] dims, int k, boolean skipLastPass) {
        int r = dims.length;
        int n = dims[r - 1], m = n / 2 + 1;
        LinePairs pairs = LinePairs.of(dims, k);
        double[] out = new double[checkedLength(2L * product(dims, 0, r - 1) * m, "rfftn", dims)];
        forEachPairBatch(pairs, n, (fft, count, first, two) -> {
            double[] re = fft.re(), im = fft.im();
            for (int j = 0; j < n; j++) { // lane w: z = x_a + i x_b
                int e = j * L;
                for (int w = 0; w < count; w++) {
                    re[e + w] = x[first[w] * n + j];
                    im[e + w] = two[w] ? x[(first[w] + 1) * n + j] : 0;
                }
                for (int w = count; w < L; w++) re[e + w] = im[e + w] = 0;
            }
            fft.transform(false, count);
            re = fft.re();
            im = fft.im();
            for (int w = 0; w < count; w++) {
                int oa = 2 * first[w] * m, ob = oa + 2 * m;
                for (int f = 0; f < m; f++) { // X_a = (Z[f] + conj Z[n-f]) / 2, X_b = (Z[f] - conj Z[n-f]) / 2i
                    double zr = re[f * L + w], zi = im[f * L + w];
                    if (!two[w]) {
                        out[oa + 2 * f] = zr;
                        out[oa + 2 * f + 1] = zi;
                        continue;
                    }
                    int h = (f == 0 ? 0 : n - f) * L + w;
                    double cr = re[h], ci = -im[h];
                    out[oa + 2 * f] = 0.5 * (zr + cr);
                    out[oa + 2 * f + 1] = 0.5 * (zi + ci);
                    out[ob + 2 * f] = 0.5 * (zi - ci);
                    out[ob + 2 * f + 1] = -0.5 * (zr - cr);
                }
            }
        });
        int[] hd = dims.clone();
        hd[r - 1] = m;
        for (int a = r - k; a < (skipLastPass ? r - 2 : r - 1); a++) complexAxis(out, hd, a, false);
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
        int[] hd = realDims.clone();
        hd[r - 1] = realDims[r - 1] / 2 + 1;
        for (int a = r - k; a < r - 1; a++) complexAxis(half, hd, a, true);
        return irfftLastAxis(half, realDims, k, scale);
    }

    /** {@link #irfft} of a float half spectrum (not modified), converted to double by its first pass. */
    static float[] irfft(float[] halfFloat, int[] realDims, int k, double scale) {
        int r = realDims.length;
        if (k == 1) return irfftLastAxis(toDouble(halfFloat), realDims, 1, scale);
        int[] hd = realDims.clone();
        hd[r - 1] = realDims[r - 1] / 2 + 1;
        double[] half = new double[checkedLength(halfFloat.length, "irfftn", realDims)];
        complexAxis(half, halfFloat, hd, r - k, true, null, 1);
        for (int a = r - k + 1; a < r - 1; a++) complexAxis(half, hd, a, true);
        return irfftLastAxis(half, realDims, k, scale);
    }

    /** The last pass of {@link #irfft}: Hermitian completion and two real lines per complex inverse. */
    private static float[] irfftLastAxis(double[] half, int[] realDims, int k, double scale) {
        int r = realDims.length;
        int n = realDims[r - 1], m = n / 2 + 1;
        LinePairs pairs = LinePairs.of(realDims, k);
        float[] out = new float[checkedLength(product(realDims, 0, r - 1) * n, "irfftn", realDims)];
        forEachPairBatch(pairs, n, (fft, count, first, two) -> {
            double[] re = fft.re(), im = fft.im();
            // lane w: Z = X_a + i X_b over the whole line, each X the Hermitian completion of its stored half; its
            // inverse is x_a + i x_b. The imaginary parts of zero frequency and Nyquist are dropped first, as they
            // would otherwise leak into the other line.
            for (int f = 0; f < n; f++) {
                int s = f < m ? f : n - f, e = f * L;
                double conj = f < m ? 1 : -1;
                boolean realOnly = s == 0 || 2 * s == n;
                for (int w = 0; w < count; w++) {
                    int ha = 2 * first[w] * m + 2 * s, hb = ha + 2 * m;
                    double ar = half[ha], ai = realOnly ? 0 : conj * half[ha + 1];
                    double br = two[w] ? half[hb] : 0, bi = two[w] && !realOnly ? conj * half[hb + 1] : 0;
                    re[e + w] = ar - bi;
                    im[e + w] = ai + br;
                }
                for (int w = count; w < L; w++) re[e + w] = im[e + w] = 0;
            }
            fft.transform(true, count);
            re = fft.re();
            im = fft.im();
            for (int w = 0; w < count; w++) {
                int da = first[w] * n;
                for (int j = 0; j < n; j++) out[da + j] = (float) (re[j * L + w] * scale);
                if (two[w]) for (int j = 0; j < n; j++) out[da + n + j] = (float) (im[j * L + w] * scale);
            }
        });
        return out;
    }

    private static final int CONVERT_BLOCK = 1 << 14;

    /** Interleaved float data to a double buffer. */
    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        FftThreads.parallelFor((a.length + CONVERT_BLOCK - 1) / CONVERT_BLOCK, CONVERT_BLOCK, (from, to) -> {
            for (int i = from * CONVERT_BLOCK, end = (int) Math.min((long) to * CONVERT_BLOCK, a.length); i < end; i++) d[i] = a[i];
        });
        return d;
    }

    /** Double buffer to float, multiplied by {@code scale}. */
    static float[] toFloat(double[] d, double scale) {
        float[] f = new float[d.length];
        FftThreads.parallelFor((d.length + CONVERT_BLOCK - 1) / CONVERT_BLOCK, CONVERT_BLOCK, (from, to) -> {
            for (int i = from * CONVERT_BLOCK, end = (int) Math.min((long) to * CONVERT_BLOCK, d.length); i < end; i++) f[i] = (float) (d[i] * scale);
        });
        return f;
    }
}
