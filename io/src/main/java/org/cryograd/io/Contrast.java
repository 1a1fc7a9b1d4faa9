package org.cryograd.io;

import java.util.Arrays;

/**
 * How float values map to 8-bit grey: values at or below the low limit become 0, at or above the high limit 255,
 * linear in between ({@code round((v - lo) / (hi - lo) * 255)}, halves rounded up). The limits are either fixed
 * or percentiles of the pixels being displayed (NaN ignored), computed like numpy's default
 * {@code np.percentile(..., method="linear")}. If {@code hi <= lo} every pixel is 0; NaN pixels are 0.
 */
public final class Contrast {
    /** Percentiles 0.5 and 99.5: robust to a few hot or dead pixels. */
    public static final Contrast DEFAULT = percentiles(0.5, 99.5);
    /** The full range: minimum to maximum. */
    public static final Contrast MIN_MAX = percentiles(0, 100);

    private final double low, high;
    private final boolean fixed;

    private Contrast(double low, double high, boolean fixed) {
        this.low = low;
        this.high = high;
        this.fixed = fixed;
    }

    /**
     * Limits at the given percentiles of the displayed pixels.
     *
     * @param lowPercent lower percentile in [0, 100]
     * @param highPercent upper percentile in [lowPercent, 100]
     * @return the contrast setting
     */
    public static Contrast percentiles(double lowPercent, double highPercent) {
        if (!(lowPercent >= 0 && lowPercent <= highPercent && highPercent <= 100))
            throw new IllegalArgumentException("Contrast.percentiles: need 0 <= low <= high <= 100, got " + lowPercent + ", " + highPercent);
        return new Contrast(lowPercent, highPercent, false);
    }

    /**
     * Fixed limits.
     *
     * @param min value shown as black
     * @param max value shown as white
     * @return the contrast setting
     */
    public static Contrast range(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max))
            throw new IllegalArgumentException("Contrast.range: limits must be finite, got " + min + ", " + max);
        return new Contrast(min, max, true);
    }

    /**
     * The black and white levels for these values.
     *
     * @param values the pixels that will be displayed
     * @return {@code {lo, hi}}
     */
    public double[] limits(float[] values) {
        if (fixed) return new double[] {low, high};
        float[] v = new float[values.length];
        int n = 0;
        for (float x : values) if (!Float.isNaN(x)) v[n++] = x;
        if (n == 0) return new double[] {0, 0};
        Arrays.sort(v, 0, n);
        return new double[] {percentile(v, n, low), percentile(v, n, high)};
    }

    /** numpy's linear percentile on sorted values, including its two-sided interpolation formula. */
    static double percentile(float[] sorted, int n, double percent) {
        double vi = (n - 1) * (percent / 100.0);
        if (vi >= n - 1) return sorted[n - 1];
        if (vi <= 0) return sorted[0];
        int prev = (int) Math.floor(vi);
        double gamma = vi - prev;
        double a = sorted[prev], b = sorted[prev + 1];
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /**
     * Maps one value to a grey level with limits {@code lo, hi}.
     *
     * @param v the value
     * @param lo black level
     * @param hi white level
     * @return 0..255
     */
    static int grey(float v, double lo, double hi) {
        if (!(hi > lo) || Float.isNaN(v)) return 0;
        double t = (v - lo) / (hi - lo);
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        return (int) Math.floor(t * 255 + 0.5);
    }

    @Override
    public String toString() {
        return fixed ? "Contrast[range " + low + ".." + high + "]" : "Contrast[percentiles " + low + ".." + high + "]";
    }
}
