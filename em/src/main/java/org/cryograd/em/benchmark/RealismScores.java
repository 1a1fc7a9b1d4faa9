package org.cryograd.em.benchmark;

import org.cryograd.em.eval.Distributions;
import org.cryograd.em.eval.RadialSpectrum;
import org.cryograd.em.eval.VolumeStats;

/**
 * How far a simulated tomogram is from a real one (lower is closer), both standardised first.
 *
 * @param spectrumDistance RMS difference of log10 radially averaged power spectra ({@link Distributions#logSpectrumDistance})
 * @param wasserstein1     Wasserstein-1 distance of the voxel values
 * @param jensenShannon    Jensen–Shannon divergence (bits) of 100-bin voxel histograms over [-5, 5]
 */
public record RealismScores(double spectrumDistance, double wasserstein1, double jensenShannon) {

    /** Scores {@code simulated} against {@code real} (same shape). */
    public static RealismScores compare(float[] simulated, float[] real, int nz, int ny, int nx) {
        if (simulated.length != real.length)
            throw new IllegalArgumentException("RealismScores.compare: " + simulated.length + " vs " + real.length + " voxels");
        float[] s = VolumeStats.standardize(simulated), r = VolumeStats.standardize(real);
        double spec = Distributions.logSpectrumDistance(RadialSpectrum.compute(s, nz, ny, nx), RadialSpectrum.compute(r, nz, ny, nx));
        double w = Distributions.wasserstein1(s, r);
        double js = Distributions.jensenShannon(Distributions.histogram(s, -5, 5, 100), Distributions.histogram(r, -5, 5, 100));
        return new RealismScores(spec, w, js);
    }
}
