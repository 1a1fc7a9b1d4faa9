package org.cryograd.em.benchmark;

/**
 * Trains a {@link HalfSetDenoiser} from the half reconstructions of the benchmark's training tomograms only (no clean
 * data): the learned baseline of {@link SimDualBenchmark} (noise2noise) plugs in here.
 */
@FunctionalInterface
public interface HalfSetDenoiserFactory {

    /**
     * The trained denoiser.
     *
     * @param data     the training tomograms' halves
     * @param progress where to report training progress
     */
    HalfSetDenoiser create(HalfSetTrainingData data, BenchmarkProgress progress) throws Exception;
}
