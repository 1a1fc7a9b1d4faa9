package org.cryograd.em.benchmark;

import java.nio.file.Path;

/**
 * Settings of {@link SimDualBenchmark}: the simulated data, the seeds and the picking protocol. Sizes in voxels,
 * lengths in Å unless named {@code Nm}, dose in e/Å² over the whole tilt series.
 *
 * <p><b>Seeds.</b> Every specimen has its own seed, derived from {@link #seed()} {@code s}: training tomograms
 * {@code 1000 s + 1, 2, ...}, clean maps {@code 1000 s + 101, ...}, the validation tomogram {@code 1000 s + 500}, test
 * tomograms {@code 1000 s + 601, ...}; so the four groups never share a specimen.
 *
 * <p><b>Picking (the DUAL paper's Table 2 protocol in nm).</b> DoG with {@code sigma1 = 8.0 nm} and
 * {@code sigma2 / sigma1 = 1.1}, a pick within {@code 8 nm} of a true particle centre matches it; converted to voxels
 * by the voxel size. Not in the paper, our choices: non-maximum suppression at the match distance (8 nm), no pick
 * closer than {@link #pickBorderNm()} to a face (DoG over reflected borders otherwise peaks on the faces; every
 * particle is placed inside the box). Top-N: the number of true particles of the test tomogram, not the paper's 500
 * per SHREC tomogram scaled by volume: 500 picks in 512 x 512 x 180 nm³ is about 1.1e-5 per nm³, which gives one or
 * two picks for a 64 x 64 x 32 nm box holding 8 particles, so F1 would measure the top-N rule rather than the
 * denoising.
 *
 * @param quick          whether this is the quick preset (recorded in the outputs)
 * @param seed           benchmark seed (specimens, noise, training)
 * @param nx, ny, nz     tomogram box (x across the tilt axis, y along it, z the beam at zero tilt)
 * @param voxelSizeA     voxel (and detector pixel) size, Å
 * @param particles      macromolecules per specimen (drawn from the templates), one vesicle, no gold
 * @param totalDose      electron dose of the whole tilt series, e/Å²
 * @param minDeg, maxDeg, stepDeg the dose-symmetric tilt scheme
 * @param ctfCorrect     use the tomogram reconstructed from phase-flipped views; otherwise the tomogram without CTF
 *                       correction, its contrast inverted (molecules are dark in raw images) as a pipeline without CTF
 *                       correction would
 * @param templates      directory of density templates ({@code NAME.mrc})
 * @param trainTomograms noisy-domain tomograms (DUAL's noisy domain, the noise2noise training set)
 * @param cleanMaps      clean-domain maps: truth potentials of other specimens (DUAL's clean domain)
 * @param testTomograms  held-out test tomograms, at least 7
 * @param dogSigma1Nm    DoG sigma1, nm
 * @param dogK           DoG sigma2 / sigma1
 * @param nmsNm          DoG non-maximum-suppression distance, nm
 * @param matchNm        pick-to-particle match distance, nm
 * @param pickBorderNm   no pick closer than this to a face, nm
 */
public record SimDualBenchmarkOptions(boolean quick, long seed, int nx, int ny, int nz, double voxelSizeA, int particles, double totalDose,
                                      double minDeg, double maxDeg, double stepDeg, boolean ctfCorrect, Path templates, int trainTomograms,
                                      int cleanMaps, int testTomograms, double dogSigma1Nm, double dogK, double nmsNm, double matchNm,
                                      double pickBorderNm) {
    /** Fewest held-out test tomograms (the paper's Table 2 reports seven). */
    public static final int MIN_TESTS = 7;

    /** Checks the fields. */
    public SimDualBenchmarkOptions {
        if (nx < 16 || ny < 16 || nz < 8) throw new IllegalArgumentException("SimDualBenchmarkOptions: box " + nx + "x" + ny + "x" + nz + " is too small");
        if (!(voxelSizeA > 0) || !(totalDose > 0)) throw new IllegalArgumentException("SimDualBenchmarkOptions: voxel size and dose must be > 0");
        if (particles < 1) throw new IllegalArgumentException("SimDualBenchmarkOptions: need at least one particle per specimen, got " + particles);
        if (templates == null) throw new IllegalArgumentException("SimDualBenchmarkOptions: templates directory is null");
        if (trainTomograms < 1 || trainTomograms > 99 || cleanMaps < 1 || cleanMaps > 99)
            throw new IllegalArgumentException("SimDualBenchmarkOptions: need 1-99 training tomograms and clean maps, got " + trainTomograms + " and " + cleanMaps);
        if (testTomograms < MIN_TESTS || testTomograms > 99)
            throw new IllegalArgumentException("SimDualBenchmarkOptions: need " + MIN_TESTS + "-99 test tomograms, got " + testTomograms);
        if (!(dogSigma1Nm > 0) || !(dogK > 1) || !(nmsNm >= 0) || !(matchNm > 0) || !(pickBorderNm >= 0))
            throw new IllegalArgumentException("SimDualBenchmarkOptions: picking needs sigma1 > 0, k > 1, nms >= 0, match > 0, border >= 0");
    }

    /**
     * The quick preset: 64 x 64 x 32 voxels of 10 Å, 8 particles, 60 e/Å² over -60..60 by 3 degrees, phase flipping,
     * 4 training tomograms, 4 clean maps, 1 validation and 7 test tomograms, the paper's picking protocol. With
     * {@code cryograd benchmark dual-sim --quick} DUAL trains 600 steps ({@code DualConfig.quick()}, lr 5e-4) and
     * noise2noise 500 ({@code Noise2NoiseConfig.quick()}); the whole run takes about 20 minutes on 2 cores.
     */
    public static SimDualBenchmarkOptions quick(Path templates, long seed) {
        return new SimDualBenchmarkOptions(true, seed, 64, 64, 32, 10, 8, 60, -60, 60, 3, true, templates, 4, 4, 7, 8.0, 1.1, 8.0, 8.0, 4.0);
    }

    /**
     * The standard preset: 128 x 128 x 64 voxels of 10 Å, 24 particles, otherwise as {@link #quick}, with 8 training
     * tomograms, 8 clean maps and 10 test tomograms. The command line trains DUAL 3000 steps and noise2noise 2000
     * ({@code Noise2NoiseConfig.standard()}); hours on 2 cores.
     */
    public static SimDualBenchmarkOptions standard(Path templates, long seed) {
        return new SimDualBenchmarkOptions(false, seed, 128, 128, 64, 10, 24, 60, -60, 60, 3, true, templates, 8, 8, 10, 8.0, 1.1, 8.0, 8.0, 4.0);
    }

    /** A copy with CTF correction on or off. */
    public SimDualBenchmarkOptions withCtfCorrect(boolean on) {
        return new SimDualBenchmarkOptions(quick, seed, nx, ny, nz, voxelSizeA, particles, totalDose, minDeg, maxDeg, stepDeg, on, templates, trainTomograms,
                cleanMaps, testTomograms, dogSigma1Nm, dogK, nmsNm, matchNm, pickBorderNm);
    }

    /** A copy with another box, voxel size and particle count (tests use tiny ones). */
    public SimDualBenchmarkOptions withBox(int nx, int ny, int nz, double voxelSizeA, int particles) {
        return new SimDualBenchmarkOptions(quick, seed, nx, ny, nz, voxelSizeA, particles, totalDose, minDeg, maxDeg, stepDeg, ctfCorrect, templates,
                trainTomograms, cleanMaps, testTomograms, dogSigma1Nm, dogK, nmsNm, matchNm, pickBorderNm);
    }

    /** A copy with other numbers of training tomograms, clean maps and test tomograms. */
    public SimDualBenchmarkOptions withCounts(int train, int clean, int tests) {
        return new SimDualBenchmarkOptions(quick, seed, nx, ny, nz, voxelSizeA, particles, totalDose, minDeg, maxDeg, stepDeg, ctfCorrect, templates, train,
                clean, tests, dogSigma1Nm, dogK, nmsNm, matchNm, pickBorderNm);
    }

    /** A copy with another tilt scheme (degrees). */
    public SimDualBenchmarkOptions withTilts(double min, double max, double step) {
        return new SimDualBenchmarkOptions(quick, seed, nx, ny, nz, voxelSizeA, particles, totalDose, min, max, step, ctfCorrect, templates, trainTomograms,
                cleanMaps, testTomograms, dogSigma1Nm, dogK, nmsNm, matchNm, pickBorderNm);
    }

    /** Seeds of the training (noisy-domain) tomograms. */
    public long[] trainingSeeds() {
        return seeds(1, trainTomograms);
    }

    /** Seeds of the clean-domain specimens. */
    public long[] cleanSeeds() {
        return seeds(101, cleanMaps);
    }

    /** Seed of the validation tomogram, the only truth used to choose settings. */
    public long validationSeed() {
        return 1000 * seed + 500;
    }

    /** Seeds of the held-out test tomograms. */
    public long[] testSeeds() {
        return seeds(601, testTomograms);
    }

    private long[] seeds(int first, int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) s[i] = 1000 * seed + first + i;
        return s;
    }

    /** Voxels per nm. */
    private double perNm() {
        return 10.0 / voxelSizeA;
    }

    /** DoG sigma1 in voxels. */
    public double dogSigma1() {
        return dogSigma1Nm * perNm();
    }

    /** NMS distance in voxels. */
    public double nms() {
        return nmsNm * perNm();
    }

    /** Match distance in voxels. */
    public double match() {
        return matchNm * perNm();
    }

    /** Pick border in voxels (rounded down). */
    public int pickBorder() {
        return (int) Math.floor(pickBorderNm * perNm());
    }
}
