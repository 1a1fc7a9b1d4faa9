package org.cryograd.em.ctf;

/**
 * The microscope parameters a CTF needs besides the defocus.
 *
 * @param voltageKv         acceleration voltage, kV
 * @param csMm              spherical aberration, mm
 * @param amplitudeContrast amplitude contrast fraction in [0, 1)
 */
public record Microscope(double voltageKv, double csMm, double amplitudeContrast) {
    /** Validates. */
    public Microscope {
        if (!(voltageKv > 0) || Double.isInfinite(voltageKv)) throw new IllegalArgumentException("Microscope: voltage must be > 0 kV, got " + voltageKv);
        if (!(csMm >= 0) || Double.isInfinite(csMm)) throw new IllegalArgumentException("Microscope: Cs must be >= 0 mm, got " + csMm);
        if (!(amplitudeContrast >= 0 && amplitudeContrast < 1))
            throw new IllegalArgumentException("Microscope: amplitude contrast must be in [0, 1), got " + amplitudeContrast);
    }

    /** 300 kV, Cs 2.7 mm, amplitude contrast 0.07 (CTFFIND's and IMOD's defaults). */
    public static Microscope krios() {
        return new Microscope(300, 2.7, 0.07);
    }
}
