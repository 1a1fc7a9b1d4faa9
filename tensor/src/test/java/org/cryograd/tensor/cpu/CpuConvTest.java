package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryograd.tensor.spi.ConvGeometry;
import org.junit.jupiter.api.Test;

class CpuConvTest {

    // ------------------------------------------------------------------ naive double references

    /** Reference values and the sums of absolute terms (for the tolerance). */
    private record Ref(double[] value, double[] abs) {}

    private static int[] dims(ConvGeometry g) {
        return new int[] {g.in()[0], g.in()[1], g.in()[2], g.out()[0], g.out()[1], g.out()[2]};
    }

    private static Ref naiveForward(float[] x, float[] w, float[] bias, ConvGeometry g) {
        int[] d = dims(g);
        int cinG = g.cinPerGroup(), coutG = g.coutPerGroup(), ks = g.kernelSize();
        int[] k = g.kernel(), s = g.stride(), p = g.padding();
        double[] v = new double[g.n() * g.cout() * g.outSize()], a = new double[v.length];
        for (int n = 0; n < g.n(); n++) {
            for (int co = 0; co < g.cout(); co++) {
                int grp = co / coutG;
                for (int oz = 0; oz < d[3]; oz++) {
                    for (int oy = 0; oy < d[4]; oy++) {
                        for (int ox = 0; ox < d[5]; ox++) {
                            double sum = bias == null ? 0 : bias[co], abs = Math.abs(sum);
                            for (int ci = 0; ci < cinG; ci++) {
                                for (int kz = 0; kz < k[0]; kz++) {
                                    for (int ky = 0; ky < k[1]; ky++) {
                                        for (int kx = 0; kx < k[2]; kx++) {
                                            int iz = oz * s[0] - p[0] + kz, iy = oy * s[1] - p[1] + ky, ix = ox * s[2] - p[2] + kx;
                                            if (iz < 0 || iz >= d[0] || iy < 0 || iy >= d[1] || ix < 0 || ix >= d[2]) continue;
                                            double t = (double) w[(co * cinG + ci) * ks + (kz * k[1] + ky) * k[2] + kx]
                                                    * x[(((n * g.cin() + grp * cinG + ci) * d[0] + iz) * d[1] + iy) * d[2] + ix];
                                            sum += t;
                                            abs += Math.abs(t);
                                        }
                                    }
                                }
                            }
                            int o = (((n * g.cout() + co) * d[3] + oz) * d[4] + oy) * d[5] + ox;
                            v[o] = sum;
                            a[o] = abs;
                        }
                    }
                }
            }
        }
        return new Ref(v, a);
    }

    private static Ref naiveBackwardData(float[] gy, float[] w, ConvGeometry g) {
        int[] d = dims(g);
        int cinG = g.cinPerGroup(), coutG = g.coutPerGroup(), ks = g.kernelSize();
        int[] k = g.kernel(), s = g.stride(), p = g.padding();
        double[] v = new double[g.n() * g.cin() * g.inSize()], a = new double[v.length];
        for (int n = 0; n < g.n(); n++) {
            for (int c = 0; c < g.cin(); c++) {
                int grp = c / cinG, ci = c % cinG;
                for (int iz = 0; iz < d[0]; iz++) {
                    for (int iy = 0; iy < d[1]; iy++) {
                        for (int ix = 0; ix < d[2]; ix++) {
                            double sum = 0, abs = 0;
                            for (int col = 0; col < coutG; col++) {
                                int co = grp * coutG + col;
                                for (int kz = 0; kz < k[0]; kz++) {
                                    for (int ky = 0; ky < k[1]; ky++) {
                                        for (int kx = 0; kx < k[2]; kx++) {
                                            int nz = iz + p[0] - kz, ny = iy + p[1] - ky, nx = ix + p[2] - kx;
                                            if (nz < 0 || ny < 0 || nx < 0 || nz % s[0] != 0 || ny % s[1] != 0 || nx % s[2] != 0) continue;
                                            int oz = nz / s[0], oy = ny / s[1], ox = nx / s[2];
                                            if (oz >= d[3] || oy >= d[4] || ox >= d[5]) continue;
                                            double t = (double) w[(co * cinG + ci) * ks + (kz * k[1] + ky) * k[2] + kx]
                                                    * gy[(((n * g.cout() + co) * d[3] + oz) * d[4] + oy) * d[5] + ox];
                                            sum += t;
                                            abs += Math.abs(t);
                                        }
                                    }
                                }
                            }
                            int o = (((n * g.cin() + c) * d[0] + iz) * d[1] + iy) * d[2] + ix;
                            v[o] = sum;
                            a[o] = abs;
                        }
                    }
                }
            }
        }
        return new Ref(v, a);
    }

    private static Ref naiveBackwardWeight(float[] x, float[] gy, ConvGeometry g) {
        int[] d = dims(g);
        int cinG = g.cinPerGroup(), coutG = g.coutPerGroup(), ks = g.kernelSize();
        int[] k = g.kernel(), s = g.stride(), p = g.padding();
        double[] v = new double[g.cout() * cinG * ks], a = new double[v.length];
        for (int co = 0; co < g.cout(); co++) {
            int grp = co / coutG;
            for (int ci = 0; ci < cinG; ci++) {
                for (int kz = 0; kz < k[0]; kz++) {
                    for (int ky = 0; ky < k[1]; ky++) {
                        for (int kx = 0; kx < k[2]; kx++) {
                            double sum = 0, abs = 0;
                            for (int n = 0; n < g.n(); n++) {
                                for (int oz = 0; oz < d[3]; oz++) {
                                    for (int oy = 0; oy < d[4]; oy++) {
                                        for (int ox = 0; ox < d[5]; ox++) {
                                            int iz = oz * s[0] - p[0] + kz, iy = oy * s[1] - p[1] + ky, ix = ox * s[2] - p[2] + kx;
                                            if (iz < 0 || iz >= d[0] || iy < 0 || iy >= d[1] || ix < 0 || ix >= d[2]) continue;
                                            double t = (double) gy[(((n * g.cout() + co) * d[3] + oz) * d[4] + oy) * d[5] + ox]
                                                    * x[(((n * g.cin() + grp * cinG + ci) * d[0] + iz) * d[1] + iy) * d[2] + ix];
                                            sum += t;
                                            abs += Math.abs(t);
                                        }
                                    }
                                }
                            }
                            int o = (co * cinG + ci) * ks + (kz * k[1] + ky) * k[2] + kx;
                            v[o] = sum;
                            a[o] = abs;
                        }
                    }
                }
            }
        }
        return new Ref(v, a);
    }

    // ---------------------------------------------------------------------------------- helpers

    private static float[] random(Random r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = r.nextFloat() * 2f - 1f;
        return a;
    }

    /** Output arrays start filled with garbage (NaN) so that "overwritten" is checked too. */
    private static float[] garbage(int size) {
        float[] a = new float[size];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }

    private static void assertClose(Ref ref, float[] got, String what) {
        assertEquals(ref.value().length, got.length, what + ": length");
        for (int i = 0; i < got.length; i++) {
            double tol = 1e-5 * ref.abs()[i] + 1e-7;
            double err = Math.abs(got[i] - ref.value()[i]);
            if (!(err <= tol)) {
                throw new AssertionError(what + " at " + i + ": got " + got[i] + ", want " + ref.value()[i] + " (tol " + tol + ")");
            }
        }
    }

    private static ConvGeometry geo(int n, int cin, int cout, int groups, int[] in, int[] k, int[] s, int[] p) {
        return ConvGeometry.of(n, cin, cout, groups, in, k, s, p);
    }

    private static void checkAll(ConvGeometry g, boolean withBias, long seed) {
        Random r = new Random(seed);
        float[] x = random(r, g.n() * g.cin() * g.inSize());
        float[] w = random(r, g.cout() * g.cinPerGroup() * g.kernelSize());
        float[] bias = withBias ? random(r, g.cout()) : null;
        float[] gy = random(r, g.n() * g.cout() * g.outSize());

        float[] y = garbage(g.n() * g.cout() * g.outSize());
        CpuConv.forward(x, w, bias, y, g);
        assertClose(naiveForward(x, w, bias, g), y, "forward " + g + " bias=" + withBias);

        float[] gx = garbage(x.length);
        CpuConv.backwardData(gy, w, gx, g);
        assertClose(naiveBackwardData(gy, w, g), gx, "backwardData " + g);

        float[] gw = garbage(w.length);
        CpuConv.backwardWeight(x, gy, gw, g);
        assertClose(naiveBackwardWeight(x, gy, g), gw, "backwardWeight " + g);
    }

    private static int[] v3(int a, int b, int c) {
        return new int[] {a, b, c};
    }

    // ------------------------------------------------------------------------------------ tests

    @Test
    void handPickedGeometries() {
        List<Object[]> cases = new ArrayList<>();
        // 1-D
        cases.add(new Object[] {geo(1, 1, 1, 1, v3(1, 1, 9), v3(1, 1, 3), v3(1, 1, 1), v3(0, 0, 0)), false});
        cases.add(new Object[] {geo(3, 4, 6, 2, v3(1, 1, 17), v3(1, 1, 3), v3(1, 1, 2), v3(0, 0, 1)), true});
        cases.add(new Object[] {geo(1, 4, 4, 4, v3(1, 1, 23), v3(1, 1, 2), v3(1, 1, 3), v3(0, 0, 2)), true});
        cases.add(new Object[] {geo(3, 3, 5, 1, v3(1, 1, 11), v3(1, 1, 1), v3(1, 1, 1), v3(0, 0, 0)), true});
        cases.add(new Object[] {geo(2, 2, 3, 1, v3(1, 1, 700), v3(1, 1, 3), v3(1, 1, 1), v3(0, 0, 1)), false});
        // 2-D
        cases.add(new Object[] {geo(1, 3, 5, 1, v3(1, 7, 9), v3(1, 3, 3), v3(1, 1, 1), v3(0, 1, 1)), true});
        cases.add(new Object[] {geo(3, 4, 8, 2, v3(1, 11, 10), v3(1, 3, 2), v3(1, 2, 3), v3(0, 2, 0)), false});
        cases.add(new Object[] {geo(3, 8, 4, 4, v3(1, 9, 13), v3(1, 1, 1), v3(1, 2, 2), v3(0, 0, 0)), true});
        cases.add(new Object[] {geo(1, 2, 2, 1, v3(1, 5, 5), v3(1, 5, 5), v3(1, 1, 1), v3(0, 2, 2)), false});
        cases.add(new Object[] {geo(2, 4, 4, 1, v3(1, 40, 30), v3(1, 3, 3), v3(1, 1, 1), v3(0, 1, 1)), true});
        cases.add(new Object[] {geo(1, 6, 6, 2, v3(1, 8, 8), v3(1, 1, 1), v3(1, 1, 1), v3(0, 0, 0)), true}); // pointwise
        // 3-D
        cases.add(new Object[] {geo(1, 2, 3, 1, v3(5, 6, 7), v3(3, 3, 3), v3(1, 1, 1), v3(1, 1, 1)), true});
        cases.add(new Object[] {geo(3, 4, 4, 2, v3(7, 5, 9), v3(2, 3, 1), v3(2, 1, 3), v3(1, 0, 2)), false});
        cases.add(new Object[] {geo(1, 4, 8, 4, v3(6, 7, 5), v3(3, 2, 3), v3(3, 2, 1), v3(2, 1, 0)), true});
        cases.add(new Object[] {geo(3, 2, 2, 1, v3(4, 4, 4), v3(2, 2, 2), v3(2, 2, 2), v3(0, 0, 0)), false});
        cases.add(new Object[] {geo(1, 3, 2, 1, v3(9, 10, 11), v3(3, 3, 3), v3(2, 2, 2), v3(1, 1, 1)), true});
        cases.add(new Object[] {geo(3, 4, 6, 2, v3(3, 4, 5), v3(1, 1, 1), v3(1, 1, 1), v3(0, 0, 0)), true}); // pointwise
        cases.add(new Object[] {geo(1, 2, 2, 2, v3(3, 3, 3), v3(1, 1, 1), v3(2, 1, 2), v3(1, 0, 1)), false});
        cases.add(new Object[] {geo(1, 3, 4, 1, v3(12, 11, 10), v3(3, 3, 3), v3(1, 1, 1), v3(1, 1, 1)), false});
        long seed = 100;
        for (Object[] c : cases) checkAll((ConvGeometry) c[0], (Boolean) c[1], seed++);
    }

    @Test
    void randomGeometries() {
        Random r = new Random(2024);
        int[] groupChoices = {1, 2, 4};
        for (int it = 0; it < 60; it++) {
            int nd = 1 + r.nextInt(3);
            int[] in = v3(1, 1, 1), k = v3(1, 1, 1), s = v3(1, 1, 1), p = v3(0, 0, 0);
            int maxIn = nd == 1 ? 30 : nd == 2 ? 12 : 7;
            for (int d = 3 - nd; d < 3; d++) {
                k[d] = 1 + r.nextInt(3);
                s[d] = 1 + r.nextInt(3);
                p[d] = r.nextInt(3);
                in[d] = Math.max(1, k[d] - 2 * p[d]) + r.nextInt(maxIn);
            }
            int groups = groupChoices[r.nextInt(3)];
            int cin = groups * (1 + r.nextInt(3)), cout = groups * (1 + r.nextInt(3));
            int n = r.nextBoolean() ? 1 : 3;
            checkAll(geo(n, cin, cout, groups, in, k, s, p), r.nextBoolean(), 5000 + it);
        }
    }

    @Test
    void backwardDataWithLargerInputThanFormula() {
        // transposed convolution with output_padding: the "input" of the forward conv is larger than
        // what the output size implies; positions no output reaches must get exactly 0 contributions.
        int[][][] cases = {
            // in (small, used for out), extra, kernel, stride, padding
            {v3(1, 1, 7), v3(0, 0, 1), v3(1, 1, 3), v3(1, 1, 2), v3(0, 0, 1)},
            {v3(1, 5, 6), v3(0, 1, 2), v3(1, 3, 3), v3(1, 2, 3), v3(0, 1, 0)},
            {v3(4, 3, 5), v3(1, 1, 1), v3(2, 3, 2), v3(2, 2, 2), v3(0, 1, 1)},
            {v3(3, 3, 3), v3(2, 0, 1), v3(3, 3, 3), v3(3, 1, 3), v3(1, 1, 1)},
            {v3(2, 4, 4), v3(1, 1, 1), v3(1, 1, 1), v3(2, 2, 2), v3(0, 0, 0)},
            {v3(3, 3, 3), v3(1, 1, 1), v3(1, 1, 1), v3(1, 1, 1), v3(0, 0, 0)}, // 1x1 stride 1, bigger in
        };
        long seed = 9;
        for (int[][] c : cases) {
            for (int groups : new int[] {1, 2}) {
                ConvGeometry small = ConvGeometry.of(3, 2 * groups, 3 * groups, groups, c[0], c[2], c[3], c[4]);
                int[] inLarge = v3(c[0][0] + c[1][0], c[0][1] + c[1][1], c[0][2] + c[1][2]);
                ConvGeometry g = new ConvGeometry(3, 2 * groups, 3 * groups, groups, inLarge, c[2], c[3], c[4], small.out());
                Random r = new Random(seed++);
                float[] gy = random(r, g.n() * g.cout() * g.outSize());
                float[] w = random(r, g.cout() * g.cinPerGroup() * g.kernelSize());
                float[] gx = garbage(g.n() * g.cin() * g.inSize());
                CpuConv.backwardData(gy, w, gx, g);
                assertClose(naiveBackwardData(gy, w, g), gx, "backwardData (larger in) " + g);
                // the forward and weight gradient also accept the larger input (extra rows are not reached)
                float[] x = random(r, gx.length);
                float[] y = garbage(gy.length);
                CpuConv.forward(x, w, null, y, g);
                assertClose(naiveForward(x, w, null, g), y, "forward (larger in) " + g);
                float[] gw = garbage(w.length);
                CpuConv.backwardWeight(x, gy, gw, g);
                assertClose(naiveBackwardWeight(x, gy, g), gw, "backwardWeight (larger in) " + g);
            }
        }
    }

    @Test
    void channelBlockingForHugeReductions() {
        // cin/groups * kernel = 1040 * 17 > cap / TILE_MIN: the channel reduction is split into blocks.
        ConvGeometry g = geo(2, 1040, 3, 1, v3(1, 1, 70), v3(1, 1, 17), v3(1, 1, 1), v3(0, 0, 8));
        assertTrue((long) g.cinPerGroup() * g.kernelSize() * CpuConv.TILE_MIN > CpuConv.WORKSPACE_CAP_FLOATS);
        checkAll(g, true, 77);
        ConvGeometry t = geo(1, 3, 1040, 1, v3(1, 1, 90), v3(1, 1, 17), v3(1, 1, 2), v3(0, 0, 8));
        checkAll(t, false, 78); // backwardData blocks over output channels
        assertTrue(CpuConv.maxWorkspaceFloats() <= CpuConv.WORKSPACE_CAP_FLOATS);
    }

    @Test
    void bitIdenticalForOneAndFourThreads() {
        ConvGeometry[] geos = {
            geo(3, 8, 12, 2, v3(11, 13, 9), v3(3, 3, 3), v3(1, 2, 1), v3(1, 1, 1)),
            geo(2, 6, 4, 1, v3(1, 1, 3000), v3(1, 1, 5), v3(1, 1, 2), v3(0, 0, 2)),
            geo(4, 4, 4, 1, v3(1, 40, 40), v3(1, 3, 3), v3(1, 1, 1), v3(0, 1, 1)),
        };
        int saved = Parallel.threads();
        try {
            long seed = 1;
            for (ConvGeometry g : geos) {
                Random r = new Random(seed++);
                float[] x = random(r, g.n() * g.cin() * g.inSize());
                float[] w = random(r, g.cout() * g.cinPerGroup() * g.kernelSize());
                float[] b = random(r, g.cout());
                float[] gy = random(r, g.n() * g.cout() * g.outSize());
                float[][] res = new float[2][];
                float[][] resX = new float[2][];
                float[][] resW = new float[2][];
                int[] threads = {1, 4};
                for (int t = 0; t < 2; t++) {
                    Parallel.setThreads(threads[t]);
                    res[t] = garbage(gy.length);
                    CpuConv.forward(x, w, b, res[t], g);
                    resX[t] = garbage(x.length);
                    CpuConv.backwardData(gy, w, resX[t], g);
                    resW[t] = garbage(w.length);
                    CpuConv.backwardWeight(x, gy, resW[t], g);
                }
                assertArrayEquals(res[0], res[1], "forward " + g);
                assertArrayEquals(resX[0], resX[1], "backwardData " + g);
                assertArrayEquals(resW[0], resW[1], "backwardWeight " + g);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void largeVolumeStaysWithinWorkspaceCap() {
        ConvGeometry g = geo(1, 8, 8, 1, v3(48, 48, 48), v3(3, 3, 3), v3(1, 1, 1), v3(1, 1, 1));
        Random r = new Random(5);
        float[] x = random(r, g.n() * g.cin() * g.inSize());
        float[] w = random(r, g.cout() * g.cinPerGroup() * g.kernelSize());
        float[] y = garbage(g.n() * g.cout() * g.outSize());
        CpuConv.forward(x, w, null, y, g);
        assertTrue(CpuConv.maxWorkspaceFloats() <= CpuConv.WORKSPACE_CAP_FLOATS,
                () -> "workspace grew to " + CpuConv.maxWorkspaceFloats() + " floats");
        assertTrue(CpuConv.workspaceFloats() <= CpuConv.WORKSPACE_CAP_FLOATS);
        // a few spot checks against the naive formula
        int[] d = dims(g);
        for (int probe = 0; probe < 50; probe++) {
            int co = r.nextInt(8), oz = r.nextInt(d[3]), oy = r.nextInt(d[4]), ox = r.nextInt(d[5]);
            double s = 0, abs = 0;
            for (int ci = 0; ci < 8; ci++) {
                for (int kz = 0; kz < 3; kz++) {
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iz = oz - 1 + kz, iy = oy - 1 + ky, ix = ox - 1 + kx;
                            if (iz < 0 || iz >= 48 || iy < 0 || iy >= 48 || ix < 0 || ix >= 48) continue;
                            double t = (double) w[(co * 8 + ci) * 27 + (kz * 3 + ky) * 3 + kx] * x[((ci * 48 + iz) * 48 + iy) * 48 + ix];
                            s += t;
                            abs += Math.abs(t);
                        }
                    }
                }
            }
            float got = y[((co * 48 + oz) * 48 + oy) * 48 + ox];
            assertTrue(Math.abs(got - s) <= 1e-5 * abs + 1e-7, "forward 48^3 probe");
        }
        // the tile length keeps even cin*k = 64*27 under the cap
        int k = 64 * 27;
        assertTrue((long) CpuConv.tileLen(k, 1 << 21) * k <= CpuConv.WORKSPACE_CAP_FLOATS);
    }

    @Test
    void emptyBatchZeroesWeightGradient() {
        ConvGeometry g = new ConvGeometry(0, 2, 3, 1, v3(1, 4, 4), v3(1, 3, 3), v3(1, 1, 1), v3(0, 1, 1), v3(1, 4, 4));
        float[] gw = garbage(3 * 2 * 9);
        CpuConv.backwardWeight(new float[0], new float[0], gw, g);
        for (float v : gw) assertEquals(0f, v);
        CpuConv.forward(new float[0], new float[3 * 2 * 9], null, new float[0], g); // nothing to do
        CpuConv.backwardData(new float[0], new float[3 * 2 * 9], new float[0], g);
    }

    @Test
    void weightChunksAreBounded() {
        assertEquals(1, CpuConv.weightChunks(1, 10));
        assertEquals(CpuConv.MAX_WEIGHT_CHUNKS, CpuConv.weightChunks(10_000, 1000));
        assertTrue((long) CpuConv.weightChunks(10_000, 4_000_000) * 4_000_000 <= Math.max(4_000_000L, CpuConv.PARTIAL_BUDGET_FLOATS));
    }
}
