package org.cryograd.em.benchmark;

/**
 * Turns a clean density map {@code [nz, ny, nx]} into a simulated tomogram. A {@link org.cryograd.em.denoise.VolumeDenoiser}
 * returned by a {@link DenoiserFactory} that also implements this interface (DUAL's Gs + Gn) is scored for realism by
 * {@link DualBenchmark} next to the {@link WhiteNoiseSimulator}.
 */
@FunctionalInterface
public interface VolumeSimulator {

    /** A simulated tomogram of {@code cleanMap} (a new array); {@code seed} fixes the random noise code. */
    float[] simulate(float[] cleanMap, int nz, int ny, int nx, long seed);
}
