package org.cryograd.coordnet.bench;

import java.nio.file.Path;
import java.util.List;
import org.cryograd.coordnet.CnConfig;

/**
 * Settings of {@link CnBenchmark}. Sizes in voxels, the voxel size in Å, the dose in e/Å² over the whole series.
 *
 * @param nx, ny, nz       tomogram box (x across the tilt axis, y along it, z the beam at zero tilt)
 * @param voxelSize        voxel (and detector pixel) size, Å
 * @param particles        macromolecules per tomogram (drawn from the templates)
 * @param totalDose        electron dose of the whole tilt series, e/Å² (sets the shot noise)
 * @param minDeg, maxDeg, stepDeg  the dose-symmetric tilt scheme
 * @param ctfCorrect       phase-flip every view with its defocus before reconstruction; otherwise the contrast is only
 *                         inverted (molecules are dark in raw images), as a pipeline without CTF correction would do
 * @param templates        directory of density templates ({@code NAME.mrc})
 * @param templateNames    templates to use (empty: every standard one present)
 * @param validationSeed   seed of the validation tomogram, the only one whose truth is used to choose settings
 * @param testSeeds        seeds of the held-out test tomograms, never used for choosing
 * @param sirtMaxIterations SIRT iterations tried on the validation tomogram (the best count is used on the tests)
 * @param cnCandidates     coordinate-network settings tried on the validation tomogram (the best is used on the tests)
 * @param heldOutEvery     {@code sirt-heldout} leaves out one view in this many (the truth-free rule)
 */
public record CnBenchmarkOptions(int nx, int ny, int nz, double voxelSize, int particles, double totalDose, double minDeg, double maxDeg,
                                 double stepDeg, boolean ctfCorrect, Path templates, List<String> templateNames, long validationSeed,
                                 long[] testSeeds, int sirtMaxIterations, List<CnConfig> cnCandidates, int heldOutEvery) {
    /** Validates and copies. */
    public CnBenchmarkOptions {
        if (nx < 16 || ny < 4 || nz < 8) throw new IllegalArgumentException("CnBenchmarkOptions: box " + nx + "x" + ny + "x" + nz + " is too small");
        if (testSeeds == null || testSeeds.length == 0) throw new IllegalArgumentException("CnBenchmarkOptions: need at least one test seed");
        for (long s : testSeeds)
            if (s == validationSeed) throw new IllegalArgumentException("CnBenchmarkOptions: test seed " + s + " is the validation seed");
        if (cnCandidates == null || cnCandidates.isEmpty()) throw new IllegalArgumentException("CnBenchmarkOptions: need at least one CN setting");
        if (sirtMaxIterations < 1) throw new IllegalArgumentException("CnBenchmarkOptions: sirtMaxIterations must be >= 1");
        testSeeds = testSeeds.clone();
        cnCandidates = List.copyOf(cnCandidates);
        templateNames = List.copyOf(templateNames);
    }

    @Override
    public long[] testSeeds() {
        return testSeeds.clone();
    }

    /**
     * A short run: 64 x 48 x 32 voxels of 10 Å, 8 particles, 60 e/Å² over -60..60 by 3 degrees, phase flipping, three
     * test tomograms, SIRT up to 100 iterations, two CN settings (the quick preset and twice its steps).
     */
    public static CnBenchmarkOptions quick(Path templates) {
        return new CnBenchmarkOptions(64, 48, 32, 10, 8, 60, -60, 60, 3, true, templates, List.of(), 100, new long[] {101, 102, 103}, 100,
                List.of(CnConfig.quick().withSlicesPerChunk(2).withIterations(400, 100), CnConfig.quick().withSlicesPerChunk(2).withIterations(800, 200)), 6);
    }

    /** {@link #quick} at 96 x 96 x 48 with seven test tomograms and the demo CN settings with and without the gradient penalty. */
    public static CnBenchmarkOptions standard(Path templates) {
        return new CnBenchmarkOptions(96, 96, 48, 10, 20, 60, -60, 60, 3, true, templates, List.of(), 100,
                new long[] {101, 102, 103, 104, 105, 106, 107}, 200, List.of(CnConfig.demo(), CnConfig.demo().withGradientPenalty(1)), 6);
    }

    /** A copy with CTF correction on or off. */
    public CnBenchmarkOptions withCtfCorrect(boolean on) {
        return new CnBenchmarkOptions(nx, ny, nz, voxelSize, particles, totalDose, minDeg, maxDeg, stepDeg, on, templates, templateNames, validationSeed,
                testSeeds, sirtMaxIterations, cnCandidates, heldOutEvery);
    }

    /** A copy with other seeds. */
    public CnBenchmarkOptions withSeeds(long validation, long[] tests) {
        return new CnBenchmarkOptions(nx, ny, nz, voxelSize, particles, totalDose, minDeg, maxDeg, stepDeg, ctfCorrect, templates, templateNames, validation,
                tests, sirtMaxIterations, cnCandidates, heldOutEvery);
    }

    /** A copy with other coordinate-network settings and SIRT iteration limit (tests use tiny ones). */
    public CnBenchmarkOptions withSearch(int sirtMax, List<CnConfig> cn) {
        return new CnBenchmarkOptions(nx, ny, nz, voxelSize, particles, totalDose, minDeg, maxDeg, stepDeg, ctfCorrect, templates, templateNames, validationSeed,
                testSeeds, sirtMax, cn, heldOutEvery);
    }

    /** A copy with another box, voxel size and particle count. */
    public CnBenchmarkOptions withBox(int nx, int ny, int nz, double voxelSize, int particles) {
        return new CnBenchmarkOptions(nx, ny, nz, voxelSize, particles, totalDose, minDeg, maxDeg, stepDeg, ctfCorrect, templates, templateNames, validationSeed,
                testSeeds, sirtMaxIterations, cnCandidates, heldOutEvery);
    }
}
