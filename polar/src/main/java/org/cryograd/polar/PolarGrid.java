package org.cryograd.polar;

/**
 * The polar sampling grid of an {@code n x n} image: {@code nr} radii {@code r_i = i * (n/2) / nr} pixels
 * ({@code i = 0 .. nr-1}) and {@code nTheta} angles {@code θ_t = 2π t / nTheta}, about the centre pixel
 * {@code (n/2, n/2)} (FFT convention, pixel centres at integer coordinates). Angle {@code θ} points along
 * {@code +x} (columns) at {@code θ = 0} and towards {@code +y} (rows) as it grows.
 *
 * @param n      image side in pixels
 * @param nr     number of radii
 * @param nTheta number of angles
 */
public record PolarGrid(int n, int nr, int nTheta) {
    /** Validates the sizes. */
    public PolarGrid {
        if (n < 4) throw new IllegalArgumentException("PolarGrid: image side n = " + n + " must be >= 4");
        if (nr < 2) throw new IllegalArgumentException("PolarGrid: nr = " + nr + " must be >= 2");
        if (nTheta < 4) throw new IllegalArgumentException("PolarGrid: nTheta = " + nTheta + " must be >= 4");
    }

    /** The default grid: {@code nr = n/2} and the smallest multiple of 8 that is at least {@code 2π nr}. */
    public static PolarGrid of(int n) {
        int nr = n / 2;
        return new PolarGrid(n, nr, defaultAngles(nr));
    }

    /** The smallest multiple of 8 that is at least {@code 2π nr} (outer ring sampled at pixel spacing or finer). */
    public static int defaultAngles(int nr) {
        int k = (int) Math.ceil(2 * Math.PI * nr / 8.0);
        return 8 * Math.max(1, k);
    }

    /** Radius of ring {@code i} in pixels. */
    public double radius(int i) {
        return i * (n / 2.0) / nr;
    }

    /** Radial spacing in pixels. */
    public double radialStep() {
        return (n / 2.0) / nr;
    }

    /** Angle {@code t} in radians. */
    public double angle(int t) {
        return 2 * Math.PI * t / nTheta;
    }

    /** The centre coordinate (row and column) in pixels. */
    public double centre() {
        return n / 2;
    }

    /** Number of polar samples {@code nr * nTheta}. */
    public int size() {
        return nr * nTheta;
    }
}
