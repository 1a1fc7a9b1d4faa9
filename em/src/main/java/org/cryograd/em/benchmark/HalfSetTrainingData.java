package org.cryograd.em.benchmark;

import java.util.List;

/**
 * What a {@link HalfSetDenoiserFactory} gets: the even and odd half reconstructions of the benchmark's training
 * tomograms (the same tomograms as the noisy domain of {@link TrainingData}, nothing clean), each standardised,
 * shape {@code [nz, ny, nx]}; {@code even.get(i)} and {@code odd.get(i)} are the halves of tomogram {@code i}.
 *
 * @param even       even halves
 * @param odd        odd halves, same order
 * @param nz         thickness
 * @param ny         height
 * @param nx         width
 * @param voxelSizeA voxel size in Å
 * @param seed       the benchmark seed (for the trainer's own randomness)
 */
public record HalfSetTrainingData(List<float[]> even, List<float[]> odd, int nz, int ny, int nx, double voxelSizeA, long seed) {

    /** Copies the lists and checks their sizes. */
    public HalfSetTrainingData {
        even = List.copyOf(even);
        odd = List.copyOf(odd);
        if (even.isEmpty() || even.size() != odd.size())
            throw new IllegalArgumentException("HalfSetTrainingData: " + even.size() + " even halves for " + odd.size() + " odd halves");
        long n = (long) nz * ny * nx;
        for (int i = 0; i < even.size(); i++)
            if (even.get(i).length != n || odd.get(i).length != n)
                throw new IllegalArgumentException("HalfSetTrainingData: halves of tomogram " + i + " have " + even.get(i).length + " and " + odd.get(i).length
                        + " voxels, expected " + n);
    }
}
