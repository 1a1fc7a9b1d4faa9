package org.cryograd.em.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Fourier cropping/padding: frequency bookkeeping (numpy fftfreq order), sizes, means, band-limited signals kept. */
class FourierRescaleTest {
    @Test
    void frequencyMapFollowsFftfreq() {
        // crop 8 -> 4: frequencies 0, 1, -2, -1 of the small grid come from indices 0, 1, 6, 7
        assertArrayEquals(new int[] {0, 1, 6, 7}, FourierRescale.map(8, 4));
        // pad 4 -> 8: frequencies 0, 1, -, -, -, -, -2, -1
        assertArrayEquals(new int[] {0, 1, -1, -1, -1, -1, 2, 3}, FourierRescale.map(4, 8));
        // odd: crop 7 -> 5 keeps -2..2
        assertArrayEquals(new int[] {0, 1, 2, 5, 6}, FourierRescale.map(7, 5));
        assertEquals(43, FourierRescale.newSize(36, 12, 10));
        assertEquals(1, FourierRescale.newSize(3, 1, 100));
    }

    @Test
    void meanIsKeptAndBandLimitedSignalsSurviveOddSizes() {
        Tensor noise = Tensor.randn(new Rng(3), 9, 11, 13);
        float[] a = noise.toArray();
        double mean = 0;
        for (float x : a) mean += x;
        mean /= a.length;
        float[] b = FourierRescale.volume(noise, 5, 7, 6).toArray();
        double m2 = 0;
        for (float x : b) m2 += x;
        assertEquals(mean, m2 / b.length, 1e-5, "the DC term scales with the voxel count");
        // a cosine of 2 cycles over 15 samples, resampled to 9 and 21 samples
        float[] c = new float[15];
        for (int i = 0; i < 15; i++) c[i] = (float) Math.cos(2 * Math.PI * 2 * i / 15.0);
        for (int m : new int[] {9, 21}) {
            float[] r = FourierRescale.stack(Tensor.of(c, 1, 1, 15), 1, m).toArray();
            for (int i = 0; i < m; i++) assertEquals(Math.cos(2 * Math.PI * 2 * i / (double) m), r[i], 1e-5, m + " samples, " + i);
        }
    }
}
