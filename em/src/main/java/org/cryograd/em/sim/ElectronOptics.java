package org.cryograd.em.sim;

import org.cryograd.fft.Ctf;

/**
 * The microscope's electron optics.
 *
 * @param voltageKv          acceleration voltage, kV
 * @param csMm               spherical aberration, mm
 * @param ccMm               chromatic aberration, mm (temporal envelope)
 * @param energySpreadEv     standard deviation of the source energy spread, eV (temporal envelope)
 * @param illuminationMrad   illumination semi-angle, mrad (spatial envelope)
 * @param amplitudeContrast  amplitude contrast fraction {@code w} in [0, 1)
 */
public record ElectronOptics(double voltageKv, double csMm, double ccMm, double energySpreadEv, double illuminationMrad,
                             double amplitudeContrast) {
    /** Electron rest energy, keV. */
    static final double REST_KEV = 510.99895;

    /** Validates. */
    public ElectronOptics {
        if (!(voltageKv > 0) || Double.isInfinite(voltageKv)) throw new IllegalArgumentException("ElectronOptics: voltage must be > 0 kV, got " + voltageKv);
        finite("csMm", csMm);
        nonNegative("ccMm", ccMm);
        nonNegative("energySpreadEv", energySpreadEv);
        nonNegative("illuminationMrad", illuminationMrad);
        if (!(amplitudeContrast >= 0 && amplitudeContrast < 1))
            throw new IllegalArgumentException("ElectronOptics: amplitude contrast must be in [0, 1), got " + amplitudeContrast);
    }

    private static void finite(String n, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("ElectronOptics: " + n + " must be finite, got " + v);
    }

    private static void nonNegative(String n, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("ElectronOptics: " + n + " must be >= 0, got " + v);
    }

    /** A 300 kV field-emission microscope: Cs 2.7 mm, Cc 2.7 mm, 0.8 eV energy spread, 0.02 mrad illumination, w = 0.07. */
    public static ElectronOptics krios() {
        return new ElectronOptics(300, 2.7, 2.7, 0.8, 0.02, 0.07);
    }

    /** A copy with another voltage (kV). */
    public ElectronOptics withVoltage(double kv) {
        return new ElectronOptics(kv, csMm, ccMm, energySpreadEv, illuminationMrad, amplitudeContrast);
    }

    /** A copy with another amplitude contrast. */
    public ElectronOptics withAmplitudeContrast(double w) {
        return new ElectronOptics(voltageKv, csMm, ccMm, energySpreadEv, illuminationMrad, w);
    }

    /** A copy with another Cs (mm). */
    public ElectronOptics withCs(double mm) {
        return new ElectronOptics(voltageKv, mm, ccMm, energySpreadEv, illuminationMrad, amplitudeContrast);
    }

    /** The relativistic electron wavelength, Å. */
    public double wavelengthA() {
        return Ctf.electronWavelength(voltageKv);
    }

    /**
     * The interaction constant {@code sigma = (2 pi / (lambda V)) (m0 c^2 + e V) / (2 m0 c^2 + e V)} in rad/(V·Å)
     * (Kirkland, <i>Advanced Computing in Electron Microscopy</i>, eq. 5.6; 6.5e-4 at 300 kV): the phase shift per
     * unit projected potential.
     */
    public double interactionConstant() {
        double lambda = wavelengthA(), v = voltageKv * 1e3;
        return 2 * Math.PI / (lambda * v) * (REST_KEV + voltageKv) / (2 * REST_KEV + voltageKv);
    }

    /** Focal spread {@code delta = Cc dE / E} (Å) of the temporal envelope. */
    public double focalSpreadA() {
        return ccMm * 1e7 * energySpreadEv / (voltageKv * 1e3);
    }

    /**
     * The product of the spatial- and temporal-coherence envelopes at spatial frequency {@code k} (1/Å) and defocus
     * {@code defocusA} (Å, positive underfocus): {@code exp(-(pi alpha / lambda)^2 (Cs lambda^3 k^3 - df lambda k)^2)
     * * exp(-(pi lambda delta k^2)^2 / 2)} (Frank's quasi-coherent forms).
     */
    public double envelope(double k, double defocusA) {
        double lambda = wavelengthA(), alpha = illuminationMrad * 1e-3, cs = csMm * 1e7, delta = focalSpreadA();
        double grad = cs * lambda * lambda * lambda * k * k * k - defocusA * lambda * k;
        double es = Math.exp(-Math.pow(Math.PI * alpha / lambda, 2) * grad * grad);
        double et = Math.exp(-0.5 * Math.pow(Math.PI * lambda * delta * k * k, 2));
        return es * et;
    }
}
