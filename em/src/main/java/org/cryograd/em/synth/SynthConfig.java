package org.cryograd.em.synth;

/**
 * Every setting of the synthetic SHREC-2021-like benchmark: volume size, packing, imaging. Lengths are in voxels
 * unless named otherwise; volumes are {@code [nz, ny, nx]} with the light axis z and the tilt axis y.
 *
 * @param nx                 volume width (x, also the detector width)
 * @param ny                 volume height (y, the tilt axis)
 * @param nz                 volume thickness (z, the beam direction)
 * @param voxelSizeA         voxel size in Å (used by the CTF)
 * @param classes            number of pseudo-molecule classes (shapes shared by all ten grand models)
 * @param minRadius          radius of the smallest class
 * @param maxRadius          radius of the largest class (classes are spaced evenly between the two)
 * @param particles          particles to place per grand model (fewer if the volume is full)
 * @param vesicles           vesicles (hollow membrane shells) per grand model
 * @param minVesicleRadius   smallest vesicle radius
 * @param maxVesicleRadius   largest vesicle radius
 * @param membraneWidth      Gaussian sigma of the membrane profile across the shell
 * @param fiducials          gold fiducials (small dense balls) per grand model
 * @param fiducialRadius     fiducial radius
 * @param fiducialDensity    fiducial density relative to a protein blob's peak (1)
 * @param minGap             free space kept between the bounding spheres of any two objects
 * @param tiltMinDeg         first tilt angle (degrees)
 * @param tiltMaxDeg         last tilt angle (degrees)
 * @param tiltStepDeg        tilt increment (degrees)
 * @param defocusUm          defocus in µm (positive = underfocus)
 * @param voltageKv          acceleration voltage in kV
 * @param csMm               spherical aberration in mm
 * @param amplitudeContrast  amplitude contrast fraction
 * @param phaseFlip          whether the simulated tilts are phase-flipped before reconstruction (CTF correction);
 *                           without it the tomogram's contrast is inverted, as in uncorrected data
 * @param snr                signal-to-noise ratio of every projection, var(signal)/var(noise) over the tilt series
 */
public record SynthConfig(int nx, int ny, int nz, double voxelSizeA,
                          int classes, double minRadius, double maxRadius, int particles,
                          int vesicles, double minVesicleRadius, double maxVesicleRadius, double membraneWidth,
                          int fiducials, double fiducialRadius, double fiducialDensity, double minGap,
                          double tiltMinDeg, double tiltMaxDeg, double tiltStepDeg,
                          double defocusUm, double voltageKv, double csMm, double amplitudeContrast,
                          boolean phaseFlip, double snr) {

    /** Validates every field; errors name it. */
    public SynthConfig {
        positive("nx", nx);
        positive("ny", ny);
        positive("nz", nz);
        positive("voxelSizeA", voxelSizeA);
        positive("classes", classes);
        positive("minRadius", minRadius);
        if (!(maxRadius >= minRadius)) throw new IllegalArgumentException("SynthConfig: maxRadius " + maxRadius + " must be >= minRadius " + minRadius);
        nonNegative("particles", particles);
        nonNegative("vesicles", vesicles);
        positive("minVesicleRadius", minVesicleRadius);
        if (!(maxVesicleRadius >= minVesicleRadius))
            throw new IllegalArgumentException("SynthConfig: maxVesicleRadius " + maxVesicleRadius + " must be >= minVesicleRadius " + minVesicleRadius);
        positive("membraneWidth", membraneWidth);
        nonNegative("fiducials", fiducials);
        positive("fiducialRadius", fiducialRadius);
        positive("fiducialDensity", fiducialDensity);
        nonNegative("minGap", minGap);
        if (!(tiltMaxDeg >= tiltMinDeg) || tiltMinDeg < -90 || tiltMaxDeg > 90)
            throw new IllegalArgumentException("SynthConfig: tilt range [" + tiltMinDeg + ", " + tiltMaxDeg + "] must be ordered and within ±90°");
        positive("tiltStepDeg", tiltStepDeg);
        nonNegative("defocusUm", defocusUm);
        positive("voltageKv", voltageKv);
        nonNegative("csMm", csMm);
        if (!(amplitudeContrast >= 0 && amplitudeContrast < 1))
            throw new IllegalArgumentException("SynthConfig: amplitudeContrast " + amplitudeContrast + " must be in [0, 1)");
        positive("snr", snr);
    }

    /**
     * The quick preset: 64 x 64 x 32 voxels of 10 Å, 4 classes of radius 2.5-5, 28 particles, one vesicle, two
     * fiducials, ±60° in 3° steps (41 views), 3 µm defocus at 300 kV (Cs 2.7 mm, amplitude contrast 0.07), no CTF correction, projection SNR 0.03
     * (raw-tomogram DoG F1 about 0.7 against a ceiling of 0.93 on the clean map).
     */
    public static SynthConfig quick() {
        return new SynthConfig(64, 64, 32, 10.0, 4, 2.5, 5.0, 28, 1, 8, 11, 0.8, 2, 1.6, 3.0, 1.0,
                -60, 60, 3, 3.0, 300, 2.7, 0.07, false, 0.03);
    }

    /**
     * The default preset: 128 x 128 x 48 voxels of 10 Å, 6 classes of radius 3-7, 110 particles, three vesicles, four
     * fiducials, ±60° in 2° steps (61 views), otherwise as {@link #quick()}.
     */
    public static SynthConfig standard() {
        return new SynthConfig(128, 128, 48, 10.0, 6, 3.0, 7.0, 110, 3, 10, 16, 0.8, 4, 1.8, 3.0, 1.0,
                -60, 60, 2, 3.0, 300, 2.7, 0.07, false, 0.03);
    }

    /** A copy with another volume size. */
    public SynthConfig withSize(int nx, int ny, int nz) {
        return new SynthConfig(nx, ny, nz, voxelSizeA, classes, minRadius, maxRadius, particles, vesicles, minVesicleRadius,
                maxVesicleRadius, membraneWidth, fiducials, fiducialRadius, fiducialDensity, minGap, tiltMinDeg, tiltMaxDeg,
                tiltStepDeg, defocusUm, voltageKv, csMm, amplitudeContrast, phaseFlip, snr);
    }

    /** A copy with other object counts. */
    public SynthConfig withCounts(int particles, int vesicles, int fiducials) {
        return new SynthConfig(nx, ny, nz, voxelSizeA, classes, minRadius, maxRadius, particles, vesicles, minVesicleRadius,
                maxVesicleRadius, membraneWidth, fiducials, fiducialRadius, fiducialDensity, minGap, tiltMinDeg, tiltMaxDeg,
                tiltStepDeg, defocusUm, voltageKv, csMm, amplitudeContrast, phaseFlip, snr);
    }

    /** A copy with another projection SNR. */
    public SynthConfig withSnr(double snr) {
        return new SynthConfig(nx, ny, nz, voxelSizeA, classes, minRadius, maxRadius, particles, vesicles, minVesicleRadius,
                maxVesicleRadius, membraneWidth, fiducials, fiducialRadius, fiducialDensity, minGap, tiltMinDeg, tiltMaxDeg,
                tiltStepDeg, defocusUm, voltageKv, csMm, amplitudeContrast, phaseFlip, snr);
    }

    /** A copy with other tilt angles. */
    public SynthConfig withTilts(double minDeg, double maxDeg, double stepDeg) {
        return new SynthConfig(nx, ny, nz, voxelSizeA, classes, minRadius, maxRadius, particles, vesicles, minVesicleRadius,
                maxVesicleRadius, membraneWidth, fiducials, fiducialRadius, fiducialDensity, minGap, minDeg, maxDeg,
                stepDeg, defocusUm, voltageKv, csMm, amplitudeContrast, phaseFlip, snr);
    }

    /** A copy with other CTF settings. */
    public SynthConfig withCtf(double defocusUm, boolean phaseFlip) {
        return new SynthConfig(nx, ny, nz, voxelSizeA, classes, minRadius, maxRadius, particles, vesicles, minVesicleRadius,
                maxVesicleRadius, membraneWidth, fiducials, fiducialRadius, fiducialDensity, minGap, tiltMinDeg, tiltMaxDeg,
                tiltStepDeg, defocusUm, voltageKv, csMm, amplitudeContrast, phaseFlip, snr);
    }

    /** The radius of class {@code c} (0-based): evenly spaced from {@code minRadius} to {@code maxRadius}. */
    public double classRadius(int c) {
        if (c < 0 || c >= classes) throw new IllegalArgumentException("SynthConfig.classRadius: class " + c + " not in [0, " + classes + ")");
        return classes == 1 ? minRadius : minRadius + (maxRadius - minRadius) * c / (classes - 1);
    }

    /** The mean class radius. */
    public double meanRadius() {
        return (minRadius + maxRadius) / 2;
    }

    /** Number of voxels, {@code nx * ny * nz}. */
    public int voxels() {
        return Math.multiplyExact(Math.multiplyExact(nx, ny), nz);
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("SynthConfig: " + name + " must be positive and finite, got " + v);
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("SynthConfig: " + name + " must be >= 0 and finite, got " + v);
    }
}
