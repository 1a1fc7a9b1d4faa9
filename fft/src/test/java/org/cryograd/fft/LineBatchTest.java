package org.cryograd.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_3D;
import org.junit.jupiter.api.Test;

/**
 * The line-batch kernels against JTransforms (an independent implementation), the SIMD stages against their scalar
 * twin, and the engine's large, multi-threaded paths against JTransforms' own 3-D transform.
 */
class LineBatchTest {
    private static final int L = LineBatch.LANES;

    private static double[][] randomLines(Random r, int n) {
        double[][] lines = new double[L][2 * n];
        for (double[] line : lines)
            for (int i = 0; i < 2 * n; i++) line[i] = r.nextGaussian();
        return lines;
    }

    private static void load(LineBatch b, double[][] lines, int n) {
        for (int w = 0; w < L; w++)
            for (int j = 0; j < n; j++) {
                b.re()[j * L + w] = lines[w][2 * j];
                b.im()[j * L + w] = lines[w][2 * j + 1];
            }
    }

    @Test
    void everyLengthMatchesJTransformsLineByLine() {
        Random r = new Random(11);
        for (int n = 1; n <= 70; n++) checkAgainstJTransforms(r, n);
        for (int n : new int[] {128, 256, 512, 1024, 2048, 96, 100, 243, 1000, 3125, 4320, 7 * 64, 1 << 15}) checkAgainstJTransforms(r, n);
    }

    private static void checkAgainstJTransforms(Random r, int n) {
        for (boolean inverse : new boolean[] {false, true}) {
            double[][] lines = randomLines(r, n);
            LineBatch b = LineBatch.of(n);
            assertEquals(LineBatchFft.supports(n), b instanceof LineBatchFft, "n " + n);
            load(b, lines, n);
            b.transform(inverse, L);
            DoubleFFT_1D ref = new DoubleFFT_1D(n);
            for (int w = 0; w < L; w++) {
                double[] t = lines[w].clone();
                if (n > 1) {
                    if (inverse) ref.complexInverse(t, false);
                    else ref.complexForward(t);
                }
                double max = 0, err = 0;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, Math.hypot(t[2 * j], t[2 * j + 1]));
                    err = Math.max(err, Math.hypot(t[2 * j] - b.re()[j * L + w], t[2 * j + 1] - b.im()[j * L + w]));
                }
                // double rounding over log2(n) stages: far below float32's 6e-8
                assertTrue(err <= 1e-13 * max, "n " + n + " lane " + w + (inverse ? " inverse" : " forward") + ": error " + err + " of " + max);
            }
        }
    }

    @Test
    void simdStagesGiveTheScalarTwinsResultsBitForBit() {
        LineBatchFft.Stage simd = FftSimd.stage();
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        // the test JVM runs with the module (the build's argLine); without it there is nothing to compare
        assertEquals(module, simd != LineBatchFft.SCALAR, "the SIMD stages are chosen exactly when the module is present");
        Random r = new Random(5);
        for (int n = 2; n <= LineBatchFft.MAX_LENGTH; n = n < 1024 ? n + 1 : 2 * n) {
            if (!LineBatchFft.supports(n)) continue;
            for (boolean inverse : new boolean[] {false, true}) {
                double[][] lines = randomLines(r, n);
                LineBatchFft a = new LineBatchFft(n), b = new LineBatchFft(n);
                load(a, lines, n);
                load(b, lines, n);
                a.transform(inverse, simd);
                b.transform(inverse, LineBatchFft.SCALAR);
                assertArrayEquals(b.re(), a.re(), 0, "re n " + n);
                assertArrayEquals(b.im(), a.im(), 0, "im n " + n);
            }
        }
    }

    @Test
    void lanesDoNotMix() {
        Random r = new Random(3);
        int n = 64;
        double[][] lines = randomLines(r, n);
        LineBatch all = LineBatch.of(n);
        load(all, lines, n);
        all.transform(false, L);
        double[][] alone = new double[L][2 * n];
        alone[2] = lines[2];
        LineBatch one = LineBatch.of(n);
        load(one, alone, n);
        one.transform(false, L);
        for (int j = 0; j < n; j++) {
            assertEquals(all.re()[j * L + 2], one.re()[j * L + 2], 0, "re " + j);
            assertEquals(all.im()[j * L + 2], one.im()[j * L + 2], 0, "im " + j);
            assertEquals(0, one.re()[j * L + 1], 0, "an empty lane stays empty");
        }
    }

    @Test
    void largeThreeDimensionalTransformsMatchJTransforms3d() {
        // big enough to run on the pool; power-of-two and other sizes, even and odd numbers of lines
        int[][] shapes = {{64, 32, 128}, {33, 40, 50}, {16, 17, 64}};
        for (int[] d : shapes) {
            Tensor x = Tensor.randn(new Rng(9), d);
            float[] xs = x.toArray();
            double[] full = new double[2 * xs.length];
            for (int i = 0; i < xs.length; i++) full[i] = xs[i];
            new DoubleFFT_3D(d[0], d[1], d[2]).realForwardFull(full);
            int m = d[2] / 2 + 1;
            double[] half = FftEngine.rfft(xs, d, 3);
            double max = 0, err = 0;
            for (int a = 0; a < d[0]; a++)
                for (int b = 0; b < d[1]; b++)
                    for (int k = 0; k < m; k++) {
                        int f = 2 * ((a * d[1] + b) * d[2] + k), h = 2 * ((a * d[1] + b) * m + k);
                        max = Math.max(max, Math.hypot(full[f], full[f + 1]));
                        err = Math.max(err, Math.hypot(full[f] - half[h], full[f + 1] - half[h + 1]));
                    }
            assertTrue(err <= 1e-12 * max, java.util.Arrays.toString(d) + ": error " + err + " of " + max);
            float[] back = FftEngine.irfft(half, d, 3, 1.0 / xs.length);
            double rt = 0;
            for (int i = 0; i < xs.length; i++) rt = Math.max(rt, Math.abs(back[i] - xs[i]));
            assertTrue(rt < 1e-5, java.util.Arrays.toString(d) + " round trip error " + rt);
        }
    }

    @Test
    void aBatchIsTransformedAsItsEntriesAlone() {
        // odd line counts pair lines within a transform only, so batching changes no bit
        Tensor a = Tensor.randn(new Rng(1), 9, 7, 16), b = Tensor.randn(new Rng(2), 9, 7, 16).mul(1e-6f);
        Tensor both = Tensor.stack(0, a, b);
        float[] joint = Fft.rfftn(both, 3).toArray();
        float[] fa = Fft.rfftn(a, 3).toArray(), fb = Fft.rfftn(b, 3).toArray();
        float[] sep = new float[fa.length + fb.length];
        System.arraycopy(fa, 0, sep, 0, fa.length);
        System.arraycopy(fb, 0, sep, fa.length, fb.length);
        assertArrayEquals(sep, joint);
        float[] inv = Fft.irfftn(Fft.rfftn(both, 3), 9, 7, 16).toArray();
        float[] ia = Fft.irfftn(Fft.rfftn(a, 3), 9, 7, 16).toArray();
        for (int i = 0; i < ia.length; i++) assertEquals(ia[i], inv[i], 0, "inverse, entry 0 at " + i);
    }

    @Test
    void theFactoryPicksTheKernelBySize() {
        assertTrue(LineBatchFft.supports(2));
        assertTrue(LineBatchFft.supports(1024));
        assertFalse(LineBatchFft.supports(1));
        assertTrue(LineBatchFft.supports(96 * 5 * 9), "2^a 3^b 5^c");
        assertFalse(LineBatchFft.supports(7 * 64), "another prime factor");
        assertFalse(LineBatchFft.supports(97));
        assertTrue(LineBatchFft.supports(LineBatchFft.MAX_LENGTH));
        assertFalse(LineBatchFft.supports(2 * LineBatchFft.MAX_LENGTH), "longer lines go to JTransforms");
        assertSame(LineBatchJTransforms.class, LineBatch.of(1).getClass());
        assertSame(LineBatchFft.class, LineBatch.of(64).getClass());
        assertSame(LineBatchJTransforms.class, LineBatch.of(98).getClass());
        assertArrayEquals(new int[] {4, 4, 2, 3, 5}, LineBatchFft.radices(480));
    }

    @Test
    void lengthOneAxesAreTheIdentity() {
        Tensor z = Tensor.randn(new Rng(4), 5, 1, 2);
        assertArrayEquals(z.toArray(), Fft.fftn(z, 1).toArray(), "fftn over a length-1 axis");
        assertArrayEquals(z.toArray(), Fft.ifftn(z, 1).toArray(), "ifftn over a length-1 axis");
        Tensor w = Tensor.randn(new Rng(6), 1, 6, 2);
        assertArrayEquals(Fft.fftn(w.reshape(6, 2), 1).toArray(), Fft.fftn(w, 2).toArray(), "a leading length-1 axis changes nothing");
    }
}
