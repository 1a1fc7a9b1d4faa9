package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

/**
 * The KL over a batch and a {@link KlMemory} of earlier inputs encoded again with gradient: against PyTorch, finite
 * differences, the warm-up, {@link DualStep}'s wiring, and what the memory is for.
 */
class KlMemoryTest {
    private static final double EPS = 1e-3;

    @Test
    void valueAndGradientThroughEveryRowMatchTorch() throws Exception {
        try (SafeTensorsFile io = Fixtures.read("kl_memory.safetensors")) {
            for (String tag : new String[] {"warm", "short", "full"}) {
                try (MemoryScope s = MemoryScope.open()) {
                    Tensor w = io.get("kl_" + tag + "_w").copy().requiresGrad(), b = io.get("kl_" + tag + "_b").copy().requiresGrad();
                    Tensor l = DualLosses.klWithMemory(io.get("kl_" + tag + "_inputs").matmul(w).add(b), io.get("kl_" + tag + "_memory").matmul(w).add(b), EPS);
                    double e = io.get("kl_" + tag + "_value").toArray()[0];
                    assertEquals(e, l.item(), 1e-5 * Math.abs(e), "KL value, " + tag);
                    assertEquals(!tag.equals("short"), l.needsGrad(), "only the warm-up case (3 rows < K + 1) is detached, " + tag);
                    if (!l.needsGrad()) continue; // its fixture gradients are zero: nothing trained
                    l.backward();
                    Fixtures.assertClose("dKL/dW, " + tag, io.get("kl_" + tag + "_grad_w").toArray(), w.grad().toArray(), 1e-5);
                    Fixtures.assertClose("dKL/db, " + tag, io.get("kl_" + tag + "_grad_b").toArray(), b.grad().toArray(), 1e-5);
                }
            }
        }
    }

    @Test
    void gradientToMemoryAndBatchCodesPassesGradCheck() {
        Tensor batch = Tensor.randn(new Rng(22), 2, 3).requiresGrad();
        Tensor memory = Tensor.randn(new Rng(21), 9, 3).mul(0.7f).add(0.2f).requiresGrad();
        GradCheck.Result r = GradCheck.check(in -> DualLosses.klWithMemory(in[0], in[1], 1e-2), 1e-3, 2e-3, 2e-2, batch, memory);
        assertTrue(r.ok(), r.worst());
    }

    @Test
    void emptyMemoryIsTheBatchKlBitForBitAndRefusesOneCode() {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor c = Tensor.randn(new Rng(23), 6, 4);
            Tensor a = c.copy().requiresGrad(), b = c.copy().requiresGrad();
            Tensor la = GaussianKl.loss(a, EPS), lb = DualLosses.klWithMemory(b, null, EPS);
            assertEquals(la.item(), lb.item());
            la.backward();
            lb.backward();
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.grad().toArray(), b.grad().toArray());
            assertThrows(IllegalArgumentException.class, () -> DualLosses.klWithMemory(Tensor.randn(new Rng(25), 1, 4), null, EPS));
            assertThrows(IllegalArgumentException.class, () -> GaussianKl.loss(Tensor.randn(new Rng(25), 1, 4), EPS));
        }
    }

    @Test
    void warmUpReportsTheValueWithoutGradientUntilKPlusOneRows() {
        int k = 4, d = 5;
        KlMemory memory = new KlMemory(8, d);
        Tensor w = Tensor.randn(new Rng(29), d, k).requiresGrad();
        Rng rng = new Rng(26);
        for (int step = 0; step < 3; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor x = Tensor.randn(rng, 2, d);
                Tensor held = memory.samples(org.cryograd.tensor.Device.cpu());
                Tensor l = DualLosses.klWithMemory(x.matmul(w), held == null ? null : held.matmul(w), EPS);
                Tensor all = held == null ? x : Tensor.cat(0, held, x);
                assertEquals(GaussianKl.loss(all.matmul(w.detach()), EPS).item(), l.item(), "value, step " + step);
                boolean warm = memory.size() + 2 < k + 1; // 2 and 4 rows: warm-up; 6 rows: trained
                assertEquals(step < 2, warm);
                if (warm) assertTrue(!l.needsGrad(), "no gradient during the warm-up, step " + step);
                else {
                    l.backward();
                    double norm = 0;
                    for (float v : w.grad().toArray()) norm += v * v;
                    assertTrue(norm > 0, "gradient after the warm-up");
                }
                memory.push(x);
            }
        }
    }

    /**
     * {@link DualStep}: the KL term is {@link GaussianKl#loss} of the encoder's codes of the remembered patches and the
     * batch (its gradient reaches the encoder through both), and {@link DualStep#run} adds the batch's patches to the
     * memory.
     */
    @Test
    void dualStepTrainsTheKlOverTheRememberedPatchesAndTheBatch() {
        DualConfig c = Fixtures.tiny();
        int p = c.patchSize();
        DualNetworks n = new DualNetworks(c, new Rng(3));
        DualStep step = new DualStep(n, DualTrainer.adamW(c, n.generatorParameters()), DualTrainer.adamW(c, n.discriminatorParameters()));
        Rng rng = new Rng(4);
        Tensor tr0 = Tensor.randn(rng, c.batchSize(), 1, p, p, p), vr0 = Tensor.randn(rng, c.batchSize(), 1, p, p, p);
        Tensor tr1 = Tensor.randn(rng, c.batchSize(), 1, p, p, p), vr1 = Tensor.randn(rng, c.batchSize(), 1, p, p, p);
        step.run(tr0, vr0, new Rng(5));
        step.run(tr1, vr1, new Rng(6));
        assertEquals(2 * c.batchSize(), step.klMemory().size(), "both batches remembered");
        assertArrayEquals(Tensor.cat(0, tr0, tr1).toArray(), step.klMemory().samples(org.cryograd.tensor.Device.cpu()).toArray(), "the patches themselves");
        Tensor tr = Tensor.randn(rng, c.batchSize(), 1, p, p, p), vr = Tensor.randn(rng, c.batchSize(), 1, p, p, p);
        Tensor fc = n.encoder().namedParameters().get("fc.weight");
        n.zeroGrad();
        DualStep.Terms t = step.generatorTerms(tr, vr, new Rng(7));
        assertTrue(t.kl().needsGrad(), "9 rows > K + 1: trained");
        t.kl().backward();
        float[] viaStep = fc.grad().toArray();
        n.zeroGrad();
        Tensor direct = GaussianKl.loss(n.encoder().forward(Tensor.cat(0, tr0, tr1, tr)), c.klEps());
        assertEquals(direct.item(), t.kl().item(), 1e-4 * Math.abs(direct.item()), "value");
        direct.backward();
        Fixtures.assertClose("dKL/d fc.weight", fc.grad().toArray(), viaStep, 1e-4);
        n.zeroGrad();
        // the batch's codes alone give a different gradient: the remembered patches' codes carry theirs
        Tensor memoryOnly = GaussianKl.loss(Tensor.cat(0, n.encoder().forward(Tensor.cat(0, tr0, tr1)).detach(), n.encoder().forward(tr)), c.klEps());
        memoryOnly.backward();
        double diff = 0, scale = 0;
        float[] batchOnly = fc.grad().toArray();
        for (int i = 0; i < viaStep.length; i++) {
            diff = Math.max(diff, Math.abs(batchOnly[i] - viaStep[i]));
            scale = Math.max(scale, Math.abs(viaStep[i]));
        }
        assertTrue(diff > 1e-2 * scale, "the remembered codes' gradient reaches the encoder (max difference " + diff + " of " + scale + ")");
        n.zeroGrad();
    }

    /** During {@link DualStep}'s warm-up (memory and batch under K + 1 codes) the KL is the value over both, detached. */
    @Test
    void dualStepWarmUpReportsTheKlOverMemoryAndBatchWithoutGradient() {
        DualConfig t = Fixtures.tiny();
        DualConfig c = new DualConfig(t.patchSize(), t.unetDepth(), t.unetBase(), t.codeSize(), t.encoderBase(), t.decoderChannels(), t.discBase(),
                t.spectralHidden(), t.leakySlope(), 2, t.lambdaRec(), t.lambdaAdv(), t.lambdaKl(), t.klEps(), t.recEps(), t.lr(), t.beta1(), t.beta2(),
                t.adamEps(), t.weightDecay(), t.initGain(), t.stepsPerEpoch(), t.augment(), t.tileOverlap(), t.lrDecay(), t.histogramBins(), t.klMemory());
        int p = c.patchSize();
        DualNetworks n = new DualNetworks(c, new Rng(8));
        DualStep step = new DualStep(n, DualTrainer.adamW(c, n.generatorParameters()), DualTrainer.adamW(c, n.discriminatorParameters()));
        Rng rng = new Rng(9);
        Tensor tr0 = Tensor.randn(rng, 2, 1, p, p, p), vr0 = Tensor.randn(rng, 2, 1, p, p, p);
        step.run(tr0, vr0, new Rng(10));
        Tensor tr = Tensor.randn(rng, 2, 1, p, p, p), vr = Tensor.randn(rng, 2, 1, p, p, p);
        DualStep.Terms terms = step.generatorTerms(tr, vr, new Rng(11));
        assertTrue(!terms.kl().needsGrad(), "4 codes < K + 1 = 5: warm-up");
        double direct = GaussianKl.loss(n.encoder().forward(Tensor.cat(0, tr0, tr)), c.klEps()).item();
        assertEquals(direct, terms.kl().item(), 1e-4 * Math.abs(direct), "value over the remembered patches and the batch");
    }

    /**
     * A linear encoder {@code c = x W + b} ({@code x ~ N(0, I_6)}, K = 4) trained with only the KL at batch 2, as
     * {@link DualStep} trains it ({@link DualLosses#klWithMemory} over the batch's codes and the remembered inputs' codes
     * by the current encoder, then the batch's inputs join the memory);
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
        KlMemory memory = new KlMemory(memoryRows, d);
        for (int s = 0; s < steps; s++) {
            try (MemoryScope sc = MemoryScope.open()) {
                opt.setLearningRate(lr * Math.min(1, 2.0 * (steps - s) / steps));
                opt.zeroGrad();
                Tensor x = Tensor.randn(rng, b, d), held = memory.samples(org.cryograd.tensor.Device.cpu());
                Tensor kl = memoryRows == 0 ? DualLosses.kl(x.matmul(w).add(bias), EPS)
                        : DualLosses.klWithMemory(x.matmul(w).add(bias), held == null ? null : held.matmul(w).add(bias), EPS);
                if (kl.needsGrad()) kl.backward();
                memory.push(x);
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
            CodeStatistics with = trainLinearEncoderOnKl(16 * 4, 600, seed), without = trainLinearEncoderOnKl(0, 600, seed);
            System.out.printf("KL-only linear encoder, batch 2, seed %d: start max|mean| %.3f, max|cov-I| %.3f, KL %.3f; 600 Adam steps with"
                    + " memory 64: %.3f, %.3f, KL %.4f; without memory: %.3f, %.3f, KL %.4f%n", seed, before.maxAbsMean(),
                    before.maxCovarianceError(), before.kl(EPS), with.maxAbsMean(), with.maxCovarianceError(), with.kl(EPS),
                    without.maxAbsMean(), without.maxCovarianceError(), without.kl(EPS));
            assertTrue(before.maxAbsMean() > 1, "the codes start far from N(0, I)");
            assertTrue(with.maxAbsMean() < 0.2, "seed " + seed + ": mean with the memory: " + with.maxAbsMean());
            assertTrue(with.maxCovarianceError() < 0.3, "seed " + seed + ": covariance with the memory: " + with.maxCovarianceError());
            assertTrue(without.maxAbsMean() >= 0.2 || without.maxCovarianceError() >= 0.3, "seed " + seed
                    + ": the batch-only KL reached N(0, I) as well (mean " + without.maxAbsMean() + ", cov " + without.maxCovarianceError() + ")");
        }
    }

    /**
     * DUAL's own {@link org.cryograd.dual.net.NoiseEncoder} (16^3 patches, K = 4) trained with the KL alone at batch 2,
     * as {@link DualStep} trains it, under the configuration's AdamW (β2 = 0.999): patches of four noise volumes of
     * different contrast and smoothness, so the codes are a nonlinear function of their input. Returns the codes'
     * statistics on 1,024 patches the training did not draw.
     */
    static CodeStatistics trainNoiseEncoderOnKl(int memoryPatches, int steps, long seed) {
        int p = 16, k = 4, b = 2;
        Rng rng = new Rng(seed);
        List<Volume> vols = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Tensor v = Tensor.randn(rng, 1, 1, 32, 32, 32);
            if (i % 2 == 1) v = org.cryograd.tensor.F.avgPool(3, v, new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, true); // smoother
            vols.add(Volume.of(v.mul(0.5f + 0.5f * i).reshape(32, 32, 32)));
        }
        PatchSampler sampler = new PatchSampler(vols, vols, p, Augment.NONE);
        org.cryograd.dual.net.NoiseEncoder enc = new org.cryograd.dual.net.NoiseEncoder(rng, p, 2, k, 0.2f);
        DualConfig c = DualConfig.quick().withLr(1e-3);
        org.cryograd.nn.optim.AdamW opt = DualTrainer.adamW(c, enc.parameters());
        KlMemory memory = new KlMemory(memoryPatches, 1, p, p, p);
        for (int s = 0; s < steps; s++) {
            try (MemoryScope sc = MemoryScope.open()) {
                opt.zeroGrad();
                Tensor x = sampler.noisy(b, rng), held = memory.samples(org.cryograd.tensor.Device.cpu());
                Tensor kl = memoryPatches == 0 ? DualLosses.kl(enc.forward(x), EPS) : DualLosses.klWithMemory(enc.forward(x), held == null ? null : enc.forward(held), EPS);
                if (kl.needsGrad()) kl.backward();
                memory.push(x);
                opt.step();
            }
        }
        int n = 1024;
        float[] codes = new float[n * k];
        Rng test = new Rng(seed + 1000);
        for (int i = 0; i < n; i += 64)
            try (MemoryScope sc = MemoryScope.open(); org.cryograd.tensor.Grad g = org.cryograd.tensor.Grad.disabled()) {
                System.arraycopy(enc.forward(sampler.noisy(64, test)).toArray(), 0, codes, i * k, 64 * k);
            }
        return CodeStatistics.of(codes, n, k);
    }

    @Test
    void dualsNoiseEncoderReachesStandardNormalCodesWithTheMemory() {
        CodeStatistics before = trainNoiseEncoderOnKl(0, 0, 41);
        CodeStatistics with = trainNoiseEncoderOnKl(64, 1000, 41), without = trainNoiseEncoderOnKl(0, 1000, 41);
        System.out.printf("KL-only NoiseEncoder (16^3, K 4), batch 2: start max|mean| %.3f, max|cov-I| %.3f, KL %.3f; 1,000 AdamW steps with memory 64:"
                + " %.3f, %.3f, KL %.4f; without memory: %.3f, %.3f, KL %.4f%n", before.maxAbsMean(), before.maxCovarianceError(), before.kl(EPS),
                with.maxAbsMean(), with.maxCovarianceError(), with.kl(EPS), without.maxAbsMean(), without.maxCovarianceError(), without.kl(EPS));
        assertTrue(before.maxCovarianceError() > 0.5, "the codes start far from N(0, I): " + before.maxCovarianceError());
        assertTrue(with.maxAbsMean() < 0.2, "mean with the memory: " + with.maxAbsMean());
        assertTrue(with.maxCovarianceError() < 0.3, "covariance with the memory: " + with.maxCovarianceError());
        assertTrue(without.maxAbsMean() >= 0.2 || without.maxCovarianceError() >= 0.3, "the batch-only KL reached N(0, I) as well");
    }
}
