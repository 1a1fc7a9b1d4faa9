package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CpuPoolTest {

    /** One pooling geometry: input, kernel, stride, padding (all (D, H, W)). */
    private record Geo(int[] in, int[] k, int[] s, int[] p) {
        int[] out() {
            return CpuPool.outSize(in, k, s, p);
        }

        @Override
        public String toString() {
            return "in=" + Arrays.toString(in) + " k=" + Arrays.toString(k) + " s=" + Arrays.toString(s) + " p="
                    + Arrays.toString(p);
        }
    }

    private static Geo g(int[] in, int[] k, int[] s, int[] p) {
        return new Geo(in, k, s, p);
    }

    private static int[] v(int d, int h, int w) {
        return new int[] {d, h, w};
    }

    private static List<Geo> geometries() {
        List<Geo> list = new ArrayList<>();
        // 1-D
        list.add(g(v(1, 1, 7), v(1, 1, 3), v(1, 1, 2), v(0, 0, 1)));
        list.add(g(v(1, 1, 8), v(1, 1, 2), v(1, 1, 2), v(0, 0, 0)));
        list.add(g(v(1, 1, 5), v(1, 1, 3), v(1, 1, 1), v(0, 0, 1)));
        list.add(g(v(1, 1, 9), v(1, 1, 2), v(1, 1, 1), v(0, 0, 1)));
        // 2-D, odd and anisotropic
        list.add(g(v(1, 5, 7), v(1, 3, 2), v(1, 2, 1), v(0, 1, 0)));
        list.add(g(v(1, 6, 6), v(1, 2, 2), v(1, 2, 2), v(0, 0, 0)));
        list.add(g(v(1, 7, 5), v(1, 3, 3), v(1, 1, 2), v(0, 1, 1)));
        list.add(g(v(1, 9, 4), v(1, 3, 2), v(1, 2, 2), v(0, 1, 1)));
        // 3-D
        list.add(g(v(5, 6, 7), v(3, 2, 3), v(2, 1, 2), v(1, 0, 1)));
        list.add(g(v(4, 5, 3), v(2, 3, 2), v(1, 2, 1), v(0, 1, 1)));
        list.add(g(v(3, 3, 3), v(3, 3, 3), v(1, 1, 1), v(1, 1, 1)));
        list.add(g(v(7, 4, 5), v(3, 3, 3), v(2, 2, 2), v(1, 1, 1)));
        return list;
    }

    private static float[] random(int n, long seed, boolean ties) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            float f = (float) r.nextGaussian();
            a[i] = ties ? Math.round(f * 2f) / 2f : f;
        }
        return a;
    }

    private static int vol(int[] s) {
        return s[0] * s[1] * s[2];
    }

    // ---------- naive references (window enumerated by kernel offset, padded cells skipped) ----------

    /** Returns argmax (plane-relative flat index) for every output, torch rule; fills y with the maxima. */
    private static int[] refMax(float[] x, float[] y, int planes, Geo geo) {
        int[] in = geo.in, out = geo.out(), k = geo.k, s = geo.s, p = geo.p;
        int[] arg = new int[planes * vol(out)];
        int o = 0;
        for (int pl = 0; pl < planes; pl++) {
            for (int od = 0; od < out[0]; od++)
                for (int oh = 0; oh < out[1]; oh++)
                    for (int ow = 0; ow < out[2]; ow++, o++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int a = -1;
                        for (int kd = 0; kd < k[0]; kd++)
                            for (int kh = 0; kh < k[1]; kh++)
                                for (int kw = 0; kw < k[2]; kw++) {
                                    int d = od * s[0] - p[0] + kd, h = oh * s[1] - p[1] + kh, w = ow * s[2] - p[2] + kw;
                                    if (d < 0 || d >= in[0] || h < 0 || h >= in[1] || w < 0 || w >= in[2]) continue;
                                    int idx = (d * in[1] + h) * in[2] + w;
                                    float val = x[pl * vol(in) + idx];
                                    if (a < 0) a = idx;
                                    if (val > best || Float.isNaN(val)) {
                                        best = val;
                                        a = idx;
                                    }
                                }
                        y[o] = best;
                        arg[o] = a;
                    }
        }
        return arg;
    }

    private static float[] refAvg(float[] x, int planes, Geo geo, boolean includePad) {
        int[] in = geo.in, out = geo.out(), k = geo.k, s = geo.s, p = geo.p;
        float[] y = new float[planes * vol(out)];
        int o = 0;
        for (int pl = 0; pl < planes; pl++) {
            for (int od = 0; od < out[0]; od++)
                for (int oh = 0; oh < out[1]; oh++)
                    for (int ow = 0; ow < out[2]; ow++, o++) {
                        float sum = 0f;
                        int valid = 0, padded = 0;
                        for (int kd = 0; kd < k[0]; kd++)
                            for (int kh = 0; kh < k[1]; kh++)
                                for (int kw = 0; kw < k[2]; kw++) {
                                    int d = od * s[0] - p[0] + kd, h = oh * s[1] - p[1] + kh, w = ow * s[2] - p[2] + kw;
                                    boolean inPadded = d < in[0] + p[0] && h < in[1] + p[1] && w < in[2] + p[2];
                                    if (inPadded) padded++;
                                    if (d < 0 || d >= in[0] || h < 0 || h >= in[1] || w < 0 || w >= in[2]) continue;
                                    valid++;
                                    sum += x[pl * vol(in) + (d * in[1] + h) * in[2] + w];
                                }
                        int div = includePad ? padded : valid;
                        y[o] = 0f + sum / (float) div;
                    }
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

    // ---------- tests ----------

    @Test
    void outSizeFloorMode() {
        assertArrayEquals(v(1, 1, 4), CpuPool.outSize(v(1, 1, 7), v(1, 1, 3), v(1, 1, 2), v(0, 0, 1)));
        assertArrayEquals(v(1, 2, 3), CpuPool.outSize(v(1, 5, 7), v(1, 3, 2), v(1, 2, 2), v(0, 0, 0)));
        assertArrayEquals(v(3, 5, 4), CpuPool.outSize(v(5, 6, 7), v(3, 2, 3), v(2, 1, 2), v(1, 0, 1)));
    }

    @Test
    void maxForwardMatchesReference() {
        long seed = 1;
        for (Geo geo : geometries()) {
            for (boolean ties : new boolean[] {false, true}) {
                int planes = 3;
                float[] x = random(planes * vol(geo.in), seed++, ties);
                float[] y = new float[planes * vol(geo.out())];
                float[] ref = new float[y.length];
                refMax(x, ref, planes, geo);
                CpuPool.maxForward(x, y, planes, geo.in, geo.out(), geo.k, geo.s, geo.p);
                assertArrayEquals(ref, y, 0f, geo::toString);
            }
        }
    }

    @Test
    void maxBackwardMatchesArgmaxScatter() {
        long seed = 100;
        for (Geo geo : geometries()) {
            for (boolean ties : new boolean[] {false, true}) {
                int planes = 2;
                float[] x = random(planes * vol(geo.in), seed++, ties);
                float[] gy = random(planes * vol(geo.out()), seed++, false);
                int[] arg = refMax(x, new float[gy.length], planes, geo);
                float[] ref = new float[x.length];
                int outVol = vol(geo.out());
                for (int o = 0; o < gy.length; o++) ref[(o / outVol) * vol(geo.in) + arg[o]] += gy[o];
                float[] gx = new float[x.length];
                Arrays.fill(gx, 123f); // must be overwritten
                CpuPool.maxBackward(x, gy, gx, planes, geo.in, geo.out(), geo.k, geo.s, geo.p);
                assertArrayEquals(ref, gx, 0f, geo::toString);
            }
        }
    }

    @Test
    void maxTiesNanAndNegativeInfinity() {
        int[] in = v(1, 1, 4), k = v(1, 1, 4), s = v(1, 1, 1), p = v(0, 0, 0), out = v(1, 1, 1);
        float[] y = new float[1];
        float[] gx = new float[4];
        // first maximum wins
        float[] ties = {2f, 5f, 5f, 1f};
        CpuPool.maxForward(ties, y, 1, in, out, k, s, p);
        assertEquals(5f, y[0]);
        CpuPool.maxBackward(ties, new float[] {7f}, gx, 1, in, out, k, s, p);
        assertArrayEquals(new float[] {0f, 7f, 0f, 0f}, gx);
        // NaN propagates; like torch the gradient goes to the last NaN in scan order
        float[] nan = {1f, Float.NaN, 3f, Float.NaN};
        CpuPool.maxForward(nan, y, 1, in, out, k, s, p);
        assertTrue(Float.isNaN(y[0]));
        CpuPool.maxBackward(nan, new float[] {7f}, gx, 1, in, out, k, s, p);
        assertArrayEquals(new float[] {0f, 0f, 0f, 7f}, gx);
        // all -inf: value -inf, gradient to the first valid cell (padding is never selected)
        int[] in3 = v(1, 1, 3), k3 = v(1, 1, 3), p1 = v(0, 0, 1);
        float[] ninf = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        int[] out3 = CpuPool.outSize(in3, k3, s, p1);
        float[] y3 = new float[vol(out3)];
        CpuPool.maxForward(ninf, y3, 1, in3, out3, k3, s, p1);
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, y3);
        float[] gx3 = new float[3];
        CpuPool.maxBackward(ninf, new float[] {1f, 10f, 100f}, gx3, 1, in3, out3, k3, s, p1);
        assertArrayEquals(new float[] {11f, 100f, 0f}, gx3);
        // negative values with padding: padding (-inf) never beats a real value
        float[] neg = {-5f, -7f, -6f};
        CpuPool.maxForward(neg, y3, 1, in3, out3, k3, s, p1);
        assertArrayEquals(new float[] {-5f, -5f, -6f}, y3);
    }

    @Test
    void avgForwardMatchesReference() {
        long seed = 200;
        for (Geo geo : geometries()) {
            for (boolean includePad : new boolean[] {true, false}) {
                int planes = 3;
                float[] x = random(planes * vol(geo.in), seed++, false);
                float[] y = new float[planes * vol(geo.out())];
                CpuPool.avgForward(x, y, planes, geo.in, geo.out(), geo.k, geo.s, geo.p, includePad);
                assertArrayEquals(refAvg(x, planes, geo, includePad), y, 0f, () -> geo + " includePad=" + includePad);
            }
        }
    }

    @Test
    void avgPaddingDivisors() {
        // 1-D, in 4, k 3, s 1, p 1: windows [-1,1], [0,2], [1,3], [2,4]
        float[] x = {1f, 2f, 3f, 4f};
        int[] in = v(1, 1, 4), k = v(1, 1, 3), s = v(1, 1, 1), p = v(0, 0, 1);
        int[] out = CpuPool.outSize(in, k, s, p);
        float[] y = new float[4];
        CpuPool.avgForward(x, y, 1, in, out, k, s, p, true);
        assertArrayEquals(new float[] {3f / 3f, 6f / 3f, 9f / 3f, 7f / 3f}, y);
        CpuPool.avgForward(x, y, 1, in, out, k, s, p, false);
        assertArrayEquals(new float[] {3f / 2f, 6f / 3f, 9f / 3f, 7f / 2f}, y);
    }

    @Test
    void avgBackwardIsAdjoint() {
        long seed = 300;
        for (Geo geo : geometries()) {
            for (boolean includePad : new boolean[] {true, false}) {
                int planes = 2;
                float[] x = random(planes * vol(geo.in), seed++, false);
                float[] gy = random(planes * vol(geo.out()), seed++, false);
                float[] y = new float[gy.length];
                float[] gx = new float[x.length];
                Arrays.fill(gx, -9f);
                CpuPool.avgForward(x, y, planes, geo.in, geo.out(), geo.k, geo.s, geo.p, includePad);
                CpuPool.avgBackward(gy, gx, planes, geo.in, geo.out(), geo.k, geo.s, geo.p, includePad);
                double lhs = dot(y, gy), rhs = dot(x, gx);
                double tol = 1e-5 * (absDot(y, gy) + absDot(x, gx)) + 1e-9;
                assertEquals(lhs, rhs, tol, () -> geo + " includePad=" + includePad);
            }
        }
    }

    @Test
    void bitIdenticalAcrossThreadCounts() {
        Geo geo = g(v(9, 17, 19), v(3, 3, 3), v(1, 1, 1), v(1, 1, 1));
        Geo geo2 = g(v(1, 64, 61), v(1, 3, 2), v(1, 2, 1), v(0, 1, 1));
        int saved = Parallel.threads();
        try {
            for (Geo gg : List.of(geo, geo2)) {
                int planes = 6;
                float[] x = random(planes * vol(gg.in), 7, true);
                float[] gy = random(planes * vol(gg.out()), 8, false);
                float[][] r1 = runAll(x, gy, planes, gg, 1);
                float[][] r3 = runAll(x, gy, planes, gg, 3);
                for (int i = 0; i < r1.length; i++) assertArrayEquals(r1[i], r3[i], 0f, gg + " result " + i);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static float[][] runAll(float[] x, float[] gy, int planes, Geo geo, int threads) {
        Parallel.setThreads(threads);
        int[] out = geo.out();
        float[] ym = new float[gy.length], ya = new float[gy.length], yb = new float[gy.length];
        float[] gm = new float[x.length], ga = new float[x.length], gb = new float[x.length];
        CpuPool.maxForward(x, ym, planes, geo.in, out, geo.k, geo.s, geo.p);
        CpuPool.maxBackward(x, gy, gm, planes, geo.in, out, geo.k, geo.s, geo.p);
        CpuPool.avgForward(x, ya, planes, geo.in, out, geo.k, geo.s, geo.p, true);
        CpuPool.avgForward(x, yb, planes, geo.in, out, geo.k, geo.s, geo.p, false);
        CpuPool.avgBackward(gy, ga, planes, geo.in, out, geo.k, geo.s, geo.p, true);
        CpuPool.avgBackward(gy, gb, planes, geo.in, out, geo.k, geo.s, geo.p, false);
        return new float[][] {ym, ya, yb, gm, ga, gb};
    }

    @Test
    void badGeometryThrows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuPool.outSize(v(1, 1, 2), v(1, 1, 3), v(1, 1, 1), v(0, 0, 0)));
        assertTrue(e.getMessage().contains("[1, 1, 2]") && e.getMessage().contains("[1, 1, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CpuPool.outSize(v(1, 4, 4), v(1, 3, 3), v(1, 1, 1), v(0, 2, 0)));
        assertTrue(e.getMessage().contains("padding") && e.getMessage().contains("[0, 2, 0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CpuPool.outSize(v(1, 4, 4), v(1, 0, 3), v(1, 1, 1), v(0, 0, 0)));
        assertTrue(e.getMessage().contains("[1, 0, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CpuPool.outSize(new int[] {4, 4}, v(1, 3, 3), v(1, 1, 1), v(0, 0, 0)));
        // an output size that does not match the geometry
        e = assertThrows(IllegalArgumentException.class, () -> CpuPool.maxForward(new float[16], new float[16], 1,
                v(1, 4, 4), v(1, 3, 3), v(1, 1, 1), v(1, 1, 1), v(0, 0, 0)));
        assertTrue(e.getMessage().contains("[1, 3, 3]") && e.getMessage().contains("[1, 4, 4]"), e.getMessage());
        // an array that is too short
        assertThrows(IllegalArgumentException.class, () -> CpuPool.avgForward(new float[15], new float[4], 1,
                v(1, 4, 4), v(1, 2, 2), v(1, 2, 2), v(1, 2, 2), v(0, 0, 0), true));
    }
}
