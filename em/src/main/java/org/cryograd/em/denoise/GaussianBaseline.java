package org.cryograd.em.denoise;

import java.util.List;

/** {@link GaussianDenoiser} as a benchmark baseline: sigma 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4 voxels. */
public final class GaussianBaseline implements Baseline<GaussianDenoiser> {
    @Override
    public String name() {
        return "gaussian";
    }

    @Override
    public String description() {
        return "3-D Gaussian smoothing (scipy gaussian_filter), sigma tuned in 0.5-4 voxels";
    }

    /** Sigmas in voxels; {@code std} is not used (smoothing is linear). */
    @Override
    public List<GaussianDenoiser> grid(double std) {
        return List.of(0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0).stream().map(GaussianDenoiser::new).toList();
    }

    @Override
    public String parameters(GaussianDenoiser d) {
        return "sigma=" + d.sigma();
    }
}
