package org.cryograd.em.benchmark;

import java.util.List;

/**
 * What a {@link DenoiserFactory} gets: the unpaired training domains of the benchmark, every volume standardised
 * (zero mean, unit population standard deviation), shape {@code [nz, ny, nx]}.
 *
 * @param noisy      the noisy domain (tomograms 0-3)
 * @param clean      the clean domain (grand models 4-7)
 * @param nz         thickness
 * @param ny         height
 * @param nx         width
 * @param voxelSizeA voxel size in Å
 * @param seed       the benchmark seed (for the trainer's own randomness)
 */
public record TrainingData(List<float[]> noisy, List<float[]> clean, int nz, int ny, int nx, double voxelSizeA, long seed) {

    /** Copies the lists and checks every volume's size. */
    public TrainingData {
        noisy = List.copyOf(noisy);
        clean = List.copyOf(clean);
        long n = (long) nz * ny * nx;
        for (float[] v : noisy) if (v.length != n) throw new IllegalArgumentException("TrainingData: noisy volume of " + v.length + " voxels, expected " + n);
        for (float[] v : clean) if (v.length != n) throw new IllegalArgumentException("TrainingData: clean volume of " + v.length + " voxels, expected " + n);
    }
}
