package org.cryograd.em.denoise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Exhaustive search of a baseline's parameters on a training pair: every candidate denoiser is applied to the
 * training tomogram and scored against its ground truth by the caller's score (e.g. PSNR after the evaluation's
 * intensity normalisation); the highest score wins, the first candidate on ties. The grids are the baselines' own
 * ({@link Baseline#grid}, registered in {@link Baselines}).
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

    /**
     * A baseline tuned by {@link #tune}.
     *
     * @param denoiser   the winning member of the grid
     * @param parameters its parameters as the baseline writes them ({@link Baseline#parameters})
     * @param score      its score
     */
    public record Tuned(VolumeDenoiser denoiser, String parameters, double score) {}

    /** {@link #search} over {@code baseline.grid(std)}: the winner and its parameter text. */
    public static <D extends VolumeDenoiser> Tuned tune(Baseline<D> baseline, double std, float[] noisy, int nz, int ny, int nx,
                                                      ToDoubleFunction<float[]> score) {
        Scored<D> best = search(baseline.grid(std), noisy, nz, ny, nx, score).best();
        return new Tuned(best.denoiser(), baseline.parameters(best.denoiser()), best.score());
    }
}
