package org.cryograd.em.denoise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link AnisotropicDiffusion} (Perona–Malik, exponential conductance, dt 1/7) as the benchmark baseline {@code nad}:
 * kappa in {0.25, 0.5, 1, 1.5, 2, 3, 4, 6} x std, steps in {3, 5, 8, 10, 15, 20, 40, 80} (64 combinations). Large
 * kappa is linear diffusion, i.e. Gaussian smoothing of sigma {@code sqrt(2 dt steps)}, so the grid contains a
 * Gaussian-like fallback.
 */
public final class DiffusionBaseline implements Baseline<AnisotropicDiffusion> {
    @Override
    public String name() {
        return "nad";
    }

    @Override
    public String description() {
        return "Perona-Malik anisotropic diffusion, kappa and steps tuned (64 combinations)";
    }

    @Override
    public List<AnisotropicDiffusion> grid(double std) {
        List<AnisotropicDiffusion> out = new ArrayList<>();
        for (double k : new double[] {0.25, 0.5, 1, 1.5, 2, 3, 4, 6})
            for (int steps : new int[] {3, 5, 8, 10, 15, 20, 40, 80}) out.add(AnisotropicDiffusion.of(k * std, steps));
        return out;
    }

    @Override
    public String parameters(AnisotropicDiffusion d) {
        return String.format(Locale.ROOT, "kappa=%.3g steps=%d dt=%.4g", d.kappa(), d.steps(), d.dt());
    }
}
