package org.cryograd.em.denoise;

import org.cryograd.fft.Filters;
import org.cryograd.tensor.Tensor;

/**
 * 3-D Gaussian smoothing in real space: {@code scipy.ndimage.gaussian_filter(v, sigma, mode='reflect', truncate=4)}
 * (fft's {@link Filters#gaussianSeparable}, double accumulation).
 *
 * @param sigma standard deviation in voxels ({@code 0} = identity)
 */
public record GaussianDenoiser(double sigma) implements VolumeDenoiser {

    /** Checks sigma. */
    public GaussianDenoiser {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("GaussianDenoiser: sigma must be finite and >= 0, got " + sigma);
    }

    @Override
    public float[] denoise(float[] volume, int nz, int ny, int nx) {
        VolumeDenoiser.checkShape("GaussianDenoiser", volume, nz, ny, nx);
        try (Tensor v = Tensor.of(volume.clone(), nz, ny, nx); Tensor out = Filters.gaussianSeparable(v, 3, sigma)) {
            return out.toArray();
        }
    }
}
