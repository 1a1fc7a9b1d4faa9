package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Test-time flip averaging of the denoiser ({@link DualModel#denoise(Volume, Augment)}). */
class FlipAverageTest {
    private static final int T = 8;

    /** A network that weights voxels by a ramp along x: not flip-equivariant, so the average is visible. */
    private static final float[] RAMP = {0, 1, 2, 3, 4, 5, 6, 7};

    private static Tensor rampNet(Tensor t) {
        return t.mul(Tensor.of(RAMP.clone(), 1, 1, 1, 1, T));
    }

    @Test
    void averageOfARampWeightedNetworkIsTheAverageOfItsFlippedRamps() {
        Tensor x;
        try (Tensor r = Tensor.randn(new Rng(3), 1, 1, T, T, T)) {
            x = r.copy();
        }
        float[] in = x.toArray(), out = DualModel.flipAveraged(FlipAverageTest::rampNet, Augment.WEDGE_PRESERVING).apply(x).toArray();
        // WEDGE_PRESERVING = {}, {y}, {z, x}, {z, y, x}: two of the four flip x, so the ramp averages to (r + reversed r) / 2
        for (int z = 0; z < T; z++)
            for (int y = 0; y < T; y++)
                for (int i = 0; i < T; i++) {
                    int o = (z * T + y) * T + i;
                    float w = (RAMP[i] + RAMP[T - 1 - i]) / 2;
                    assertEquals(in[o] * w, out[o], 1e-5 * Math.max(1, Math.abs(in[o] * w)), "voxel " + o);
                }
    }

    @Test
    void singlePassIsTheNetworkItself() {
        UnaryOperator<Tensor> net = FlipAverageTest::rampNet;
        assertSame(net, DualModel.flipAveraged(net, Augment.NONE));
    }

    @Test
    void averagedDenoiserCommutesWithTheWedgePreservingFlipsAndThePlainOneDoesNot() {
        DualConfig cfg = Fixtures.tiny();
        DualModel m = new DualModel(cfg, new DualNetworks(cfg, new Rng(11)));
        int p = cfg.patchSize();
        Volume v = TiledInferenceTest.random(p, p, p, 4); // one tile: tiling is itself flip-symmetric
        Volume avg = m.denoise(v, Augment.WEDGE_PRESERVING), plain = m.denoise(v);
        double plainDiff = 0;
        for (int g = 1; g < Augment.WEDGE_PRESERVING.count(); g++) {
            int[] axes = Augment.WEDGE_PRESERVING.flipAxes(g);
            Volume flippedAvg = flip(m.denoise(flip(v, axes), Augment.WEDGE_PRESERVING), axes);
            for (int i = 0; i < avg.data().length; i++)
                assertEquals(avg.data()[i], flippedAvg.data()[i], 1e-4 * Math.max(1, Math.abs(avg.data()[i])), "flip " + g + " voxel " + i);
            Volume flippedPlain = flip(m.denoise(flip(v, axes)), axes);
            for (int i = 0; i < plain.data().length; i++) plainDiff = Math.max(plainDiff, Math.abs(plain.data()[i] - flippedPlain.data()[i]));
        }
        assertTrue(plainDiff > 1e-2, "a random network should not be flip-equivariant by itself; max difference " + plainDiff);
    }

    @Test
    void benchmarkDenoiserAveragesByDefaultAndSaysSo() {
        DualConfig cfg = Fixtures.tiny();
        DualModel m = new DualModel(cfg, new DualNetworks(cfg, new Rng(2)));
        Volume v = TiledInferenceTest.random(cfg.patchSize(), cfg.patchSize(), cfg.patchSize(), 6);
        DualBenchmarkHook.Trained avg = new DualBenchmarkHook.Trained(m), one = new DualBenchmarkHook.Trained(m, Augment.NONE);
        assertEquals(Augment.WEDGE_PRESERVING, avg.flips());
        String settings = " (U-Net base " + cfg.unetBase() + ", encoder " + cfg.encoderBase() + ", K " + cfg.codeSize() + ", batch " + cfg.batchSize()
                + ", lr " + java.math.BigDecimal.valueOf(cfg.lr()).toPlainString() + ", lambda_kl " + java.math.BigDecimal.valueOf(cfg.lambdaKl()).toPlainString() + ", kl memory " + cfg.klMemory() + ")";
        assertEquals("DUAL Dn, 4-flip average" + settings, avg.toString());
        assertEquals("DUAL Dn, single pass" + settings, one.toString());
        assertEquals("DUAL Dn, 4-flip average" + settings.replace(")", ", 600 steps)"), new DualBenchmarkHook.Trained(m, Augment.WEDGE_PRESERVING, 600).toString());
        assertThrows(IllegalArgumentException.class, () -> new DualBenchmarkHook.Trained(m, Augment.NONE, -1));
        assertArrayEquals(m.denoise(v, Augment.WEDGE_PRESERVING).data(), avg.denoise(v.data(), v.nz(), v.ny(), v.nx()));
        assertArrayEquals(m.denoise(v).data(), one.denoise(v.data(), v.nz(), v.ny(), v.nx()));
    }

    @Test
    void nullFlipsAreRejected() {
        DualConfig cfg = Fixtures.tiny();
        DualModel m = new DualModel(cfg, new DualNetworks(cfg, new Rng(1)));
        Volume v = TiledInferenceTest.random(4, 4, 4, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.denoise(v, null));
        assertTrue(e.getMessage().contains("Augment.NONE"), e.getMessage());
    }

    private static Volume flip(Volume v, int[] axes) {
        try (Tensor t = v.toTensor(); Tensor f = t.flip(axes)) {
            return Volume.of(f);
        }
    }
}
