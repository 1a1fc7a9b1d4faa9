package org.cryograd.em.denoise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link NonLocalMeans} as the benchmark baseline {@code nlm}: patch 5 and search distance 5 (an 11^3 window), h in
 * {0.2, 0.35, 0.5, 0.7, 1, 1.4, 2} x std, no sigma correction. skimage's defaults, patch 7 / distance 11 (a 23^3
 * window), cost about 10x more on a 64 x 64 x 32 volume (74 s vs 7 s) and were worse in one check on the quick
 * benchmark at SNR 0.01 (|r| with the truth 0.06 vs 0.15 at h = 1 std).
 */
public final class NlmBaseline implements Baseline<NonLocalMeans> {
    @Override
    public String name() {
        return "nlm";
    }

    @Override
    public String description() {
        return "non-local means (skimage fast mode), patch 5, distance 5, h tuned in 0.2-2 std";
    }

    @Override
    public List<NonLocalMeans> grid(double std) {
        List<NonLocalMeans> out = new ArrayList<>();
        for (double h : new double[] {0.2, 0.35, 0.5, 0.7, 1.0, 1.4, 2.0}) out.add(new NonLocalMeans(5, 5, h * std, 0));
        return out;
    }

    @Override
    public String parameters(NonLocalMeans d) {
        return String.format(Locale.ROOT, "patch=%d distance=%d h=%.3g", d.patchSize(), d.patchDistance(), d.h());
    }
}
