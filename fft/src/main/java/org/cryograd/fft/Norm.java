package org.cryograd.fft;

/**
 * Normalisation of a transform pair, named as in {@code numpy.fft} and {@code torch.fft}. With {@code n} the
 * number of points transformed (the product of the transformed sizes):
 */
public enum Norm {
    /** Forward unscaled, inverse scaled by {@code 1/n} (the default of numpy and torch). */
    BACKWARD,
    /** Both directions scaled by {@code 1/sqrt(n)} (unitary). */
    ORTHO,
    /** Forward scaled by {@code 1/n}, inverse unscaled. */
    FORWARD;

    /** The factor applied to a forward ({@code inverse == false}) or inverse transform of {@code n} points. */
    double scale(long n, boolean inverse) {
        return switch (this) {
            case BACKWARD -> inverse ? 1.0 / n : 1.0;
            case ORTHO -> 1.0 / Math.sqrt(n);
            case FORWARD -> inverse ? 1.0 : 1.0 / n;
        };
    }
}
