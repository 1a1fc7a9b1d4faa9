package org.cryograd.polar;

/**
 * How {@link PolarTransform} resamples between the Cartesian and polar grids.
 *
 * @param kind  bilinear or Gaussian radial-basis weights
 * @param sigma Gaussian width in pixels (ignored for bilinear)
 */
public record Interpolation(Kind kind, double sigma) {
    /** The weight family. */
    public enum Kind {
        /** Bilinear on the pixel grid (forward) and in {@code (r, θ)} (inverse). */
        BILINEAR,
        /** Normalised Gaussian radial-basis weights within {@code 3 sigma} (both directions). */
        GAUSSIAN
    }

    /** Validates the width. */
    public Interpolation {
        if (kind == null) throw new IllegalArgumentException("Interpolation: kind is null");
        if (kind == Kind.GAUSSIAN && !(sigma > 0)) throw new IllegalArgumentException("Interpolation: Gaussian sigma must be > 0, got " + sigma);
    }

    /** Bilinear weights. */
    public static Interpolation bilinear() {
        return new Interpolation(Kind.BILINEAR, 0);
    }

    /** Gaussian RBF weights of width {@code sigma} pixels. */
    public static Interpolation gaussian(double sigma) {
        return new Interpolation(Kind.GAUSSIAN, sigma);
    }
}
