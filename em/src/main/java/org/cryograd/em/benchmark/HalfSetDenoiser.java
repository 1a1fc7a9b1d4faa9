package org.cryograd.em.benchmark;

/**
 * A denoiser that needs a tomogram's two independent half reconstructions (even and odd frames or tilts), such as a
 * noise2noise network: it gets both halves of the same tomogram, each standardised, shape {@code [nz, ny, nx]}.
 */
@FunctionalInterface
public interface HalfSetDenoiser {

    /** The denoised tomogram (a new array) from its {@code even} and {@code odd} half reconstructions. */
    float[] denoise(float[] even, float[] odd, int nz, int ny, int nx);
}
