package org.cryograd.em.denoise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Exhaustive search of a baseline's parameters on a training pair: every candidate denoiser is applied to the
 * training tomogram and scored against its ground truth by the caller's score (e.g. PSNR after the evaluation's
 * intensity normalisation); the highest score wins, the first candidate on ties. The grids below are the defaults the
 * benchmark uses; they are given in units of the input's standard deviation so they fit any scaling.
 */
public final class ParameterSearch {
    private ParameterSearch() {}

    /**
     * One scored candidate.
     *
     * @param denoiser the candidate
     * @param score    its score (higher is better)
     */
    public record Scored<D extends VolumeDenoiser>(D denoiser, double score) {}

    /**
     * The outcome of a search.
     *
     * @param best the winner
     * @param all  every candidate with its score, in the order tried
     */
    public record Result<D extends VolumeDenoiser>(Scored<D> best, List<Scored<D>> all) {}

    /**
     * Scores every candidate on {@code noisy} and returns the best.
     *
     * @param candidates non-empty list
     * @param noisy      training tomogram {@code [nz, ny, nx]}
     * @param score      maps a denoised volume to a score (higher is better); NaN scores never win
     */
    public static <D extends VolumeDenoiser> Result<D> search(List<D> candidates, float[] noisy, int nz, int ny, int nx,
                                                            ToDoubleFunction<float[]> score) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("ParameterSearch.search: no candidates");
        List<Scored<D>> all = new ArrayList<>();
        Scored<D> best = null;
        for (D c : candidates) {
            Scored<D> s = new Scored<>(c, score.applyAsDouble(c.denoise(noisy, nz, ny, nx)));
            all.add(s);
            if (best == null || s.score() > best.score() || Double.isNaN(best.score())) best = s;
        }
        return new Result<>(best, List.copyOf(all));
    }

    /** Gaussian sigmas 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4 voxels. */
    public static List<GaussianDenoiser> gaussianGrid() {
        return List.of(0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0).stream().map(GaussianDenoiser::new).toList();
    }

    /**
     * Perona–Malik (exponential, dt 1/7): kappa in {0.25, 0.5, 1, 1.5, 2, 3, 4, 6} x {@code std}, steps in
     * {3, 5, 8, 10, 15, 20, 40, 80} (large kappa is linear diffusion, i.e. Gaussian smoothing of sigma
     * {@code sqrt(2 dt steps)}, so the grid contains a Gaussian-like fallback).
     *
     * @param std the input's standard deviation
     */
    public static List<AnisotropicDiffusion> diffusionGrid(double std) {
        List<AnisotropicDiffusion> out = new ArrayList<>();
        for (double k : new double[] {0.25, 0.5, 1, 1.5, 2, 3, 4, 6})
            for (int steps : new int[] {3, 5, 8, 10, 15, 20, 40, 80}) out.add(AnisotropicDiffusion.of(k * std, steps));
        return out;
    }

    /**
     * Non-local means with patch 5 and search distance 5 (an 11^3 window): h in {0.2, 0.35, 0.5, 0.7, 1, 1.4, 2} x
     * {@code std}, no sigma correction. skimage's defaults, patch 7 / distance 11 (a 23^3 window), cost about 10x more
     * on a 64 x 64 x 32 volume (74 s vs 7 s) and were worse in one check on the quick benchmark at SNR 0.01 (|r| with
     * the truth 0.06 vs 0.15 at h = 1 std).
     *
     * @param std the input's standard deviation
     */
    public static List<NonLocalMeans> nlmGrid(double std) {
        List<NonLocalMeans> out = new ArrayList<>();
        for (double h : new double[] {0.2, 0.35, 0.5, 0.7, 1.0, 1.4, 2.0}) out.add(new NonLocalMeans(5, 5, h * std, 0));
        return out;
    }
}
