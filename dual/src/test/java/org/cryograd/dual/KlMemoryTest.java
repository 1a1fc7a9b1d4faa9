package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cryograd.nn.io.SafeTensorsFile;
import org.cryograd.nn.optim.Adam;
import org.cryograd.nn.optim.AdamOptions;
import org.cryograd.tensor.GradCheck;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The KL over a batch and a {@link CodeMemory}: against PyTorch, finite differences, and what the memory is for. */
class KlMemoryTest {
    private static final double EPS = 1e-3;

    @Test
    void valueAndGradientMatchTorchWithDetachedMemoryRows() throws Exception {
        try (SafeTensorsFile io = Fixtures.read("kl_memory.safetensors")) {
            for (String tag : new String[] {"warm", "short", "full"}) {
                try (MemoryScope s = MemoryScope.open()) {
                    Tensor c = io.get("kl_" + tag + "_codes").copy().requiresGrad();
                    Tensor l = GaussianKl.loss(c, EPS, io.get("kl_" + tag + "_memory").toArray());
                    double e = io.get("kl_" + tag + "_value").toArray()[0];
                    assertEquals(e, l.item(), 1e-6 * Math.abs(e), "KL value, " + tag);
                    l.backward();
                    Fixtures.assertClose("dKL/dcodes, " + tag, io.get("kl_" + tag + "_grad").toArray(), c.grad().toArray(), 1e-6);
                }
            }
        }
    }

    @Test
    void batchRowsPassGradCheckWhereTheBatchSitsAtTheMemorysMean() {
        // where the batch mean equals the memory's, the held-constant terms have zero derivative, so the gradient is N / B
        // times the full derivative of the value: finite differences of the value, scaled, apply
        int k = 3;
        float[] batch = Tensor.randn(new Rng(22), 2, k).toArray();
        float[] memory = Tensor.randn(new Rng(21), 9, k).mul(0.7f).toArray();
        for (int j = 0; j < k; j++) {
            double mm = 0;
            for (int i = 0; i < 9; i++) mm += memory[i * k + j] / 9.0;
            double shift = (batch[j] + batch[k + j]) / 2.0 - mm;
            for (int i = 0; i < 9; i++) memory[i * k + j] += (float) shift;
        }
        Tensor c = Tensor.of(batch, 2, k).requiresGrad();
        float scale = (9 + 2) / 2f;
        GradCheck.Result r = GradCheck.check(in -> {
            Tensor l = GaussianKl.loss(in[0], 1e-2, memory);
            return l.detach().mul(scale).add(l.sub(l.detach())); // value times N / B, gradient as returned: both N / B times dKL
        }, 1e-3, 2e-3, 2e-2, c);
        assertTrue(r.ok(), r.worst());
    }

    @Test
    void gradientIsTheFiniteDifferenceWithMemoryAndBetweenGroupScatterHeld() {
        // anywhere: N / B times the central differences (double) of the KL whose memory scatter and between-group scatter
        // are frozen at the base point, while μ̂ and the within-batch scatter follow the batch
        int k = 3, b = 2, m = 7;
        float[] memory = Tensor.randn(new Rng(27), m, k).mul(0.8f).add(0.4f).toArray();
        float[] batch = Tensor.randn(new Rng(28), b, k).mul(0.6f).toArray();
        double eps = 1e-2;
        double[] c0 = new double[b * k];
        for (int i = 0; i < c0.length; i++) c0[i] = batch[i];
        double[] mu0 = mean(concat(memory, c0), m + b, k), cbar0 = mean(c0, b, k);
        Tensor c = Tensor.of(batch, b, k).requiresGrad();
        Tensor l = GaussianKl.loss(c, eps, memory);
        assertEquals(frozenKl(memory, c0, mu0, cbar0, k, eps), l.item(), 1e-5 * Math.abs(l.item()), "value");
        l.backward();
        float[] g = c.grad().toArray();
        double h = 1e-5, worst = 0, scale = 0;
        for (int i = 0; i < c0.length; i++) {
            double[] p = c0.clone(), q = c0.clone();
            p[i] += h;
            q[i] -= h;
            double fd = (m + b) / (double) b * (frozenKl(memory, p, mu0, cbar0, k, eps) - frozenKl(memory, q, mu0, cbar0, k, eps)) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - g[i]));
            scale = Math.max(scale, Math.abs(fd));
        }
        assertTrue(scale > 1e-2, "a gradient to compare: " + scale);
        assertTrue(worst <= 1e-4 * scale, "max |fd - analytic| = " + worst + " of " + scale);
    }

    private static double[] concat(float[] memory, double[] batch) {
        double[] all = new double[memory.length + batch.length];
        for (int i = 0; i < memory.length; i++) all[i] = memory[i];
        System.arraycopy(batch, 0, all, memory.length, batch.length);
        return all;
    }

    private static double[] mean(double[] rows, int n, int k) {
        double[] mu = new double[k];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) mu[j] += rows[i * k + j] / n;
        return mu;
    }

    /** The KL with {@code Σ̂ = [S_mem(μ0) + B (c̄0 − μ0)(c̄0 − μ0)ᵀ + Σ_i (c_i − c̄)(c_i − c̄)ᵀ] / (N − 1)}, μ̂ over all rows. */
    private static double frozenKl(float[] memory, double[] batch, double[] mu0, double[] cbar0, int k, double eps) {
        int m = memory.length / k, b = batch.length / k, n = m + b;
        double[] mu = mean(concat(memory, batch), n, k), cbar = mean(batch, b, k), s = new double[k * k];
        for (int p = 0; p < k; p++)
            for (int q = 0; q < k; q++) {
                double v = b * (cbar0[p] - mu0[p]) * (cbar0[q] - mu0[q]);
                for (int i = 0; i < m; i++) v += (memory[i * k + p] - mu0[p]) * (memory[i * k + q] - mu0[q]);
                for (int i = 0; i < b; i++) v += (batch[i * k + p] - cbar[p]) * (batch[i * k + q] - cbar[q]);
                s[p * k + q] = v / (n - 1);
            }
        return GaussianKl.analytic(mu, s, eps).kl();
    }

    @Test
    void emptyMemoryIsTheBatchOnlyKlBitForBit() {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor c = Tensor.randn(new Rng(23), 3, 4);
            Tensor a = c.copy().requiresGrad(), b = c.copy().requiresGrad();
            Tensor la = GaussianKl.loss(a, EPS), lb = GaussianKl.loss(b, EPS, new CodeMemory(8, 4).rows());
            assertEquals(la.item(), lb.item());
            la.backward();
            lb.backward();
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.grad().toArray(), b.grad().toArray());
        }
    }

    @Test
    void refusesMemoryThatIsNotWholeRows() {
        Tensor c = Tensor.randn(new Rng(24), 2, 4);
        assertThrows(IllegalArgumentException.class, () -> GaussianKl.loss(c, EPS, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> GaussianKl.loss(Tensor.randn(new Rng(25), 1, 4), EPS, new float[0]));
    }

    @Test
    void warmUpReportsTheValueWithoutGradientUntilKPlusOneRows() {
        int k = 4;
        CodeMemory memory = new CodeMemory(8, k);
        Rng rng = new Rng(26);
        for (int step = 0; step < 3; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor c = Tensor.randn(rng, 2, k).requiresGrad();
                Tensor l = DualLosses.kl(c, EPS, memory);
                assertEquals(GaussianKl.loss(c.detach(), EPS, memory.rows()).item(), l.item(), "value, step " + step);
                boolean warm = memory.size() + 2 < k + 1; // 2 and 4 rows: warm-up; 6 rows: trained
                assertEquals(step < 2, warm);
                if (warm) assertTrue(!l.needsGrad(), "no gradient during the warm-up, step " + step);
                else {
                    l.backward();
                    double norm = 0;
                    for (float v : c.grad().toArray()) norm += v * v;
                    assertTrue(norm > 0, "gradient after the warm-up");
                }
                memory.push(c.detach().toArray());
            }
        }
        // capacity 0 is the paper's batch-only term, trained from the first step
        try (MemoryScope s = MemoryScope.open()) {
            Tensor c = Tensor.randn(rng, 2, k).requiresGrad();
            assertTrue(DualLosses.kl(c, EPS, new CodeMemory(0, k)).needsGrad());
        }
    }

    /**
     * A linear encoder {@code c = x W + b} ({@code x ~ N(0, I_6)}, K = 4) trained with only the KL at batch 2, as
     * {@link DualStep} trains it ({@link DualLosses#kl(Tensor, double, CodeMemory)}, then the batch joins the memory);
     * the codes start far from {@code N(0, I)} (mean 1.5, standard deviation about 0.25). Adam with {@code β2 = 0.9}
     * and the rate falling linearly to 0 over the second half: the KL is stiff while the covariance is small, and a
     * long second-moment memory would keep that scale. Returns the codes' statistics on 4000 fresh inputs.
     */
    static CodeStatistics trainLinearEncoderOnKl(int memoryRows, int steps, long seed) {
        int d = 6, k = 4, b = 2;
        double lr = 1e-2;
        Rng rng = new Rng(seed);
        Tensor w = Tensor.randn(rng, d, k).mul(0.1f).requiresGrad();
        Tensor bias = Tensor.full(org.cryograd.tensor.Device.cpu(), 1.5f, k).requiresGrad();
        Adam opt = new Adam(List.of(w, bias), AdamOptions.adam(lr).withBetas(0.9, 0.9));
        CodeMemory memory = new CodeMemory(memoryRows, k);
        for (int s = 0; s < steps; s++) {
            try (MemoryScope sc = MemoryScope.open()) {
                opt.setLearningRate(lr * Math.min(1, 2.0 * (steps - s) / steps));
                opt.zeroGrad();
                Tensor codes = Tensor.randn(rng, b, d).matmul(w).add(bias);
                Tensor kl = DualLosses.kl(codes, EPS, memory);
                if (kl.needsGrad()) kl.backward();
                memory.push(codes.toArray());
                opt.step();
            }
        }
        int n = 4000;
        try (MemoryScope sc = MemoryScope.open()) {
            float[] codes = Tensor.randn(new Rng(seed + 1000), n, d).matmul(w.detach()).add(bias.detach()).toArray();
            return CodeStatistics.of(codes, n, k);
        }
    }

    @Test
    void memoryBringsCodesToStandardNormalWhereTheBatchOfTwoCannot() {
        for (long seed : new long[] {31, 3}) {
            CodeStatistics before = trainLinearEncoderOnKl(0, 0, seed);
            CodeStatistics with = trainLinearEncoderOnKl(8 * 4, 600, seed), without = trainLinearEncoderOnKl(0, 600, seed);
            System.out.printf("KL-only linear encoder, batch 2, seed %d: start max|mean| %.3f, max|cov-I| %.3f, KL %.3f; 600 Adam steps with"
                    + " memory 32: %.3f, %.3f, KL %.4f; without memory: %.3f, %.3f, KL %.4f%n", seed, before.maxAbsMean(),
                    before.maxCovarianceError(), before.kl(EPS), with.maxAbsMean(), with.maxCovarianceError(), with.kl(EPS),
                    without.maxAbsMean(), without.maxCovarianceError(), without.kl(EPS));
            assertTrue(before.maxAbsMean() > 1, "the codes start far from N(0, I)");
            assertTrue(with.maxAbsMean() < 0.2, "seed " + seed + ": mean with the memory: " + with.maxAbsMean());
            assertTrue(with.maxCovarianceError() < 0.3, "seed " + seed + ": covariance with the memory: " + with.maxCovarianceError());
            assertTrue(without.maxAbsMean() >= 0.2 || without.maxCovarianceError() >= 0.3, "seed " + seed
                    + ": the batch-only KL reached N(0, I) as well (mean " + without.maxAbsMean() + ", cov " + without.maxCovarianceError() + ")");
        }
    }
}
