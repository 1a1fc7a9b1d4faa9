package org.cryograd.em.eval;

import java.util.Arrays;

/**
 * Voxel histograms and distances between spectra and value distributions, used to say how close a simulated tomogram
 * is to a real one.
 */
public final class Distributions {
    private Distributions() {}

    /**
     * Normalised histogram (sums to 1) of the values in {@code bins} equal bins over {@code [lo, hi]}; values outside
     * are counted in the first or last bin, NaN is ignored.
     */
    public static double[] histogram(float[] values, double lo, double hi, int bins) {
        if (!(hi > lo) || bins < 1) throw new IllegalArgumentException("Distributions.histogram: need lo < hi and bins >= 1, got [" + lo + ", " + hi + "], " + bins);
        double[] h = new double[bins];
        double n = 0;
        for (float v : values) {
            if (Float.isNaN(v)) continue;
            int b = (int) Math.floor((v - lo) / (hi - lo) * bins);
            h[Math.max(0, Math.min(bins - 1, b))]++;
            n++;
        }
        if (n > 0) for (int i = 0; i < bins; i++) h[i] /= n;
        return h;
    }

    /**
     * Jensen–Shannon divergence in bits, {@code (KL(p||m) + KL(q||m)) / 2} with {@code m = (p + q)/2}, of two
     * histograms (each normalised to sum 1 first); in [0, 1]. Equals {@code scipy.spatial.distance.jensenshannon(p, q,
     * base=2) ** 2}.
     */
    public static double jensenShannon(double[] p, double[] q) {
        if (p.length != q.length) throw new IllegalArgumentException("Distributions.jensenShannon: " + p.length + " vs " + q.length + " bins");
        double sp = Arrays.stream(p).sum(), sq = Arrays.stream(q).sum(), js = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / sp, b = q[i] / sq, m = (a + b) / 2;
            if (a > 0) js += 0.5 * a * Math.log(a / m);
            if (b > 0) js += 0.5 * b * Math.log(b / m);
        }
        return Math.max(0, js / Math.log(2));
    }

    /**
     * Wasserstein-1 (earth mover's) distance between the empirical distributions of two samples,
     * {@code integral |F_a(x) - F_b(x)| dx} ({@code scipy.stats.wasserstein_distance(a, b)}); NaN values must not occur.
     */
    public static double wasserstein1(float[] a, float[] b) {
        if (a.length == 0 || b.length == 0) throw new IllegalArgumentException("Distributions.wasserstein1: empty sample");
        float[] x = a.clone(), y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        // walk the merged sorted values; between consecutive values both CDFs are constant
        int i = 0, j = 0;
        double prev = Math.min(x[0], y[0]), w = 0;
        while (i < x.length || j < y.length) {
            double next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
            w += Math.abs((double) i / x.length - (double) j / y.length) * (next - prev);
            prev = next;
            while (i < x.length && x[i] == next) i++;
            while (j < y.length && y[j] == next) j++;
        }
        return w;
    }

    /**
     * Root-mean-square difference of the base-10 logarithms of two spectra over shells {@code 1 .. n-1} (the DC shell
     * is left out: it is 0 for standardised volumes), NaN or non-positive entries skipped.
     */
    public static double logSpectrumDistance(double[] p, double[] q) {
        if (p.length != q.length) throw new IllegalArgumentException("Distributions.logSpectrumDistance: " + p.length + " vs " + q.length + " shells");
        double s = 0;
        int n = 0;
        for (int i = 1; i < p.length; i++) {
            if (!(p[i] > 0) || !(q[i] > 0)) continue;
            double d = Math.log10(p[i]) - Math.log10(q[i]);
            s += d * d;
            n++;
        }
        return n == 0 ? Double.NaN : Math.sqrt(s / n);
    }
}
