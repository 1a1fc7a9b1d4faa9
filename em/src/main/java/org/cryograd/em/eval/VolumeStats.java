package org.cryograd.em.eval;

/** Standardisation and least-squares intensity matching of volumes (double accumulation). */
public final class VolumeStats {
    private VolumeStats() {}

    /** Mean of the values. */
    public static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }

    /** Population standard deviation. */
    public static double std(float[] v) {
        double m = mean(v), s = 0;
        for (float x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    /**
     * {@code (v - mean) / std} (population std); a constant volume becomes all zeros.
     */
    public static float[] standardize(float[] v) {
        double m = mean(v), sd = std(v);
        float[] out = new float[v.length];
        if (!(sd > 0)) return out;
        for (int i = 0; i < v.length; i++) out[i] = (float) ((v[i] - m) / sd);
        return out;
    }

    /**
     * The affine map {@code a * test + b} closest to {@code reference} in least squares, as {@code {a, b}}:
     * {@code a = cov(test, ref) / var(test)}, {@code b = mean(ref) - a mean(test)}; a constant {@code test} gives
     * {@code a = 0}. The sign of {@code a} also tells the contrast polarity.
     */
    public static double[] leastSquaresFit(float[] test, float[] reference) {
        if (test.length != reference.length)
            throw new IllegalArgumentException("VolumeStats.leastSquaresFit: " + test.length + " vs " + reference.length + " voxels");
        double mt = mean(test), mr = mean(reference), cov = 0, var = 0;
        for (int i = 0; i < test.length; i++) {
            double dt = test[i] - mt;
            cov += dt * (reference[i] - mr);
            var += dt * dt;
        }
        double a = var > 0 ? cov / var : 0;
        return new double[] {a, mr - a * mt};
    }

    /** {@code a * test + b} with the {@link #leastSquaresFit} coefficients. */
    public static float[] fitTo(float[] test, float[] reference) {
        double[] ab = leastSquaresFit(test, reference);
        float[] out = new float[test.length];
        for (int i = 0; i < test.length; i++) out[i] = (float) (ab[0] * test[i] + ab[1]);
        return out;
    }
}
