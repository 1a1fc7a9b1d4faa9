package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.Test;

class CpuUpsampleTest {

    private static int[] v(int d, int h, int w) {
        return new int[] {d, h, w};
    }

    private static int vol(int[] s) {
        return s[0] * s[1] * s[2];
    }

    /** Pairs {in, out}: 1-D, 2-D and 3-D, up and down, non-integer ratios, equal and unit dimensions. */
    private static final int[][][] CASES = {
        {v(1, 1, 5), v(1, 1, 7)},
        {v(1, 1, 6), v(1, 1, 4)},
        {v(1, 1, 3), v(1, 1, 8)},
        {v(1, 1, 4), v(1, 1, 1)},
        {v(1, 1, 1), v(1, 1, 5)},
        {v(1, 1, 7), v(1, 1, 7)},
        {v(1, 5, 6), v(1, 7, 4)},
        {v(1, 3, 6), v(1, 8, 6)},
        {v(1, 6, 3), v(1, 4, 8)},
        {v(1, 40, 50), v(1, 70, 90)}, // outH + outW > 128: torch's separable bilinear path
        {v(3, 5, 6), v(5, 7, 4)},
        {v(2, 3, 3), v(4, 8, 3)},
        {v(4, 1, 3), v(2, 1, 5)},
        {v(6, 4, 5), v(4, 6, 5)},
    };

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    // ---------- independent references ----------

    /** The nearest source index as torch computes it: float scale in/out, floor(dst * scale), clamped. */
    private static int nearestSrc(int dst, int in, int out) {
        float scale = (float) in / (float) out;
        return Math.min((int) Math.floor((float) dst * scale), in - 1);
    }

    private static float[] refNearest(float[] x, int planes, int[] in, int[] out) {
        float[] y = new float[planes * vol(out)];
        int o = 0;
        for (int p = 0; p < planes; p++)
            for (int d = 0; d < out[0]; d++)
                for (int h = 0; h < out[1]; h++)
                    for (int w = 0; w < out[2]; w++)
                        y[o++] = x[p * vol(in) + (nearestSrc(d, in[0], out[0]) * in[1] + nearestSrc(h, in[1], out[1]))
                                * in[2] + nearestSrc(w, in[2], out[2])];
        return y;
    }

    /** Dense 1-D interpolation matrix [out][in] from the textbook formulas, in double. */
    private static double[][] linearMatrix(int in, int out, boolean alignCorners) {
        double[][] m = new double[out][in];
        for (int o = 0; o < out; o++) {
            double src;
            if (alignCorners) src = out > 1 ? o * (double) (in - 1) / (out - 1) : 0.0;
            else src = Math.max(0.0, (o + 0.5) * in / out - 0.5);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double l1 = Math.min(Math.max(src - i0, 0.0), 1.0);
            m[o][i0] += 1 - l1;
            m[o][i1] += l1;
        }
        return m;
    }

    private static double[] refLinear(float[] x, int planes, int[] in, int[] out, boolean ac) {
        double[][] md = linearMatrix(in[0], out[0], ac), mh = linearMatrix(in[1], out[1], ac),
                mw = linearMatrix(in[2], out[2], ac);
        double[] y = new double[planes * vol(out)];
        int o = 0;
        for (int p = 0; p < planes; p++)
            for (int od = 0; od < out[0]; od++)
                for (int oh = 0; oh < out[1]; oh++)
                    for (int ow = 0; ow < out[2]; ow++, o++) {
                        double s = 0;
                        for (int a = 0; a < in[0]; a++) {
                            if (md[od][a] == 0) continue;
                            for (int b = 0; b < in[1]; b++) {
                                if (mh[oh][b] == 0) continue;
                                for (int c = 0; c < in[2]; c++) {
                                    if (mw[ow][c] == 0) continue;
                                    s += md[od][a] * mh[oh][b] * mw[ow][c] * x[p * vol(in) + (a * in[1] + b) * in[2] + c];
                                }
                            }
                        }
                        y[o] = s;
                    }
        return y;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    private static double absDot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs((double) a[i] * b[i]);
        return s;
    }

    // ---------- nearest ----------

    @Test
    void nearestIndicesMatchTorch() {
        // torch.nn.functional.interpolate(arange(in), size=out, mode='nearest')
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 2, 2}, nearest1d(new float[] {0, 1, 2}, 8));
        assertArrayEquals(new float[] {0, 0, 1, 2, 2, 3, 4}, nearest1d(new float[] {0, 1, 2, 3, 4}, 7));
        assertArrayEquals(new float[] {0, 1, 3, 4}, nearest1d(new float[] {0, 1, 2, 3, 4, 5}, 4));
        assertArrayEquals(new float[] {0, 0, 1, 1, 2, 2}, nearest1d(new float[] {0, 1, 2}, 6));
    }

    private static float[] nearest1d(float[] x, int out) {
        float[] y = new float[out];
        CpuUpsample.nearestForward(x, y, 1, v(1, 1, x.length), v(1, 1, out));
        return y;
    }

    @Test
    void nearestForwardMatchesReference() {
        long seed = 1;
        for (int[][] c : CASES) {
            int planes = 3;
            float[] x = random(planes * vol(c[0]), seed++);
            float[] y = new float[planes * vol(c[1])];
            CpuUpsample.nearestForward(x, y, planes, c[0], c[1]);
            assertArrayEquals(refNearest(x, planes, c[0], c[1]), y, 0f, Arrays.deepToString(c));
        }
    }

    @Test
    void nearestBackwardIsAdjointAndExactScatter() {
        long seed = 50;
        for (int[][] c : CASES) {
            int planes = 2;
            float[] x = random(planes * vol(c[0]), seed++);
            float[] gy = random(planes * vol(c[1]), seed++);
            float[] y = new float[gy.length];
            float[] gx = new float[x.length];
            Arrays.fill(gx, 5f);
            CpuUpsample.nearestForward(x, y, planes, c[0], c[1]);
            CpuUpsample.nearestBackward(gy, gx, planes, c[0], c[1]);
            double tol = 1e-5 * (absDot(y, gy) + absDot(x, gx)) + 1e-9;
            assertEquals(dot(y, gy), dot(x, gx), tol, Arrays.deepToString(c));
            // exact: scatter in output order
            float[] ref = new float[x.length];
            int[] in = c[0], out = c[1];
            int o = 0;
            for (int p = 0; p < planes; p++)
                for (int d = 0; d < out[0]; d++)
                    for (int h = 0; h < out[1]; h++)
                        for (int w = 0; w < out[2]; w++)
                            ref[p * vol(in) + (nearestSrc(d, in[0], out[0]) * in[1] + nearestSrc(h, in[1], out[1])) * in[2]
                                    + nearestSrc(w, in[2], out[2])] += gy[o++];
            assertArrayEquals(ref, gx, 0f, Arrays.deepToString(c));
        }
    }

    // ---------- linear ----------

    @Test
    void linearKnownValues() {
        float a = 2f, b = 6f;
        float[] y = new float[4];
        CpuUpsample.linearForward(new float[] {a, b}, y, 1, v(1, 1, 2), v(1, 1, 4), false);
        assertArrayEquals(new float[] {2f, 3f, 5f, 6f}, y);
        CpuUpsample.linearForward(new float[] {a, b}, y, 1, v(1, 1, 2), v(1, 1, 4), true);
        assertArrayEquals(new float[] {2f, 2f + 4f / 3f, 2f + 8f / 3f, 6f}, y, 1e-6f);
        float[] y5 = new float[5];
        CpuUpsample.linearForward(new float[] {1f, 3f, 9f}, y5, 1, v(1, 1, 3), v(1, 1, 5), true);
        assertArrayEquals(new float[] {1f, 2f, 3f, 6f, 9f}, y5);
        // out == 1: align_corners picks x[0]; otherwise the centre of the input
        float[] y1 = new float[1];
        CpuUpsample.linearForward(new float[] {1f, 3f, 5f, 7f}, y1, 1, v(1, 1, 4), v(1, 1, 1), true);
        assertEquals(1f, y1[0]);
        CpuUpsample.linearForward(new float[] {1f, 3f, 5f, 7f}, y1, 1, v(1, 1, 4), v(1, 1, 1), false);
        assertEquals(4f, y1[0]);
        // 2-D 2x2 -> 3x3 with align_corners: the centre is the mean
        float[] y9 = new float[9];
        CpuUpsample.linearForward(new float[] {0f, 4f, 8f, 12f}, y9, 1, v(1, 2, 2), v(1, 3, 3), true);
        assertArrayEquals(new float[] {0f, 2f, 4f, 4f, 6f, 8f, 8f, 10f, 12f}, y9);
    }

    @Test
    void linearForwardMatchesReference() {
        long seed = 100;
        for (int[][] c : CASES) {
            for (boolean ac : new boolean[] {false, true}) {
                int planes = 3;
                float[] x = random(planes * vol(c[0]), seed++);
                float[] y = new float[planes * vol(c[1])];
                CpuUpsample.linearForward(x, y, planes, c[0], c[1], ac);
                double[] ref = refLinear(x, planes, c[0], c[1], ac);
                // torch computes source coordinates in float: allow their rounding (~ulp(size)) on top of the sums
                int maxIn = Math.max(c[0][0], Math.max(c[0][1], c[0][2]));
                for (int i = 0; i < y.length; i++) {
                    final int fi = i;
                    assertEquals(ref[i], y[i], 2e-6 * (1 + Math.abs(ref[i])) + 1e-6 * maxIn,
                            () -> Arrays.deepToString(c) + " ac=" + ac + " at " + fi);
                }
            }
        }
    }

    @Test
    void linearBackwardIsAdjoint() {
        long seed = 200;
        for (int[][] c : CASES) {
            for (boolean ac : new boolean[] {false, true}) {
                int planes = 2;
                float[] x = random(planes * vol(c[0]), seed++);
                float[] gy = random(planes * vol(c[1]), seed++);
                float[] y = new float[gy.length];
                float[] gx = new float[x.length];
                Arrays.fill(gx, -3f);
                CpuUpsample.linearForward(x, y, planes, c[0], c[1], ac);
                CpuUpsample.linearBackward(gy, gx, planes, c[0], c[1], ac);
                double tol = 1e-5 * (absDot(y, gy) + absDot(x, gx)) + 1e-9;
                assertEquals(dot(y, gy), dot(x, gx), tol, () -> Arrays.deepToString(c) + " ac=" + ac);
            }
        }
    }

    private static double scale(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return Math.max(m, 1);
    }

    private static int[] dims(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /**
     * Against torch's own float32 kernels (make_upsample_exact_fixtures.py: float32 in, float32 out, one thread), to
     * float rounding: Debian's torch 1.13 differs from CpuUpsample in the last bits (up to a few tens of ulp where
     * terms cancel), so the bit-for-bit order this class describes is not what that build computes; a wrong tap,
     * weight or index is off by orders of magnitude more than the 2e-6 of the data's scale allowed here.
     */
    @Test
    void linearMatchesTorchFloat32ToRounding() {
        List<Cgfx.Case> cases = Cgfx.load(CpuUpsampleTest.class, "/fixtures/upsample_f32.bin.gz", "tensor/src/test/python/make_upsample_exact_fixtures.py");
        assertEquals(28, cases.size());
        for (Cgfx.Case c : cases) {
            int[] in = dims(c.str("in")), out = dims(c.str("out"));
            boolean ac = c.integer("align_corners") == 1;
            int planes = 2;
            float[] y = new float[planes * vol(out)], gx = new float[planes * vol(in)];
            CpuUpsample.linearForward(c.get("x").data(), y, planes, in, out, ac);
            CpuUpsample.linearBackward(c.get("gout").data(), gx, planes, in, out, ac);
            assertArrayEquals(c.get("out").data(), y, (float) (2e-6 * scale(c.get("x").data())), () -> "forward " + c.id());
            assertArrayEquals(c.get("grad_x").data(), gx, (float) (2e-6 * scale(c.get("gout").data()) * Math.max(1.0, (double) vol(out) / vol(in))), () -> "backward " + c.id());
        }
    }

    // ---------- threads and errors ----------

    @Test
    void bitIdenticalAcrossThreadCounts() {
        List<int[][]> cases = List.of(
                new int[][] {v(7, 20, 30), v(11, 33, 41)},
                new int[][] {v(1, 45, 37), v(1, 64, 50)},
                new int[][] {v(1, 50, 60), v(1, 90, 70)},
                new int[][] {v(1, 1, 300), v(1, 1, 517)});
        int saved = Parallel.threads();
        try {
            for (int[][] c : cases) {
                int planes = 8;
                float[] x = random(planes * vol(c[0]), 11);
                float[] gy = random(planes * vol(c[1]), 12);
                float[][] r1 = runAll(x, gy, planes, c, 1);
                float[][] r3 = runAll(x, gy, planes, c, 3);
                for (int i = 0; i < r1.length; i++)
                    assertArrayEquals(r1[i], r3[i], 0f, Arrays.deepToString(c) + " result " + i);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static float[][] runAll(float[] x, float[] gy, int planes, int[][] c, int threads) {
        Parallel.setThreads(threads);
        float[] yn = new float[gy.length], ya = new float[gy.length], yb = new float[gy.length];
        float[] gn = new float[x.length], ga = new float[x.length], gb = new float[x.length];
        CpuUpsample.nearestForward(x, yn, planes, c[0], c[1]);
        CpuUpsample.nearestBackward(gy, gn, planes, c[0], c[1]);
        CpuUpsample.linearForward(x, ya, planes, c[0], c[1], false);
        CpuUpsample.linearForward(x, yb, planes, c[0], c[1], true);
        CpuUpsample.linearBackward(gy, ga, planes, c[0], c[1], false);
        CpuUpsample.linearBackward(gy, gb, planes, c[0], c[1], true);
        return new float[][] {yn, ya, yb, gn, ga, gb};
    }

    @Test
    void badGeometryThrows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuUpsample.linearForward(new float[4], new float[4], 1, v(1, 1, 4), v(1, 0, 4), false));
        assertTrue(e.getMessage().contains("[1, 0, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CpuUpsample.nearestForward(new float[3], new float[8], 1, v(1, 1, 4), v(1, 1, 8)));
        assertTrue(e.getMessage().contains("[1, 1, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CpuUpsample.nearestBackward(new float[8], new float[4], 1, new int[] {1, 4}, v(1, 1, 8)));
        assertThrows(IllegalArgumentException.class,
                () -> CpuUpsample.linearBackward(new float[7], new float[4], 1, v(1, 1, 4), v(1, 1, 8), true));
    }
}
