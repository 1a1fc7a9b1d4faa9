package org.cryograd.em.sim;

/**
 * Radiation damage as the exposure filter of Grant &amp; Grigorieff, eLife 4 (2015) e06980: the critical exposure
 * {@code N_e(k) = a k^b + c} ({@code a = 0.245}, {@code b = -1.665}, {@code c = 2.81} e/Å², {@code k} in 1/Å,
 * measured at 300 kV; at 200 kV the exposure is counted 1/0.8 times as damaging, their scaling), and the
 * amplitudes at spatial frequency {@code k} decay as {@code exp(-N / (2 N_e(k)))} after an accumulated exposure
 * {@code N}. The zero frequency is not damped.
 */
public final class ExposureFilter {
    /** Fit constants of Grant &amp; Grigorieff (2015). */
    public static final double A = 0.245, B = -1.665, C = 2.81;

    private ExposureFilter() {}

    /** The critical exposure (e/Å²) at {@code k} (1/Å) for {@code voltageKv}. */
    public static double criticalExposure(double k, double voltageKv) {
        if (k <= 0) return Double.POSITIVE_INFINITY;
        double ne = A * Math.pow(k, B) + C;
        return voltageKv < 250 ? ne * 0.8 : ne;
    }

    /** The amplitude factor at {@code k} (1/Å) after accumulated exposure {@code dose} (e/Å²). */
    public static double value(double k, double dose, double voltageKv) {
        if (dose <= 0) return 1;
        return Math.exp(-dose / (2 * criticalExposure(k, voltageKv)));
    }
}
