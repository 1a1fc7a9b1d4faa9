package org.cryograd.polar.sim;

/**
 * Settings of the particle-image simulator. Defaults ({@link #defaults}) follow the paper: 64 x 64 images, CTF at
 * 300 kV, Cs 2.7 mm, amplitude contrast 0.1, defocus 1-3 µm, Gaussian noise at {@code SNR = var(signal)/var(noise)}.
 *
 * @param imageSize          image side {@code N}
 * @param pixelSize          Å per pixel
 * @param classes            number of distinct pseudo-molecules
 * @param blobsPerClass      Gaussian blobs per molecule
 * @param blobSigma          typical blob width in pixels
 * @param moleculeRadius     largest blob-centre distance from the box centre, in pixels
 * @param setting            directional or mixed sets
 * @param groupsPerSet       (class, view) groups per set in the mixed setting
 * @param sets               number of sets
 * @param setSize            images per set
 * @param snr                {@code var(signal)/var(noise)}, signal variance averaged over all images
 * @param maxShift           largest shift along x and y in pixels (uniform in {@code [-maxShift, maxShift]})
 * @param voltageKv          microscope voltage
 * @param csMm               spherical aberration
 * @param amplitudeContrast  amplitude contrast fraction
 * @param defocusMinUm       smallest defocus (µm, underfocus positive)
 * @param defocusMaxUm       largest defocus
 * @param defocusPerSet      one defocus per set (particles picked from one micrograph) instead of one per image
 * @param seed               random seed
 */
public record SimulationOptions(int imageSize, double pixelSize, int classes, int blobsPerClass, double blobSigma, double moleculeRadius,
        Setting setting, int groupsPerSet, int sets, int setSize, double snr, double maxShift, double voltageKv, double csMm,
        double amplitudeContrast, double defocusMinUm, double defocusMaxUm, boolean defocusPerSet, long seed) {
    /** Validates the settings. */
    public SimulationOptions {
        if (imageSize < 8) throw new IllegalArgumentException("SimulationOptions.imageSize must be >= 8, got " + imageSize);
        if (!(pixelSize > 0)) throw new IllegalArgumentException("SimulationOptions.pixelSize must be > 0, got " + pixelSize);
        if (classes < 1 || blobsPerClass < 1) throw new IllegalArgumentException("SimulationOptions: classes and blobsPerClass must be >= 1");
        if (sets < 1 || setSize < 1) throw new IllegalArgumentException("SimulationOptions: sets and setSize must be >= 1");
        if (!(snr > 0)) throw new IllegalArgumentException("SimulationOptions.snr must be > 0, got " + snr);
        if (groupsPerSet < 1) throw new IllegalArgumentException("SimulationOptions.groupsPerSet must be >= 1");
        if (!(defocusMinUm > 0) || defocusMaxUm < defocusMinUm)
            throw new IllegalArgumentException("SimulationOptions: defocus range [" + defocusMinUm + ", " + defocusMaxUm + "] µm is invalid");
        if (setting == null) throw new IllegalArgumentException("SimulationOptions.setting is null");
    }

    /**
     * The paper's setting for {@code N x N} images: pixel size {@code 2.5 · 64 / N} Å (a 160 Å box), 4 classes of 16
     * blobs of width {@code N/32 · 1.5} px within {@code 0.3 N}, 2 groups per mixed set, shifts up to {@code N/32} px,
     * defocus 1-3 µm drawn per image.
     */
    public static SimulationOptions defaults(int imageSize, Setting setting, int sets, int setSize, double snr, long seed) {
        double f = imageSize / 32.0;
        return new SimulationOptions(imageSize, 2.5 * 64 / imageSize, 4, 16, 1.5 * f, 0.3 * imageSize, setting, 2, sets, setSize, snr, f,
                300, 2.7, 0.1, 1.0, 3.0, false, seed);
    }

    /** A copy with another number of sets and seed. */
    public SimulationOptions withSets(int newSets, long newSeed) {
        return new SimulationOptions(imageSize, pixelSize, classes, blobsPerClass, blobSigma, moleculeRadius, setting, groupsPerSet, newSets, setSize,
                snr, maxShift, voltageKv, csMm, amplitudeContrast, defocusMinUm, defocusMaxUm, defocusPerSet, newSeed);
    }

    /** A copy with another SNR. */
    public SimulationOptions withSnr(double newSnr) {
        return new SimulationOptions(imageSize, pixelSize, classes, blobsPerClass, blobSigma, moleculeRadius, setting, groupsPerSet, sets, setSize,
                newSnr, maxShift, voltageKv, csMm, amplitudeContrast, defocusMinUm, defocusMaxUm, defocusPerSet, seed);
    }

    /** A copy with another setting. */
    public SimulationOptions withSetting(Setting newSetting) {
        return new SimulationOptions(imageSize, pixelSize, classes, blobsPerClass, blobSigma, moleculeRadius, newSetting, groupsPerSet, sets, setSize,
                snr, maxShift, voltageKv, csMm, amplitudeContrast, defocusMinUm, defocusMaxUm, defocusPerSet, seed);
    }

    /** A copy with another number of classes. */
    public SimulationOptions withClasses(int newClasses) {
        return new SimulationOptions(imageSize, pixelSize, newClasses, blobsPerClass, blobSigma, moleculeRadius, setting, groupsPerSet, sets, setSize,
                snr, maxShift, voltageKv, csMm, amplitudeContrast, defocusMinUm, defocusMaxUm, defocusPerSet, seed);
    }

    /** A copy with another largest shift (pixels). */
    public SimulationOptions withMaxShift(double newMaxShift) {
        return new SimulationOptions(imageSize, pixelSize, classes, blobsPerClass, blobSigma, moleculeRadius, setting, groupsPerSet, sets, setSize,
                snr, newMaxShift, voltageKv, csMm, amplitudeContrast, defocusMinUm, defocusMaxUm, defocusPerSet, seed);
    }

    /** A copy with one defocus per set ({@code true}) or per image. */
    public SimulationOptions withDefocusPerSet(boolean perSet) {
        return new SimulationOptions(imageSize, pixelSize, classes, blobsPerClass, blobSigma, moleculeRadius, setting, groupsPerSet, sets, setSize,
                snr, maxShift, voltageKv, csMm, amplitudeContrast, defocusMinUm, defocusMaxUm, perSet, seed);
    }
}
