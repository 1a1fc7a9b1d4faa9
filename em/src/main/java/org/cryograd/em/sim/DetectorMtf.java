package org.cryograd.em.sim;

/**
 * The detector's modulation transfer function, an analytic model: the pixel aperture's
 * {@code sinc(nu_x) sinc(nu_y)} ({@code sinc(t) = sin(pi t) / (pi t)}, the transform of a square pixel) times a
 * Lorentzian falloff {@code 1 / (1 + (|nu| / nu_c)^2)} for the spread of each electron's signal, {@code nu} in
 * cycles per pixel. At Nyquist along x with {@code nu_c = 0.3}: {@code 0.637 * 0.265 = 0.169}.
 */
public final class DetectorMtf {
    private DetectorMtf() {}

    /** The MTF at {@code (nuX, nuY)} cycles per pixel for cutoff {@code nuC}. */
    public static double value(double nuX, double nuY, double nuC) {
        double r2 = (nuX * nuX + nuY * nuY) / (nuC * nuC);
        return sinc(nuX) * sinc(nuY) / (1 + r2);
    }

    static double sinc(double t) {
        if (Math.abs(t) < 1e-12) return 1;
        return Math.sin(Math.PI * t) / (Math.PI * t);
    }
}
