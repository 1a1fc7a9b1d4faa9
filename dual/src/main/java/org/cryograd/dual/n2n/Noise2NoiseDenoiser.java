package org.cryograd.dual.n2n;

import org.cryograd.dual.TiledInference;
import org.cryograd.dual.Volume;
import org.cryograd.dual.net.UNet3d;
import org.cryograd.em.benchmark.HalfSetDenoiser;
import org.cryograd.em.denoise.VolumeDenoiser;

/**
 * A trained noise2noise network: {@link #apply} runs it over a whole volume in overlapping tiles
 * ({@link TiledInference}); {@link #denoise} averages its outputs on the two halves of a tomogram (each half's output
 * estimates the clean signal, their noise is independent, so the average halves the remaining variance).
 *
 * @param net    the network (maps a standardised half to an estimate of the other)
 * @param config its settings
 */
public record Noise2NoiseDenoiser(UNet3d net, Noise2NoiseConfig config) implements HalfSetDenoiser {
    /** Checks the arguments. */
    public Noise2NoiseDenoiser {
        if (net == null || config == null) throw new IllegalArgumentException("Noise2NoiseDenoiser: net and config must not be null");
    }

    /** The network applied to one volume {@code [nz, ny, nx]} (a new array). */
    public float[] apply(float[] volume, int nz, int ny, int nx) {
        VolumeDenoiser.checkShape("noise2noise", volume, nz, ny, nx);
        return new TiledInference(config.patch(), config.tileOverlap()).apply(new Volume(volume, nz, ny, nx), net::forward).data();
    }

    @Override
    public float[] denoise(float[] even, float[] odd, int nz, int ny, int nx) {
        float[] a = apply(even, nz, ny, nx), b = apply(odd, nz, ny, nx);
        for (int i = 0; i < a.length; i++) a[i] = 0.5f * (a[i] + b[i]);
        return a;
    }

    /** How the benchmark's files name it. */
    @Override
    public String toString() {
        return "noise2noise U-Net depth " + config.depth() + " base " + config.base() + ", " + config.steps() + " steps, mean of f(even) and f(odd)";
    }
}
