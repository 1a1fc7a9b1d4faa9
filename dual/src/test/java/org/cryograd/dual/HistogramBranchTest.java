package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cryograd.dual.net.Discriminator;
import org.cryograd.dual.net.VoxelHistogram;
import org.cryograd.nn.optim.AdamW;
import org.cryograd.tensor.GradCheck;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The discriminators' optional voxel-histogram branch: the soft histogram itself, its gradient, and what it can see. */
class HistogramBranchTest {
    @Test
    void softHistogramMatchesADirectSum() {
        VoxelHistogram h = new VoxelHistogram(9, 4f);
        Tensor x = Tensor.randn(new Rng(3), 2, 1, 4, 4, 4).mul(1.5f);
        float[] got = h.forward(x).toArray(), v = x.toArray();
        double spacing = 1.0, inv = 1 / (2 * spacing * spacing);
        for (int b = 0; b < 2; b++)
            for (int j = 0; j < 9; j++) {
                double c = -4 + j, s = 0;
                for (int i = 0; i < 64; i++) s += Math.exp(-(v[b * 64 + i] - c) * (v[b * 64 + i] - c) * inv);
                assertEquals(Math.log(s / 64 + VoxelHistogram.EPS), got[b * 9 + j], 1e-5, "sample " + b + " bin " + j);
            }
    }

    @Test
    void softHistogramPassesGradCheck() {
        Tensor x = Tensor.randn(new Rng(5), 2, 1, 3, 3, 3).requiresGrad();
        GradCheck.Result r = GradCheck.check(in -> new VoxelHistogram(6, 3f).forward(in[0]), 1e-2, 2e-3, 2e-2, x);
        assertTrue(r.ok(), r.worst());
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new VoxelHistogram(1, 4f));
        assertThrows(IllegalArgumentException.class, () -> new VoxelHistogram(8, 0f));
        assertThrows(IllegalArgumentException.class, () -> new Discriminator(new Rng(1), 16, 2, 4, 0.2f, -1));
        assertThrows(IllegalStateException.class, () -> new Discriminator(new Rng(1), 16, 2, 4, 0.2f, 0).histogramLogits(Tensor.zeros(1, 1, 16, 16, 16)));
    }

    /**
     * White noise of unit variance, Gaussian against uniform: the same flat spectrum, different marginals. A few
     * dozen AdamW steps of the histogram branch alone separate them; the spectral branch, trained the same way, cannot.
     */
    @Test
    void histogramBranchSeparatesMarginalsThatTheSpectrumCannot() {
        Discriminator d = new Discriminator(new Rng(7), 16, 2, 8, 0.2f, 16);
        assertTrue(d.hasHistogram());
        double hist = trainAndScore(d, true), spec = trainAndScore(new Discriminator(new Rng(7), 16, 2, 8, 0.2f, 16), false);
        assertTrue(hist > 0.95, "histogram branch accuracy " + hist);
        assertTrue(spec < 0.75, "spectral branch accuracy " + spec);
        assertFalse(new Discriminator(new Rng(7), 16, 2, 8, 0.2f, 0).hasHistogram());
    }

    private static double trainAndScore(Discriminator d, boolean histogram) {
        Rng rng = new Rng(11);
        List<Tensor> params = d.parameters();
        AdamW opt = new AdamW(params, 1e-2);
        for (int step = 0; step < 60; step++)
            try (MemoryScope s = MemoryScope.open()) {
                Tensor real = gaussian(rng, 4), fake = uniform(rng, 4);
                Tensor loss = DualLosses.bce(logits(d, real, histogram), 1f).add(DualLosses.bce(logits(d, fake, histogram), 0f));
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
        int right = 0, total = 0;
        try (MemoryScope s = MemoryScope.open(); var g = org.cryograd.tensor.Grad.disabled()) {
            for (float l : logits(d, gaussian(rng, 16), histogram).toArray()) { right += l > 0 ? 1 : 0; total++; }
            for (float l : logits(d, uniform(rng, 16), histogram).toArray()) { right += l < 0 ? 1 : 0; total++; }
        }
        return (double) right / total;
    }

    private static Tensor logits(Discriminator d, Tensor x, boolean histogram) {
        return histogram ? d.histogramLogits(x) : d.spectralLogits(x);
    }

    private static Tensor gaussian(Rng rng, int n) {
        return Tensor.randn(rng, n, 1, 16, 16, 16);
    }

    private static Tensor uniform(Rng rng, int n) { // U(-sqrt 3, sqrt 3): unit variance
        return Tensor.rand(rng, n, 1, 16, 16, 16).sub(0.5f).mul((float) (2 * Math.sqrt(3)));
    }
}
