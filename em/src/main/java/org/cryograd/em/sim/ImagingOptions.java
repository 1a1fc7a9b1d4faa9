package org.cryograd.em.sim;

/**
 * How the microscope images the specimen. Every effect has its own switch. Lengths in Å unless named otherwise.
 *
 * @param optics              voltage, aberrations, coherence, amplitude contrast
 * @param defocusUm           nominal defocus, µm (positive = underfocus)
 * @param defocusSpreadUm     standard deviation of the per-view deviation from the nominal defocus, µm
 * @param astigmatismUm       {@code defocusU - defocusV}, µm (0 = none)
 * @param astigmatismAngleDeg angle of the {@code defocusU} axis in the raw detector frame, degrees from +x towards +y
 * @param ctf                 apply the objective's phase aberration (defocus, Cs); off = an in-focus aberration-free image
 * @param defocusGradient     vary the defocus across a tilted view, in strips parallel to the tilt axis
 * @param stripWidthPx        strip width, pixels (the image is CTF-filtered once per strip, blended linearly)
 * @param envelopes           spatial and temporal coherence envelopes
 * @param attenuation         inelastic loss {@code exp(-t / lambda_in)}, {@code t} the ice-equivalent path length
 * @param inelasticMfpNm      inelastic mean free path of ice, nm (395 nm at 300 kV with an energy filter: Rice et al.,
 *                            J. Struct. Biol. 204 (2018) 38)
 * @param exposureFilter      radiation damage: the Grant &amp; Grigorieff (2015) exposure filter on the accumulated dose
 * @param shotNoise           Poisson counts; off = expected counts
 * @param evenOdd             also two independent half-dose series (counts of even and odd frames)
 * @param mtf                 detector modulation transfer function
 * @param mtfCutoff           the MTF's falloff frequency {@code nu_c}, cycles per pixel (see {@link DetectorMtf})
 * @param tiltAxisDeg         tilt axis in the raw images, degrees from +y counter-clockwise (the .xf rotates it to +y)
 * @param shiftSdA            standard deviation of the residual per-view shifts, Å
 * @param rotationSdDeg       standard deviation of the residual per-view rotation errors, degrees
 */
public record ImagingOptions(ElectronOptics optics, double defocusUm, double defocusSpreadUm, double astigmatismUm, double astigmatismAngleDeg,
                             boolean ctf, boolean defocusGradient, int stripWidthPx, boolean envelopes, boolean attenuation, double inelasticMfpNm,
                             boolean exposureFilter, boolean shotNoise, boolean evenOdd, boolean mtf, double mtfCutoff, double tiltAxisDeg,
                             double shiftSdA, double rotationSdDeg) {
    /** Validates. */
    public ImagingOptions {
        if (optics == null) throw new IllegalArgumentException("ImagingOptions: optics is null");
        for (double d : new double[] {defocusUm, astigmatismUm, astigmatismAngleDeg, tiltAxisDeg})
            if (!Double.isFinite(d)) throw new IllegalArgumentException("ImagingOptions: defocus, astigmatism and tilt axis must be finite");
        if (!(defocusSpreadUm >= 0 && shiftSdA >= 0 && rotationSdDeg >= 0) || Double.isInfinite(defocusSpreadUm + shiftSdA + rotationSdDeg))
            throw new IllegalArgumentException("ImagingOptions: spreads must be >= 0 and finite");
        if (stripWidthPx < 1) throw new IllegalArgumentException("ImagingOptions: strip width must be >= 1 pixel, got " + stripWidthPx);
        if (!(inelasticMfpNm > 0) || Double.isInfinite(inelasticMfpNm)) throw new IllegalArgumentException("ImagingOptions: inelastic mean free path must be > 0 nm, got " + inelasticMfpNm);
        if (!(mtfCutoff > 0) || Double.isInfinite(mtfCutoff)) throw new IllegalArgumentException("ImagingOptions: MTF cutoff must be > 0 cycles/pixel, got " + mtfCutoff);
    }

    /**
     * Every effect on: 300 kV Krios optics, 3 µm underfocus with 0.1 µm per-view spread, 0.05 µm astigmatism at
     * 30°, strips of 16 px, 395 nm mean free path, MTF cutoff 0.3 cycles/px, tilt axis 85°, residual shifts 10 Å and
     * rotations 0.2°; no even/odd halves.
     */
    public static ImagingOptions defaults() {
        return new ImagingOptions(ElectronOptics.krios(), 3.0, 0.1, 0.05, 30, true, true, 16, true, true, 395, true, true, false, true, 0.3, 85, 10, 0.2);
    }

    /** A copy with every effect off but the phase object (no CTF, envelopes, attenuation, damage, noise, MTF, misalignment). */
    public ImagingOptions allOff() {
        return new ImagingOptions(optics, defocusUm, 0, 0, astigmatismAngleDeg, false, false, stripWidthPx, false, false, inelasticMfpNm, false, false, false,
                false, mtfCutoff, 0, 0, 0);
    }

    /** A copy with the switches given (CTF, defocus gradient, envelopes, attenuation, exposure filter, shot noise, MTF). */
    public ImagingOptions withEffects(boolean ctf, boolean gradient, boolean envelopes, boolean attenuation, boolean exposure, boolean noise, boolean mtf) {
        return new ImagingOptions(optics, defocusUm, defocusSpreadUm, astigmatismUm, astigmatismAngleDeg, ctf, gradient, stripWidthPx, envelopes, attenuation,
                inelasticMfpNm, exposure, noise, evenOdd, mtf, mtfCutoff, tiltAxisDeg, shiftSdA, rotationSdDeg);
    }

    /** A copy with another nominal defocus and per-view spread (µm) and astigmatism (µm, degrees). */
    public ImagingOptions withDefocus(double um, double spreadUm, double astigUm, double astigAngleDeg) {
        return new ImagingOptions(optics, um, spreadUm, astigUm, astigAngleDeg, ctf, defocusGradient, stripWidthPx, envelopes, attenuation, inelasticMfpNm,
                exposureFilter, shotNoise, evenOdd, mtf, mtfCutoff, tiltAxisDeg, shiftSdA, rotationSdDeg);
    }

    /** A copy with another tilt axis (degrees) and residual misalignment (shift sd Å, rotation sd degrees). */
    public ImagingOptions withAlignment(double axisDeg, double shiftA, double rotationDeg) {
        return new ImagingOptions(optics, defocusUm, defocusSpreadUm, astigmatismUm, astigmatismAngleDeg, ctf, defocusGradient, stripWidthPx, envelopes,
                attenuation, inelasticMfpNm, exposureFilter, shotNoise, evenOdd, mtf, mtfCutoff, axisDeg, shiftA, rotationDeg);
    }

    /** A copy with even/odd half series on or off. */
    public ImagingOptions withEvenOdd(boolean on) {
        return new ImagingOptions(optics, defocusUm, defocusSpreadUm, astigmatismUm, astigmatismAngleDeg, ctf, defocusGradient, stripWidthPx, envelopes,
                attenuation, inelasticMfpNm, exposureFilter, shotNoise, on, mtf, mtfCutoff, tiltAxisDeg, shiftSdA, rotationSdDeg);
    }

    /** A copy with other optics. */
    public ImagingOptions withOptics(ElectronOptics o) {
        return new ImagingOptions(o, defocusUm, defocusSpreadUm, astigmatismUm, astigmatismAngleDeg, ctf, defocusGradient, stripWidthPx, envelopes,
                attenuation, inelasticMfpNm, exposureFilter, shotNoise, evenOdd, mtf, mtfCutoff, tiltAxisDeg, shiftSdA, rotationSdDeg);
    }

    /** A copy with another inelastic mean free path (nm), MTF cutoff (cycles/px) and strip width (px). */
    public ImagingOptions withDetails(double mfpNm, double mtfNu, int stripPx) {
        return new ImagingOptions(optics, defocusUm, defocusSpreadUm, astigmatismUm, astigmatismAngleDeg, ctf, defocusGradient, stripPx, envelopes,
                attenuation, mfpNm, exposureFilter, shotNoise, evenOdd, mtf, mtfNu, tiltAxisDeg, shiftSdA, rotationSdDeg);
    }
}
