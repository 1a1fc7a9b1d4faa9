package org.cryograd.em.denoise;

/**
 * Anything that denoises a whole volume {@code [nz, ny, nx]} (row-major, x fastest): the classical baselines here and,
 * through {@code org.cryograd.em.benchmark.DenoiserFactory}, DUAL's denoiser. Implementations must not modify the input.
 */
@FunctionalInterface
public interface VolumeDenoiser {

    /** The denoised volume, a new array of the same size. */
    float[] denoise(float[] volume, int nz, int ny, int nx);

    /** Checks that {@code volume} has {@code nz * ny * nx} voxels; the message names {@code op}. */
    static void checkShape(String op, float[] volume, int nz, int ny, int nx) {
        if (nz < 1 || ny < 1 || nx < 1 || (long) nz * ny * nx != volume.length)
            throw new IllegalArgumentException(op + ": volume of " + volume.length + " voxels does not have shape [" + nz + ", " + ny + ", " + nx + "]");
    }
}
