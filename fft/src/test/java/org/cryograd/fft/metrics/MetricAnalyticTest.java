package org.cryograd.fft.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.Threads;
import org.junit.jupiter.api.Test;

/** Cases whose values follow from the definitions (the math is stated in each test). */
class MetricAnalyticTest {

    private static Tensor random(long seed, int... shape) {
        return Tensor.rand(new Rng(seed), shape).mul(200f).add(20f);
    }

    @Test
    void ssimOfAnImageWithItselfIsOne() {
        // x == y: A1 = B1 and 2 vxy = vx + vy, so S = 1 at every voxel (both windows, 2-D and 3-D)
        for (Tensor x : new Tensor[] {random(1, 40, 33), random(2, 15, 14, 13)}) {
            assertEquals(1.0, Ssim.gaussian(x, x, 255), 1e-12);
            assertEquals(1.0, Ssim.uniform(x, x, 255), 1e-12);
        }
    }

    @Test
    void ssimIsSymmetric() {
        // S is symmetric in x and y term by term
        Tensor a = random(3, 20, 19, 18), b = random(4, 20, 19, 18);
        for (SsimOptions o : new SsimOptions[] {SsimOptions.gaussian(), SsimOptions.uniform()}) {
            assertEquals(Ssim.ssim(a, b, 255, o), Ssim.ssim(b, a, 255, o), 1e-12);
        }
    }

    @Test
    void ssimOfTwoConstantImagesIsTheLuminanceTerm() {
        // constant images: every (co)variance is 0, so S = (2 c d + C1) / (c^2 + d^2 + C1) * (C2 / C2), everywhere
        double c = 10, d = 20, r = 255, c1 = Math.pow(0.01 * r, 2);
        double expected = (2 * c * d + c1) / (c * c + d * d + c1);
        Tensor a = Tensor.full(org.cryograd.tensor.Device.cpu(), (float) c, 12, 13, 14);
        Tensor b = Tensor.full(org.cryograd.tensor.Device.cpu(), (float) d, 12, 13, 14);
        for (SsimOptions o : new SsimOptions[] {SsimOptions.gaussian(), SsimOptions.uniform()}) {
            assertEquals(expected, Ssim.ssim(a, b, r, o), 1e-9);
            for (float s : Ssim.map(a, b, r, o).toArray()) assertEquals(expected, s, 1e-6);
        }
    }

    @Test
    void psnrOfAKnownMse() {
        // test = ref +- 3 (integers, exact in float): MSE = 9, PSNR = 10 log10(R^2 / 9)
        float[] ref = new float[30 * 20], test = new float[ref.length];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = i % 97;
            test[i] = ref[i] + (i % 2 == 0 ? 3 : -3);
        }
        Tensor a = Tensor.of(ref, 30, 20), b = Tensor.of(test, 30, 20);
        assertEquals(9.0, ImageMetrics.mse(a, b), 1e-12);
        assertEquals(10 * Math.log10(255.0 * 255.0 / 9.0), ImageMetrics.psnr(a, b, 255), 1e-12);
        // default range = max(ref) - min(ref) = 96
        assertEquals(10 * Math.log10(96.0 * 96.0 / 9.0), ImageMetrics.psnr(a, b), 1e-12);
        assertEquals(96.0, ImageMetrics.dataRange(a), 0.0);
        assertEquals(ImageMetrics.psnr(a, b, 255), ImageMetrics.psnr(ref, test, 255, 30, 20), 0.0);
    }

    @Test
    void psnrOfIdenticalImagesIsInfinite() {
        Tensor a = random(5, 16, 16);
        assertEquals(Double.POSITIVE_INFINITY, ImageMetrics.psnr(a, a, 1.0));
        assertEquals(0.0, ImageMetrics.mse(a, a), 0.0);
    }

    @Test
    void pearsonOfALinearTransformIsPlusOrMinusOne() {
        // b = alpha a + beta: centred b = alpha * centred a, so r = sign(alpha)
        Tensor a = random(6, 9, 10, 11);
        assertEquals(1.0, ImageMetrics.pearson(a, a.mul(2f).add(5f)), 1e-9);
        assertEquals(-1.0, ImageMetrics.pearson(a, a.mul(-0.5f).add(1f)), 1e-9);
        Tensor b = random(7, 9, 10, 11);
        assertEquals(ImageMetrics.pearson(a, b), ImageMetrics.pearson(b, a), 1e-14);
        assertEquals(Double.NaN, ImageMetrics.pearson(a, Tensor.zeros(9, 10, 11)));
    }

    @Test
    void relativeMseOfScaledAndZeroImages() {
        // ||a - 2a||^2 / ||a||^2 = 1 and ||a - 0||^2 / ||a||^2 = 1; ||a - a/2||^2 / ||a||^2 = 1/4
        Tensor a = random(8, 21, 17);
        assertEquals(1.0, ImageMetrics.relativeMse(a, a.mul(2f)), 1e-12);
        assertEquals(1.0, ImageMetrics.relativeMse(a, Tensor.zeros(21, 17)), 1e-12);
        assertEquals(0.25, ImageMetrics.relativeMse(a, a.mul(0.5f)), 1e-12);
    }

    @Test
    void vifOfIdenticalOrShiftedImagesIsOneUpToEps() {
        // identical (or offset by a constant, which leaves every local (co)variance unchanged): g = s2 / (s2 + eps)
        // and sv^2 clips to eps, so every log term of the numerator equals the denominator's to ~1e-10
        Tensor a = random(9, 81, 81);
        assertEquals(1.0, Vif.vifp(a, a), 1e-8);
        assertEquals(1.0, Vif.vifp(a, a.add(7f)), 1e-6);
        Tensor v = random(10, 2, 85, 90);
        assertEquals(1.0, Vif.vifp(v, v), 1e-8);
    }

    @Test
    void pooledVifIsNotDominatedByANearlyEmptySlice() {
        // pooled = sum(num_z) / sum(den_z) = a den-weighted mean of the slice ratios num_z / den_z, so a slice with
        // almost no reference information (den ~ 0) moves it by almost nothing; the plain mean gives it weight 1/d
        int h = 84, w = 90, hw = h * w;
        float[] ref = random(21, 2, h, w).toArray(), test = ref.clone();
        float[] noise = Tensor.randn(new Rng(22), 2, h, w).toArray();
        for (int i = 0; i < test.length; i++) test[i] += 40f * noise[i];
        float[] flat = Tensor.randn(new Rng(23), h, w).toArray();
        float[] ref3 = new float[3 * hw], test3 = new float[3 * hw];
        System.arraycopy(ref, 0, ref3, 0, 2 * hw);
        System.arraycopy(test, 0, test3, 0, 2 * hw);
        for (int i = 0; i < hw; i++) {
            ref3[2 * hw + i] = 40f + 0.05f * flat[i];     // a flat slab with a faint texture
            test3[2 * hw + i] = 40f + 0.5f * flat[i];    // the same texture, 10x amplified
        }
        int[] two = {2, h, w}, three = {3, h, w}, slice = {h, w};
        double emptySlice = Vif.vifp(java.util.Arrays.copyOfRange(ref3, 2 * hw, 3 * hw),
                java.util.Arrays.copyOfRange(test3, 2 * hw, 3 * hw), slice, 2.0);
        double structured = Vif.vifp(ref, test, two, 2.0);
        assertTrue(Math.abs(emptySlice - structured) > 1.0, "the empty slice's VIF-P " + emptySlice
                + " must be far from the structured slices' " + structured + " for this test to mean anything");
        double meanOf3 = Vif.vifp(ref3, test3, three, 2.0), pooled2 = Vif.vifpPooled(ref, test, two, 2.0);
        double pooled3 = Vif.vifpPooled(ref3, test3, three, 2.0);
        assertTrue(Math.abs(meanOf3 - structured) > 1.0, "mean of ratios " + meanOf3 + " vs " + structured);
        assertEquals(pooled2, pooled3, 0.02, "pooled VIF-P with and without the empty slice");
        // one slice: pooled and mean agree
        float[] one = java.util.Arrays.copyOfRange(ref, 0, hw), oneT = java.util.Arrays.copyOfRange(test, 0, hw);
        assertEquals(Vif.vifp(one, oneT, slice, 2.0), Vif.vifpPooled(one, oneT, slice, 2.0), 1e-15);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Tensor a = random(15, 30, 26, 28), b = random(16, 30, 26, 28);
        Tensor va = random(17, 4, 81, 83), vb = random(18, 4, 81, 83);
        int before = Threads.count();
        try {
            Threads.setCount(1);
            double s1 = Ssim.gaussian(a, b, 255), u1 = Ssim.uniform(a, b, 255), v1 = Vif.vifp(va, vb);
            Threads.setCount(4);
            assertEquals(s1, Ssim.gaussian(a, b, 255), 0.0);
            assertEquals(u1, Ssim.uniform(a, b, 255), 0.0);
            assertEquals(v1, Vif.vifp(va, vb), 0.0);
        } finally {
            Threads.setCount(before);
        }
    }

    @Test
    void reflectIndexIsHalfSampleSymmetricWithPeriodTwoN() {
        // scipy 'reflect' on n = 3 (a b c): ... c b a | a b c | c b a | a b c ...
        int[] expected = {0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0};
        for (int p = -6; p < 6; p++) assertEquals(expected[p + 6], SeparableFilter.reflect(p, 3), "p=" + p);
        assertEquals(0, SeparableFilter.reflect(-5, 1));
    }
}
