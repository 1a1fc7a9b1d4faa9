package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryograd.tensor.spi.ConvGeometry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIMD convolution paths (implicit GEMM with the column matrix gathered straight into packed panels, and the
 * fused row-by-row path for at most {@link CpuConv#SMALL_M} output channels) against their definition (each
 * output one FMA chain over the column-matrix rows, zeros of the padding included: bit for bit) and against the
 * scalar twin (gather + scalar GEMM: to a tolerance).
 */
class SimdConvTest {
    @BeforeEach
    void needsSimd() {
        assumeTrue(CpuSimd.ENABLED, "SIMD kernels are off in this JVM");
    }

    private static int[] v3(int a, int b, int c) {
        return new int[] {a, b, c};
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2f - 1f;
        return a;
    }

    private static float[] nan(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }

    private static List<ConvGeometry> geometries() {
        List<ConvGeometry> g = new ArrayList<>();
        // fused paths (<= 4 output channels per group, unit x-stride) and packed paths, 1-D/2-D/3-D, groups, padding
        g.add(ConvGeometry.of(2, 1, 3, 1, v3(5, 6, 37), v3(3, 3, 3), v3(1, 1, 1), v3(1, 1, 1)));
        g.add(ConvGeometry.of(1, 3, 1, 1, v3(1, 1, 700), v3(1, 1, 5), v3(1, 1, 1), v3(0, 0, 2)));
        g.add(ConvGeometry.of(2, 4, 8, 2, v3(1, 19, 21), v3(1, 3, 3), v3(1, 1, 1), v3(0, 1, 1)));
        g.add(ConvGeometry.of(1, 2, 4, 1, v3(6, 7, 9), v3(3, 2, 3), v3(2, 1, 2), v3(1, 0, 1)));
        g.add(ConvGeometry.of(1, 5, 13, 1, v3(9, 10, 11), v3(3, 3, 3), v3(1, 1, 1), v3(1, 1, 1)));
        g.add(ConvGeometry.of(2, 6, 9, 3, v3(4, 9, 33), v3(2, 3, 3), v3(2, 2, 1), v3(0, 1, 2)));
        g.add(ConvGeometry.of(1, 40, 5, 1, v3(1, 12, 50), v3(1, 3, 3), v3(1, 1, 1), v3(0, 1, 1)));
        g.add(ConvGeometry.of(1, 7, 17, 1, v3(8, 8, 8), v3(2, 2, 2), v3(2, 2, 2), v3(0, 0, 0)));
        g.add(ConvGeometry.of(3, 16, 3, 1, v3(4, 16, 16), v3(3, 3, 3), v3(1, 1, 1), v3(1, 1, 1)));
        g.add(ConvGeometry.of(1, 3, 2, 1, v3(1, 1, 2000), v3(1, 1, 3), v3(1, 1, 3), v3(0, 0, 1)));
        // fused forward (<= 4 output channels, unit x-stride, other strides 2) and strided weight gradients with groups
        g.add(ConvGeometry.of(2, 3, 4, 1, v3(7, 9, 40), v3(3, 3, 3), v3(2, 2, 1), v3(1, 1, 1)));
        g.add(ConvGeometry.of(2, 6, 8, 2, v3(5, 11, 23), v3(2, 3, 3), v3(1, 2, 1), v3(0, 1, 1)));
        // transposed-convolution shape: input larger than the formula (output_padding)
        g.add(new ConvGeometry(2, 3, 6, 1, v3(9, 9, 9), v3(2, 2, 2), v3(2, 2, 2), v3(0, 0, 0), v3(4, 4, 4)));
        g.add(new ConvGeometry(1, 8, 2, 2, v3(7, 8, 9), v3(3, 3, 3), v3(2, 2, 2), v3(1, 1, 1), v3(3, 4, 4)));
        return g;
    }

    /** Forward by definition: per output, s = fma(w, v, s) over r = (ci, kz, ky, kx) in order, v = 0 in the padding. */
    private static float[] forwardChain(float[] x, float[] w, float[] bias, ConvGeometry g) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), st = g.stride(), p = g.padding();
        int cinG = g.cinPerGroup(), coutG = g.coutPerGroup(), ks = g.kernelSize();
        float[] y = new float[g.n() * g.cout() * g.outSize()];
        for (int n = 0; n < g.n(); n++) {
            for (int co = 0; co < g.cout(); co++) {
                int grp = co / coutG;
                for (int oz = 0; oz < out[0]; oz++) {
                    for (int oy = 0; oy < out[1]; oy++) {
                        for (int ox = 0; ox < out[2]; ox++) {
                            float s = 0f;
                            for (int ci = 0; ci < cinG; ci++) {
                                for (int kz = 0; kz < k[0]; kz++) {
                                    for (int ky = 0; ky < k[1]; ky++) {
                                        for (int kx = 0; kx < k[2]; kx++) {
                                            int iz = oz * st[0] - p[0] + kz, iy = oy * st[1] - p[1] + ky, ix = ox * st[2] - p[2] + kx;
                                            boolean ok = iz >= 0 && iz < in[0] && iy >= 0 && iy < in[1] && ix >= 0 && ix < in[2];
                                            float v = ok ? x[(((n * g.cin() + grp * cinG + ci) * in[0] + iz) * in[1] + iy) * in[2] + ix] : 0f;
                                            s = Math.fma(w[(co * cinG + ci) * ks + (kz * k[1] + ky) * k[2] + kx], v, s);
                                        }
                                    }
                                }
                            }
                            if (bias != null) s += bias[co];
                            y[(((n * g.cout() + co) * out[0] + oz) * out[1] + oy) * out[2] + ox] = s;
                        }
                    }
                }
            }
        }
        return y;
    }

    /**
     * Data gradient by definition: per input position, s = fma(w, v, s) over the output channels and, per
     * dimension, the kernel taps of the position's stride phase in increasing order (v = 0 where no output is reached).
     */
    private static float[] backwardDataChain(float[] gy, float[] w, ConvGeometry g) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), st = g.stride(), p = g.padding();
        int cinG = g.cinPerGroup(), coutG = g.coutPerGroup(), ks = g.kernelSize();
        float[] gx = new float[g.n() * g.cin() * g.inSize()];
        for (int n = 0; n < g.n(); n++) {
            for (int c = 0; c < g.cin(); c++) {
                int grp = c / cinG, ci = c % cinG;
                for (int iz = 0; iz < in[0]; iz++) {
                    for (int iy = 0; iy < in[1]; iy++) {
                        for (int ix = 0; ix < in[2]; ix++) {
                            int[] i3 = {iz, iy, ix};
                            int[] f = new int[3];
                            for (int d = 0; d < 3; d++) f[d] = Math.floorMod(i3[d] + p[d], st[d]);
                            float s = 0f;
                            for (int col = 0; col < coutG; col++) {
                                int co = grp * coutG + col;
                                for (int kz = f[0]; kz < k[0]; kz += st[0]) {
                                    for (int ky = f[1]; ky < k[1]; ky += st[1]) {
                                        for (int kx = f[2]; kx < k[2]; kx += st[2]) {
                                            int oz = (iz + p[0] - kz) / st[0], oy = (iy + p[1] - ky) / st[1], ox = (ix + p[2] - kx) / st[2];
                                            boolean ok = iz + p[0] - kz >= 0 && iy + p[1] - ky >= 0 && ix + p[2] - kx >= 0
                                                    && oz < out[0] && oy < out[1] && ox < out[2];
                                            float v = ok ? gy[(((n * g.cout() + co) * out[0] + oz) * out[1] + oy) * out[2] + ox] : 0f;
                                            s = Math.fma(w[(co * cinG + ci) * ks + (kz * k[1] + ky) * k[2] + kx], v, s);
                                        }
                                    }
                                }
                            }
                            gx[(((n * g.cin() + c) * in[0] + iz) * in[1] + iy) * in[2] + ix] = s;
                        }
                    }
                }
            }
        }
        return gx;
    }

    private static void assertBits(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i]))
                throw new AssertionError(what + " at " + i + ": got " + got[i] + ", want " + want[i]);
        }
    }

    @Test
    void forwardAndDataGradientAreTheFmaChains() {
        long seed = 300;
        for (ConvGeometry g : geometries()) {
            Random r = new Random(seed++);
            float[] x = random(r, g.n() * g.cin() * g.inSize());
            float[] w = random(r, g.cout() * g.cinPerGroup() * g.kernelSize());
            float[] bias = r.nextBoolean() ? random(r, g.cout()) : null;
            float[] gy = random(r, g.n() * g.cout() * g.outSize());
            float[] y = nan(gy.length);
            CpuConv.forward(CpuGemm.KERNEL, x, w, bias, y, g);
            assertBits(forwardChain(x, w, bias, g), y, "forward " + g);
            float[] gx = nan(x.length);
            CpuConv.backwardData(CpuGemm.KERNEL, gy, w, gx, g);
            assertBits(backwardDataChain(gy, w, g), gx, "backwardData " + g);
        }
    }

    @Test
    void agreesWithTheScalarTwin() {
        long seed = 400;
        for (ConvGeometry g : geometries()) {
            Random r = new Random(seed++);
            float[] x = random(r, g.n() * g.cin() * g.inSize());
            float[] w = random(r, g.cout() * g.cinPerGroup() * g.kernelSize());
            float[] bias = random(r, g.cout());
            float[] gy = random(r, g.n() * g.cout() * g.outSize());
            float[][] y = new float[2][], gx = new float[2][], gw = new float[2][];
            CpuGemm.Kernel[] kernels = {CpuGemm.SCALAR, CpuGemm.KERNEL};
            for (int t = 0; t < 2; t++) {
                y[t] = nan(gy.length);
                CpuConv.forward(kernels[t], x, w, bias, y[t], g);
                gx[t] = nan(x.length);
                CpuConv.backwardData(kernels[t], gy, w, gx[t], g);
                gw[t] = nan(w.length);
                CpuConv.backwardWeight(kernels[t], x, gy, gw[t], g);
            }
            // |terms| <= 1: tolerance relative to the reduction length
            int kf = g.cinPerGroup() * g.kernelSize(), kd = g.coutPerGroup() * g.kernelSize(), kw = g.n() * g.outSize();
            close(y[0], y[1], 2e-7 * kf + 1e-6, "forward " + g);
            close(gx[0], gx[1], 2e-7 * kd + 1e-6, "backwardData " + g);
            close(gw[0], gw[1], 2e-7 * kw + 1e-6, "backwardWeight " + g);
        }
    }

    private static void close(float[] a, float[] b, double tol, String what) {
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= tol)) throw new AssertionError(what + " at " + i + ": scalar " + a[i] + ", simd " + b[i]);
        }
    }

    @Test
    void oneAndFourThreadsAgreeBitForBit() {
        int saved = Parallel.threads();
        try {
            long seed = 500;
            for (ConvGeometry g : geometries()) {
                Random r = new Random(seed++);
                float[] x = random(r, g.n() * g.cin() * g.inSize());
                float[] w = random(r, g.cout() * g.cinPerGroup() * g.kernelSize());
                float[] gy = random(r, g.n() * g.cout() * g.outSize());
                float[][] y = new float[2][], gx = new float[2][], gw = new float[2][];
                for (int t = 0; t < 2; t++) {
                    Parallel.setThreads(t == 0 ? 1 : 4);
                    y[t] = nan(gy.length);
                    CpuConv.forward(x, w, null, y[t], g);
                    gx[t] = nan(x.length);
                    CpuConv.backwardData(gy, w, gx[t], g);
                    gw[t] = nan(w.length);
                    CpuConv.backwardWeight(x, gy, gw[t], g);
                }
                assertArrayEquals(y[0], y[1], "forward " + g);
                assertArrayEquals(gx[0], gx[1], "backwardData " + g);
                assertArrayEquals(gw[0], gw[1], "backwardWeight " + g);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
