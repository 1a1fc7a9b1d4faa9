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
        // METHODS.md section 1: SIREN 3-256x5-1 (4 hidden blocks), w0 30, Fourier features off (128 x scale 4),
        // 2 y-slices per network, 2000 steps at 1e-3 then 400 at 1e-4, decay to lr/10, AdamW amsgrad wd 0, lambda 0
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
