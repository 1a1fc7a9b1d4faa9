package org.cryograd.em.benchmark;

import java.util.Map;

/**
 * A trained model with a noise encoder (DUAL's E) that can report how its codes on a tomogram's patches are
 * distributed: the KL term of training asks for {@code N(0, I)}, and simulation draws codes from it, so a benchmark
 * records how far the trained encoder is from that.
 */
public interface NoiseCodeProbe {
    /** Metric names of {@link #codeStatistics}, in order. */
    java.util.List<String> METRICS = java.util.List.of("code_max_abs_mean", "code_max_cov_error", "code_kl", "code_max_abs_mean_flips",
            "code_max_cov_error_flips", "code_kl_flips");

    /**
     * Statistics of the codes of random patches of a standardised tomogram.
     *
     * @param tomogram standardised voxels {@code [nz][ny][nx]}
     * @param seed     seed of the patch positions
     * @return {@link #METRICS}: {@code max_j |μ_j|}, {@code max_pq |Σ_pq − δ_pq|} and {@code KL(N(0,I) || N(μ, Σ))} of
     *         the patches as they are, then the same over patches flipped as training flipped them (the distribution the
     *         KL term saw); a probe may give only the first three
     */
    Map<String, Double> codeStatistics(float[] tomogram, int nz, int ny, int nx, long seed);
}
