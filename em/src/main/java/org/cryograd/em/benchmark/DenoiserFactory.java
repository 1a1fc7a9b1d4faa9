package org.cryograd.em.benchmark;

import org.cryograd.em.denoise.VolumeDenoiser;

/**
 * Trains (or loads) a denoiser from the benchmark's unpaired domains: DUAL plugs in here. The returned denoiser gets
 * the standardised test tomogram; if it also implements {@link VolumeSimulator}, its simulations are scored too.
 */
@FunctionalInterface
public interface DenoiserFactory {

    /**
     * The trained denoiser.
     *
     * @param data     the noisy and clean domains
     * @param progress where to report training progress (stage {@code "dual"})
     */
    VolumeDenoiser create(TrainingData data, BenchmarkProgress progress) throws Exception;
}
