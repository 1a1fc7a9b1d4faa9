package org.cryograd.em.sim;

/**
 * Single-particle image simulation settings.
 *
 * @param box              image size, pixels (square)
 * @param pixelSize        pixel size, Å
 * @param count            number of images
 * @param defocusMinUm     smallest defocus, µm (each image draws uniformly in [min, max])
 * @param defocusMaxUm     largest defocus, µm
 * @param astigmatismUm    {@code defocusU - defocusV}, µm, at a uniformly random angle
 * @param shiftSdA         standard deviation of the particle's offset from the box centre, Å (each axis)
 * @param snr              Gaussian noise at this SNR = var(clean contrast) / var(noise) per image; NaN when
 *                         {@code dose} is used
 * @param dose             electrons per Å² for Poisson counts; NaN when {@code snr} is used
 * @param iceThicknessA    ice around the particle, Å (its potential is in the phase and the attenuation)
 * @param imaging          CTF, envelope, attenuation and MTF switches and the optics (defocus and alignment fields unused)
 */
public record ParticleOptions(int box, double pixelSize, int count, double defocusMinUm, double defocusMaxUm, double astigmatismUm,
                              double shiftSdA, double snr, double dose, double iceThicknessA, ImagingOptions imaging) {
    /** Validates. */
    public ParticleOptions {
        if (box < 8) throw new IllegalArgumentException("ParticleOptions: box must be >= 8 pixels, got " + box);
        if (!(pixelSize > 0) || Double.isInfinite(pixelSize)) throw new IllegalArgumentException("ParticleOptions: pixel size must be > 0 Å, got " + pixelSize);
        if (count < 1) throw new IllegalArgumentException("ParticleOptions: count must be >= 1, got " + count);
        if (!(defocusMinUm <= defocusMaxUm) || !Double.isFinite(defocusMinUm + defocusMaxUm))
            throw new IllegalArgumentException("ParticleOptions: defocus range needs min <= max, got " + defocusMinUm + ", " + defocusMaxUm);
        if (!(shiftSdA >= 0) || !Double.isFinite(astigmatismUm) || Double.isInfinite(shiftSdA))
            throw new IllegalArgumentException("ParticleOptions: shift sd must be >= 0 Å and astigmatism finite");
        if (Double.isNaN(snr) == Double.isNaN(dose)) throw new IllegalArgumentException("ParticleOptions: give exactly one of SNR and dose");
        if (!Double.isNaN(snr) && !(snr > 0 && Double.isFinite(snr))) throw new IllegalArgumentException("ParticleOptions: SNR must be > 0, got " + snr);
        if (!Double.isNaN(dose) && !(dose > 0 && Double.isFinite(dose))) throw new IllegalArgumentException("ParticleOptions: dose must be > 0 e/Å², got " + dose);
        if (!(iceThicknessA >= 0) || Double.isInfinite(iceThicknessA)) throw new IllegalArgumentException("ParticleOptions: ice thickness must be >= 0 Å");
        if (imaging == null) throw new IllegalArgumentException("ParticleOptions: imaging is null");
    }

    /**
     * 64 x 64 images of 5 Å, 1000 of them, defocus 1-3 µm, 0.05 µm astigmatism, 10 Å shifts, SNR 0.1, 300 Å of
     * ice, CTF and envelopes on, attenuation on, MTF off.
     */
    public static ParticleOptions defaults() {
        ImagingOptions im = ImagingOptions.defaults().withEffects(true, false, true, true, false, false, false).withAlignment(0, 0, 0);
        return new ParticleOptions(64, 5, 1000, 1, 3, 0.05, 10, 0.1, Double.NaN, 300, im);
    }
}
