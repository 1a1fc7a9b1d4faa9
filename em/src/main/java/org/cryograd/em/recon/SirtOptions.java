package org.cryograd.em.recon;

/**
 * Options of {@link Sirt}.
 *
 * @param iterations number of iterations, at least 0 (0 returns the zero start); default 20
 * @param positivity clamp the estimate to be non-negative after every iteration; default false
 * @param relaxation the relaxation factor λ, in (0, 2) for convergence; default 1.0
 */
public record SirtOptions(int iterations, boolean positivity, double relaxation) {
    /** Validates the values. */
    public SirtOptions {
        if (iterations < 0) throw new IllegalArgumentException("SirtOptions: iterations must be >= 0, got " + iterations);
        if (!(relaxation > 0 && relaxation < 2))
            throw new IllegalArgumentException("SirtOptions: relaxation must lie in (0, 2), got " + relaxation);
    }

    /** 20 iterations, no positivity, relaxation 1. */
    public static SirtOptions defaults() {
        return new SirtOptions(20, false, 1.0);
    }

    /** A copy with another iteration count. */
    public SirtOptions withIterations(int n) {
        return new SirtOptions(n, positivity, relaxation);
    }

    /** A copy with positivity on or off. */
    public SirtOptions withPositivity(boolean on) {
        return new SirtOptions(iterations, on, relaxation);
    }

    /** A copy with another relaxation factor. */
    public SirtOptions withRelaxation(double lambda) {
        return new SirtOptions(iterations, positivity, lambda);
    }
}
