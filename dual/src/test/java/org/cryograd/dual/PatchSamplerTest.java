package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cryograd.fft.Fft;
import org.cryograd.fft.FourierLayout;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.WedgeMask;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Patch sampling, standardisation and wedge-preserving augmentation. */
class PatchSamplerTest {
    @Test
    void patchesAreSeededStandardisedAndInside() {
        Rng r = new Rng(1);
        Volume a, b;
        try (Tensor t = Tensor.randn(r, 20, 21, 22).mul(5f).add(3f); Tensor u = Tensor.randn(r, 18, 18, 18)) {
            a = Volume.of(t);
            b = Volume.of(u);
        }
        PatchSampler s = new PatchSampler(List.of(a), List.of(b), 16, Augment.ALL_FLIPS);
        float[] p1 = s.noisy(4, new Rng(9)).toArray(), p2 = s.noisy(4, new Rng(9)).toArray();
        assertArrayEquals(p1, p2);
        double sum = 0, sq = 0;
        for (float v : p1) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / p1.length, std = Math.sqrt(sq / p1.length - mean * mean);
        // a 16^3 patch of a standardised 20x21x22 white-noise volume is a sample without replacement of n = 4096 of
        // N = 9240 unit-variance voxels: sd(mean) = sqrt((1 - n/N) / n) ~ 0.012 and sd(std) ~ 0.008, so 4-5 sd
        assertEquals(0, mean, 0.05, "standardised volume patches have ~zero mean");
        assertEquals(1, std, 0.04, "and ~unit std (input std was 5)");
        assertEquals(0, a.standardized().meanStd()[0], 1e-6);
        assertEquals(1, a.standardized().meanStd()[1], 1e-6);
    }

    /** Fraction of spectral energy inside the missing wedge of [-40, 60] about y. */
    static double wedgeEnergy(float[] vol, int n) {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor f = Fft.rfftn(Tensor.of(vol, n, n, n), 3);
            Tensor miss = WedgeMask.missing(TiltAxis.Y, -40, 60, FourierLayout.HALF, n, n, n);
            Tensor p = Fft.abs(f).square();
            return p.mul(miss).sum().item() / p.sum().item();
        }
    }

    @Test
    void wedgePreservingFlipsKeepAnAsymmetricWedgeAndSingleFlipsDoNot() {
        int n = 16;
        float[] vol;
        try (MemoryScope s = MemoryScope.open()) {
            Tensor f = Fft.rfftn(Tensor.randn(new Rng(3), n, n, n), 3);
            Tensor m = WedgeMask.measured(TiltAxis.Y, -40, 60, FourierLayout.HALF, n, n, n);
            vol = Fft.irfftn(Fft.multiply(f, m), n, n, n).toArray();
        }
        Volume v = new Volume(vol, n, n, n);
        assertTrue(wedgeEnergy(vol, n) < 1e-6);
        for (int i = 0; i < Augment.WEDGE_PRESERVING.count(); i++) {
            float[] out = new float[n * n * n];
            PatchSampler.copyPatch(v, 0, 0, 0, n, Augment.WEDGE_PRESERVING.flipAxes(i), out, 0);
            assertTrue(wedgeEnergy(out, n) < 1e-6, "transform " + i + " keeps the wedge empty");
        }
        for (int axis : new int[] {0, 2}) { // mirroring x or z alone mirrors the tilt range: allowed only in ALL_FLIPS
            float[] out = new float[n * n * n];
            PatchSampler.copyPatch(v, 0, 0, 0, n, new int[] {axis}, out, 0);
            assertTrue(wedgeEnergy(out, n) > 0.01, "flip of axis " + axis + " moves energy into the asymmetric wedge");
        }
    }
}
