package org.cryograd.em.geometry;

/**
 * The defocus of one view, in the convention of CTFFIND and RELION (and {@link org.cryograd.fft.Ctf}): {@code u}
 * along the direction {@code angleDeg} (degrees from the image x axis towards y), {@code v} perpendicular to it,
 * both in Å, positive = underfocus; plus a phase-plate shift. The angle refers to the image it was measured on
 * (the raw view).
 *
 * @param u             defocus along {@code angleDeg}, Å
 * @param v             defocus perpendicular to it, Å
 * @param angleDeg      astigmatism angle, degrees
 * @param phaseShiftDeg additional phase shift, degrees (0 without a phase plate)
 */
public record Defocus(double u, double v, double angleDeg, double phaseShiftDeg) {
    /** Requires finite values. */
    public Defocus {
        for (double x : new double[] {u, v, angleDeg, phaseShiftDeg})
            if (!Double.isFinite(x)) throw new IllegalArgumentException("Defocus: value " + x + " is not finite (u=" + u + ", v=" + v + ")");
    }

    /** No astigmatism, no phase shift. */
    public static Defocus of(double angstrom) {
        return new Defocus(angstrom, angstrom, 0, 0);
    }

    /** The mean defocus {@code (u + v) / 2}, Å. */
    public double mean() {
        return 0.5 * (u + v);
    }

    /** The same astigmatism with both defoci moved by {@code delta} Å. */
    public Defocus plus(double delta) {
        return new Defocus(u + delta, v + delta, angleDeg, phaseShiftDeg);
    }

    /** The same defocus with the astigmatism angle turned by {@code deg} degrees. */
    public Defocus rotated(double deg) {
        return new Defocus(u, v, angleDeg + deg, phaseShiftDeg);
    }
}
