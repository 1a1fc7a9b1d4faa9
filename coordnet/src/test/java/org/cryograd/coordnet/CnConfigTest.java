package org.cryograd.coordnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CnConfigTest {
    @Test
    void paperIsTheAuthorsSetting() {
        CnConfig c = CnConfig.paper();
        // Sources, field by field: the paper (Van Veen et al. 2024, the one coordnet/README.md cites) and the authors'
        // code (github.com/davevanveen/unsup_cryoet, commit 5429625, the software its data statement puts on GitHub):
        //   paper sec. 3.4 "Experimental Setup": four hidden layers of 256 features with sine activations (hidden 256,
        //     hiddenLayers 4); 2000 iterations for the first subvolume and 400 for each adjacent one (the code runs
        //     2001 / 401 epochs); logarithmic learning-rate decay;
        //   src/constants.py: N_FEATURES 256, N_LAYERS 4, N_SLICES_PER_NET 2, BATCH_SIZE 2, SEED 0, lr 1e-3 and
        //     lam_tv 0 for simulated data; src/parser.py: lr / 10 for adjacent chunks, decay from half the epochs to
        //     lr / 10 (finalLrFactor 0.1); src/training.py: AdamW(amsgrad=True, weight_decay=0);
        //   src/modules.py: w0 30; no Fourier-feature encoding for sine nets (fourierFeatures false; its width would be
        //     hidden / 2 = 128 pairs; the scale 4 is CnConfig's documented choice, the code's default pe_scale is 6);
        //   cryograd's own: chunked mode (wholeVolume false), 2000 whole-volume steps, one chunk at a time.
        assertEquals(new CnConfig(256, 4, 30, false, 128, 4, 2, 2000, 400, 1e-3, 1e-4, 0.1, 0, true, 0, false, 2, 2000, 1, 0), c);
        assertEquals(3, c.inputFeatures());
        assertEquals(256, c.withFourierFeatures(true).inputFeatures());
    }

    @Test
    void demoAndQuickAreSmallerVariantsOfThePaper() {
        for (CnConfig c : new CnConfig[] {CnConfig.demo(), CnConfig.quick()}) {
            assertTrue(c.hidden() < 256 && c.firstChunkIterations() < 2000 && c.chunkIterations() < 400, c.toString());
            assertEquals(30, c.w0());
            assertFalse(c.wholeVolume());
            assertTrue(c.amsgrad());
        }
        assertTrue(CnConfig.quick().firstChunkIterations() < CnConfig.demo().firstChunkIterations());
    }

    @Test
    void copiesChangeOneThing() {
        CnConfig p = CnConfig.paper();
        assertEquals(64, p.withHidden(64).hidden());
        assertEquals(2, p.withHiddenLayers(2).hiddenLayers());
        assertEquals(10.0, p.withW0(10).w0());
        CnConfig ff = p.withFourierFeatures(16, 2.5);
        assertTrue(ff.fourierFeatures());
        assertEquals(16, ff.fourierCount());
        assertEquals(2.5, ff.fourierScale());
        assertEquals(8, p.withSlicesPerChunk(8).slicesPerChunk());
        CnConfig it = p.withIterations(5, 6);
        assertEquals(5, it.firstChunkIterations());
        assertEquals(6, it.chunkIterations());
        CnConfig lr = p.withLearningRates(0.5, 0.25);
        assertEquals(0.5, lr.firstChunkLr());
        assertEquals(0.25, lr.chunkLr());
        assertEquals(0.5, p.withFinalLrFactor(0.5).finalLrFactor());
        assertEquals(0.01, p.withOptimizer(0.01, false).weightDecay());
        assertFalse(p.withOptimizer(0.01, false).amsgrad());
        assertEquals(1.0, p.withGradientPenalty(1).gradientPenalty());
        CnConfig w = p.withWholeVolume(4, 300);
        assertTrue(w.wholeVolume());
        assertEquals(4, w.batchSize());
        assertEquals(300, w.wholeVolumeIterations());
        assertFalse(w.withWholeVolume(false).wholeVolume());
        assertEquals(2, p.withParallelChunks(2).parallelChunks());
        assertEquals(42L, p.withSeed(42).seed());
        assertEquals(p, p.withSeed(42).withSeed(0));
    }

    @Test
    void invalidSettingsNameTheField() {
        CnConfig p = CnConfig.paper();
        expect("hidden", () -> p.withHidden(0));
        expect("hiddenLayers", () -> p.withHiddenLayers(-1));
        expect("w0", () -> p.withW0(0));
        expect("w0", () -> p.withW0(Double.NaN));
        expect("fourierCount", () -> p.withFourierFeatures(0, 1));
        expect("fourierScale", () -> p.withFourierFeatures(8, -1));
        expect("slicesPerChunk", () -> p.withSlicesPerChunk(0));
        expect("firstChunkIterations", () -> p.withIterations(0, 1));
        expect("chunkIterations", () -> p.withIterations(1, 0));
        expect("firstChunkLr", () -> p.withLearningRates(0, 1e-4));
        expect("chunkLr", () -> p.withLearningRates(1e-3, Double.POSITIVE_INFINITY));
        expect("finalLrFactor", () -> p.withFinalLrFactor(0));
        expect("weightDecay", () -> p.withOptimizer(-1, true));
        expect("gradientPenalty", () -> p.withGradientPenalty(-0.1));
        expect("batchSize", () -> p.withWholeVolume(0, 10));
        expect("wholeVolumeIterations", () -> p.withWholeVolume(2, 0));
        expect("parallelChunks", () -> p.withParallelChunks(0));
    }

    private static void expect(String field, Supplier<CnConfig> s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::get);
        assertTrue(e.getMessage().startsWith("CnConfig." + field + " "), e.getMessage());
    }
}
