package org.cryograd.fft;

import org.cryograd.tensor.Tensor;

/**
 * The contrast transfer function of a transmission electron microscope (weak-phase approximation).
 *
 * <p><b>Formula and sign convention</b> (that of CTFFIND4, Rohou &amp; Grigorieff 2015, and cryoDRGN): for a
 * spatial frequency {@code k} (1/Å) at azimuth {@code alpha = atan2(k_y, k_x)},
 * <pre>
 *   defocus(alpha) = (dU + dV)/2 + (dU - dV)/2 * cos(2 (alpha - astigmatismAngle))
 *   chi(k)         = pi * lambda * defocus(alpha) * |k|^2 - (pi/2) * Cs * lambda^3 * |k|^4 + phaseShift
 *   CTF(k)         = -sin(chi(k) + asin(amplitudeContrast)) * exp(-B |k|^2 / 4)
 *                  = -(sqrt(1 - w^2) sin chi + w cos chi) * envelope
 * </pre>
 * Positive defocus is underfocus; at {@code k = 0} the CTF is {@code -w}, and the first lobe is negative.
 * RELION's {@code CTF::getCTF} returns the negative of this value (its {@code gamma = -(chi + asin w)}); negate
 * the result for RELION's sign. The phase shift (phase plates) adds to {@code chi}. The wavelength is the
 * relativistic electron wavelength {@code lambda = h / sqrt(2 m0 e V (1 + e V / (2 m0 c^2)))} from CODATA
 * constants (0.019687 Å at 300 kV). {@code x} is the last array axis and {@code y} the second-last;
 * the astigmatism angle is measured from +x towards +y.
 *
 * <p><b>Units</b> (all fields are plain numbers): defocus in Å (use {@link #ofMicrons} for µm), astigmatism angle
 * and phase shift in degrees, voltage in kV, Cs in mm, amplitude contrast as a fraction in [0, 1], B-factor in Å²
 * (0: no envelope).
 *
 * <pre>{@code
 * Ctf ctf = Ctf.ofMicrons(2.0, 300, 2.7, 0.1).withBFactor(50);
 * Tensor h = ctf.image(FourierLayout.HALF, 1.2, 64, 64);   // [64, 33], multiplies Fft.rfft2 of 64x64 images
 * Tensor blurred = ctf.apply(images, 1.2);                 // images [..., 64, 64]
 * Tensor flipped = ctf.phaseFlip(images, 1.2);
 * }</pre>
 *
 * @param defocusU defocus along the astigmatism angle, Å (positive = underfocus)
 * @param defocusV defocus perpendicular to it, Å
 * @param astigmatismAngle angle of the {@code defocusU} axis from +x towards +y, degrees
 * @param voltage acceleration voltage, kV
 * @param cs spherical aberration, mm
 * @param amplitudeContrast amplitude contrast fraction {@code w} in [0, 1]
 * @param bFactor envelope B-factor, Å² ({@code exp(-B k^2/4)}; 0 for none)
 * @param phaseShift additional phase shift, degrees
 */
public record Ctf(double defocusU, double defocusV, double astigmatismAngle, double voltage, double cs,
                  double amplitudeContrast, double bFactor, double phaseShift) {
    private static final double H = 6.62607015e-34;      // Planck constant, J s
    private static final double M0 = 9.1093837015e-31;   // electron rest mass, kg
    private static final double E = 1.602176634e-19;     // elementary charge, C
    private static final double C = 299792458.0;         // speed of light, m/s

    /** Validates the parameters. */
    public Ctf {
        check("defocusU", defocusU);
        check("defocusV", defocusV);
        check("astigmatismAngle", astigmatismAngle);
        check("bFactor", bFactor);
        check("phaseShift", phaseShift);
        check("cs", cs);
        if (!(voltage > 0) || Double.isInfinite(voltage)) throw new IllegalArgumentException("Ctf: voltage must be > 0 kV, got " + voltage);
        if (!(amplitudeContrast >= 0 && amplitudeContrast <= 1))
            throw new IllegalArgumentException("Ctf: amplitudeContrast must be in [0, 1], got " + amplitudeContrast);
    }

    private static void check(String name, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("Ctf: " + name + " must be finite, got " + v);
    }

    /** A CTF without astigmatism, envelope or phase shift; defocus in Å (positive = underfocus). */
    public static Ctf of(double defocusA, double voltageKv, double csMm, double amplitudeContrast) {
        return new Ctf(defocusA, defocusA, 0, voltageKv, csMm, amplitudeContrast, 0, 0);
    }

    /** As {@link #of} with the defocus in µm. */
    public static Ctf ofMicrons(double defocusUm, double voltageKv, double csMm, double amplitudeContrast) {
        return of(defocusUm * 1e4, voltageKv, csMm, amplitudeContrast);
    }

    /** This CTF with astigmatic defocus {@code dU, dV} (Å) and the angle of the {@code dU} axis (degrees). */
    public Ctf withAstigmatism(double defocusUA, double defocusVA, double angleDeg) {
        return new Ctf(defocusUA, defocusVA, angleDeg, voltage, cs, amplitudeContrast, bFactor, phaseShift);
    }

    /** This CTF with a B-factor envelope {@code exp(-B k^2 / 4)} (Å²). */
    public Ctf withBFactor(double b) {
        return new Ctf(defocusU, defocusV, astigmatismAngle, voltage, cs, amplitudeContrast, b, phaseShift);
    }

    /** This CTF with an additional phase shift (degrees). */
    public Ctf withPhaseShift(double deg) {
        return new Ctf(defocusU, defocusV, astigmatismAngle, voltage, cs, amplitudeContrast, bFactor, deg);
    }

    /** The relativistic electron wavelength (Å) at {@code kv} kilovolts. */
    public static double electronWavelength(double kv) {
        if (!(kv > 0)) throw new IllegalArgumentException("electronWavelength: voltage must be > 0 kV, got " + kv);
        double v = kv * 1e3;
        return H / Math.sqrt(2 * M0 * E * v * (1 + E * v / (2 * M0 * C * C))) * 1e10;
    }

    /** The electron wavelength (Å) at this CTF's voltage. */
    public double wavelength() {
        return electronWavelength(voltage);
    }

    /** The defocus (Å) along azimuth {@code alpha} (radians from +x towards +y). */
    public double defocusAt(double alpha) {
        return 0.5 * (defocusU + defocusV + (defocusU - defocusV) * Math.cos(2 * (alpha - Math.toRadians(astigmatismAngle))));
    }

    /** The phase aberration {@code chi} (radians) at spatial frequency {@code (kx, ky)} in 1/Å. */
    public double chi(double kx, double ky) {
        double lambda = wavelength();
        return chi(kx, ky, lambda, Math.toRadians(astigmatismAngle), Math.toRadians(phaseShift));
    }

    private double chi(double kx, double ky, double lambda, double astRad, double phaseRad) {
        double k2 = kx * kx + ky * ky;
        double alpha = Math.atan2(ky, kx);
        double df = 0.5 * (defocusU + defocusV + (defocusU - defocusV) * Math.cos(2 * (alpha - astRad)));
        double csA = cs * 1e7; // mm -> Å
        return Math.PI * lambda * df * k2 - 0.5 * Math.PI * csA * lambda * lambda * lambda * k2 * k2 + phaseRad;
    }

    /** The CTF value (envelope included) at spatial frequency {@code (kx, ky)} in 1/Å. */
    public double value(double kx, double ky) {
        double k2 = kx * kx + ky * ky;
        return -Math.sin(chi(kx, ky) + Math.asin(amplitudeContrast)) * Math.exp(-bFactor * k2 / 4);
    }

    /**
     * The CTF sampled on the Fourier grid of an {@code ny x nx} image with pixels of {@code pixelSize} Å, in FFT
     * order: shape {@code [ny, nx]} ({@link FourierLayout#FULL}) or {@code [ny, nx/2+1]} ({@link FourierLayout#HALF}).
     * Frequencies are {@code k_x = fftfreq(nx, pixelSize)}, {@code k_y = fftfreq(ny, pixelSize)}.
     */
    public Tensor image(FourierLayout layout, double pixelSize, int ny, int nx) {
        FourierGrid g = new FourierGrid("Ctf.image", new int[] {ny, nx}, layout);
        double[] v = values(g, pixelSize);
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) v[i];
        return Tensor.of(f, g.shape);
    }

    private double[] values(FourierGrid g, double pixelSize) {
        if (!(pixelSize > 0) || Double.isInfinite(pixelSize))
            throw new IllegalArgumentException("Ctf: pixel size must be a positive number of Å, got " + pixelSize);
        int ny = g.dims[0], nx = g.dims[1];
        int sy = g.shape[0], sx = g.shape[1];
        double lambda = wavelength(), ast = Math.toRadians(astigmatismAngle), ph = Math.toRadians(phaseShift);
        double w = Math.asin(amplitudeContrast);
        double[] out = new double[g.size];
        for (int iy = 0; iy < sy; iy++) {
            double ky = g.signed(0, iy) / (ny * pixelSize);
            for (int ix = 0; ix < sx; ix++) {
                double kx = g.signed(1, ix) / (nx * pixelSize);
                double k2 = kx * kx + ky * ky;
                out[iy * sx + ix] = -Math.sin(chi(kx, ky, lambda, ast, ph) + w) * Math.exp(-bFactor * k2 / 4);
            }
        }
        return out;
    }

    /**
     * The images {@code [..., ny, nx]} convolved with this CTF: {@code irfft2(rfft2(x) * CTF)} (periodic
     * boundary). Not differentiable; the result is on the input's device.
     */
    public Tensor apply(Tensor images, double pixelSize) {
        int[] grid = HalfFilter.gridOf("Ctf.apply", images, 2);
        return HalfFilter.apply("Ctf.apply", images, 2, values(new FourierGrid("Ctf.apply", grid, FourierLayout.HALF), pixelSize));
    }

    /**
     * Phase flipping: the images {@code [..., ny, nx]} with each Fourier coefficient multiplied by the sign of the
     * CTF there ({@code +1} where the CTF is exactly 0), which undoes the CTF's contrast reversals but not its
     * amplitude modulation. Not differentiable.
     */
    public Tensor phaseFlip(Tensor images, double pixelSize) {
        int[] grid = HalfFilter.gridOf("Ctf.phaseFlip", images, 2);
        double[] v = values(new FourierGrid("Ctf.phaseFlip", grid, FourierLayout.HALF), pixelSize);
        for (int i = 0; i < v.length; i++) v[i] = v[i] < 0 ? -1 : 1;
        return HalfFilter.apply("Ctf.phaseFlip", images, 2, v);
    }

    @Override
    public String toString() {
        return "Ctf[defocus " + defocusU + "/" + defocusV + " Å at " + astigmatismAngle + " deg, " + voltage + " kV, Cs " + cs
                + " mm, w " + amplitudeContrast + ", B " + bFactor + " Å², phase " + phaseShift + " deg]";
    }
}
