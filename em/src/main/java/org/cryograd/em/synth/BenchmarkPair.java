package org.cryograd.em.synth;

/**
 * Grand model {@code i} and its simulated tomogram.
 *
 * @param index     0..9
 * @param model     the noise-free density map and its annotation
 * @param tomogram  the simulated tomogram {@code [nz, ny, nx]}
 */
public record BenchmarkPair(int index, GrandModel model, float[] tomogram) {

    /** Checks the sizes agree. */
    public BenchmarkPair {
        if (tomogram.length != model.density().length)
            throw new IllegalArgumentException("BenchmarkPair " + index + ": tomogram has " + tomogram.length + " voxels, model " + model.density().length);
    }
}
