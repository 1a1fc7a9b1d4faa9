package org.cryograd.em.benchmark;

import org.cryograd.em.synth.SynthConfig;

/**
 * Settings of {@link DualBenchmark#run}. Picking distances are in voxels; NaN (or 0 for {@code topN}) means "derive
 * from the synthetic configuration": {@code sigma1} is chosen by {@link DualBenchmark} on the clean tuning map (grand
 * model 8) from {@link #sigma1Grid()} by picking F1, largest on ties (so a perfect denoiser would pick near the ceiling set by the
 * fiducials; the solid-ball optimum {@code radius / sqrt(3)}, the paper's 8.0 for a 14 nm ribosome, is too coarse for
 * Gaussian-blob molecules and picks vesicle membranes), {@code nms = 2 minRadius + minGap} (the closest two true
 * particles can be), {@code match = max(2, 0.6 meanRadius)} (the paper's 8 nm for 14 nm radius), {@code topN} = the
 * number of true particles in the test volume. Picks closer than {@link #pickBorder()} to a face are never made.
 *
 * @param quick          whether this is the quick preset (recorded in the output)
 * @param seed           benchmark seed
 * @param synth          sizes and imaging
 * @param dogSigma1      DoG sigma1 (NaN = derived)
 * @param dogK           DoG sigma2 / sigma1
 * @param nmsDistance    DoG non-maximum-suppression distance (NaN = derived)
 * @param topN           picks per volume (0 = number of true particles)
 * @param matchDistance  pick-to-truth match radius (NaN = derived)
 * @param writeData      also write all ten pairs (MRC + STAR) under {@code outDir/data}
 */
public record DualBenchmarkOptions(boolean quick, long seed, SynthConfig synth, double dogSigma1, double dogK, double nmsDistance, int topN,
                                   double matchDistance, boolean writeData) {

    /** Checks the fields. */
    public DualBenchmarkOptions {
        if (synth == null) throw new IllegalArgumentException("DualBenchmarkOptions: synth is null");
        if (!(dogK > 1)) throw new IllegalArgumentException("DualBenchmarkOptions: dogK must be > 1, got " + dogK);
        if (topN < 0) throw new IllegalArgumentException("DualBenchmarkOptions: topN must be >= 0, got " + topN);
    }

    /**
     * The quick preset ({@link SynthConfig#quick()} with phase-flipped tilts, the usual CTF correction before
     * reconstruction, e.g. IMOD's ctfphaseflip), derived picking settings, no data files. Without the correction the
     * tomograms carry CTF fringes that an unpaired translation can satisfy by shifting structure onto a fringe (a
     * 300-step DUAL run came out shifted by two voxels along x); use {@link #withSynth} to benchmark uncorrected data.
     */
    public static DualBenchmarkOptions quick(long seed) {
        return new DualBenchmarkOptions(true, seed, phaseFlipped(SynthConfig.quick()), Double.NaN, 1.1, Double.NaN, 0, Double.NaN, false);
    }

    /** The standard preset ({@link SynthConfig#standard()}, phase-flipped as {@link #quick}), derived picking settings, data files written. */
    public static DualBenchmarkOptions standard(long seed) {
        return new DualBenchmarkOptions(false, seed, phaseFlipped(SynthConfig.standard()), Double.NaN, 1.1, Double.NaN, 0, Double.NaN, true);
    }

    private static SynthConfig phaseFlipped(SynthConfig c) {
        return c.withCtf(c.defocusUm(), true);
    }

    /** A copy with another synthetic configuration. */
    public DualBenchmarkOptions withSynth(SynthConfig s) {
        return new DualBenchmarkOptions(quick, seed, s, dogSigma1, dogK, nmsDistance, topN, matchDistance, writeData);
    }

    /** A copy with another seed (data and training). */
    public DualBenchmarkOptions withSeed(long v) {
        return new DualBenchmarkOptions(quick, v, synth, dogSigma1, dogK, nmsDistance, topN, matchDistance, writeData);
    }

    /** A copy that does or does not write the ten pairs. */
    public DualBenchmarkOptions withWriteData(boolean on) {
        return new DualBenchmarkOptions(quick, seed, synth, dogSigma1, dogK, nmsDistance, topN, matchDistance, on);
    }

    /** Whether sigma1 is chosen on the tuning map (it was given as NaN). */
    public boolean tuneSigma1() {
        return Double.isNaN(dogSigma1);
    }

    /** Candidate sigma1 values when tuned: {0.25, 0.3, ..., 0.6} x mean class radius. */
    public double[] sigma1Grid() {
        double[] g = new double[8];
        for (int i = 0; i < g.length; i++) g[i] = (0.25 + 0.05 * i) * synth.meanRadius();
        return g;
    }

    /** NMS distance in effect. */
    public double nms() {
        return Double.isNaN(nmsDistance) ? 2 * synth.minRadius() + synth.minGap() : nmsDistance;
    }

    /**
     * Picks are skipped within {@code floor(minRadius)} voxels of a face: a particle centred there would stick out of
     * the volume (and could not be extracted), and the generator places every particle fully inside, so no true
     * centre is that close. DoG over reflect-padded borders otherwise finds maxima on the faces themselves.
     */
    public int pickBorder() {
        return (int) Math.floor(synth.minRadius());
    }

    /** Match radius in effect. */
    public double match() {
        return Double.isNaN(matchDistance) ? Math.max(2, 0.6 * synth.meanRadius()) : matchDistance;
    }
}
