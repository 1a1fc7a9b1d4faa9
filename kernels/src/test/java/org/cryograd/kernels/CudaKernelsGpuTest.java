package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.F;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Philox;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.cpu.CpuBackend;
import org.cryograd.tensor.spi.Backends;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.PadMode;
import org.cryograd.tensor.spi.ReduceOp;
import org.cryograd.tensor.spi.Storage;
import org.cryograd.tensor.spi.UnaryOp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validator of this helper's kernels: every variant against the CPU backend on random inputs with odd sizes,
 * tails, broadcasting, negative and zero strides. Needs a GPU; skips with the reason elsewhere. Exact equality is
 * required wherever the kernels promise it (data movement, non-transcendental elementwise ops, MAX/MIN, RNG), one float
 * ulp for double-library transcendentals, and a relative 1e-6 for sums whose order differs (SUM, softmax, scatter-add).
 */
class CudaKernelsGpuTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;
    private static final Set<UnaryOp> LIBM = EnumSet.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.POW_SCALAR,
            UnaryOp.SIN, UnaryOp.COS, UnaryOp.SINE);
    private static CudaBackend gpu;
    private static CudaDevice dev;

    private static String unavailable;

    /** Opens cuda:0 once; every test skips with the reason where it cannot open. */
    @BeforeEach
    void open() {
        if (gpu == null && unavailable == null) {
            try {
                gpu = (CudaBackend) Backends.of(new Device("cuda", 0));
                dev = gpu.cudaDevice();
            } catch (IllegalStateException e) {
                unavailable = e.getMessage();
            }
        }
        assumeTrue(gpu != null, () -> "no usable CUDA device: " + unavailable);
    }

    private static float[] random(Random r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }

    private static Storage up(float[] a) {
        return gpu.upload(a, 0, a.length);
    }

    private static float[] down(Storage s, int n) {
        float[] a = new float[n];
        gpu.download(s, 0, a, 0, n);
        return a;
    }

    private static Storage cpu(float[] a) {
        return CPU.upload(a, 0, a.length);
    }

    private static float[] cpuDown(Storage s, int n) {
        float[] a = new float[n];
        CPU.download(s, 0, a, 0, n);
        return a;
    }

    /** ulps = 0: bit-equal (NaNs equal); ulps &gt; 0: within that many float ulps; ulps &lt; 0: relative 1e-6 of the largest value. */
    private static void same(String what, float[] want, float[] got, int ulps) {
        assertEquals(want.length, got.length, what + ": length");
        double scale = 0;
        for (float w : want) if (Float.isFinite(w)) scale = Math.max(scale, Math.abs(w));
        for (int i = 0; i < want.length; i++) {
            float w = want[i], g = got[i];
            if (Float.isNaN(w) && Float.isNaN(g) || Float.floatToRawIntBits(w) == Float.floatToRawIntBits(g)) continue;
            boolean ok = ulps > 0 ? Math.abs(Float.floatToRawIntBits(w) - Float.floatToRawIntBits(g)) <= ulps && (w < 0) == (g < 0)
                    : ulps < 0 && Math.abs(w - g) <= 1e-6 * Math.max(scale, 1e-30) + 1e-6 * Math.abs(w);
            if (!ok) fail(what + ": element " + i + " is " + g + ", CPU " + w);
        }
    }

    @Test
    void unaryVariantsMatchTheCpu() {
        Random r = new Random(1);
        for (int n : new int[] {1, 3, 4, 5, 1023, 100_003}) {
            float[] x = random(r, n, 3);
            if (n > 4) {
                x[0] = Float.NaN;
                x[1] = -0f;
                x[2] = Float.POSITIVE_INFINITY;
                x[3] = 1e4f;
            }
            for (UnaryOp op : UnaryOp.values()) {
                float p0 = op == UnaryOp.CLAMP ? -0.5f : op == UnaryOp.SINE ? 30f : op == UnaryOp.POW_SCALAR ? 1.7f : 0.2f;
                float p1 = op == UnaryOp.CLAMP ? 0.75f : 0f;
                Storage cx = cpu(x), cy = CPU.allocate(n);
                CPU.unary(op, p0, p1, cx, cy, n);
                float[] want = cpuDown(cy, n);
                for (int v = 1; v <= 2; v++) {
                    Storage gx = up(x), gy = gpu.allocate(n);
                    CudaElementwise.unary(dev, v, op, p0, p1, gx, gy, n);
                    same(op + " variant " + v + " n " + n, want, down(gy, n), LIBM.contains(op) ? 1 : 0);
                    CudaElementwise.unary(dev, v, op, p0, p1, gx, gx, n); // in place
                    same(op + " in place, variant " + v, want, down(gx, n), LIBM.contains(op) ? 1 : 0);
                    gpu.release(gx);
                    gpu.release(gy);
                }
            }
        }
    }

    private static long[] bcast(int[] in, int[] out) {
        long[] s = new long[out.length];
        long acc = 1;
        for (int d = out.length - 1; d >= 0; d--) {
            int k = d - (out.length - in.length);
            s[d] = k < 0 || in[k] == 1 ? 0 : acc;
            if (k >= 0) acc *= in[k];
        }
        return s;
    }

    private static int numel(int[] s) {
        int n = 1;
        for (int v : s) n *= v;
        return n;
    }

    @Test
    void binaryVariantsMatchTheCpuWithBroadcasting() {
        Random r = new Random(2);
        int[][][] cases = {{{1000}, {1000}, {1000}}, {{5, 1, 7}, {1, 6, 7}, {5, 6, 7}}, {{3, 4}, {}, {3, 4}}, {{}, {}, {}},
            {{2, 3, 1, 5}, {3, 4, 1}, {2, 3, 4, 5}}, {{1, 2, 1, 2, 1, 2, 1, 2, 1, 2}, {2, 1, 2, 1, 2, 1, 2, 1, 2, 1}, {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}},
            {{4099}, {1}, {4099}}};
        for (int[][] c : cases) {
            float[] a = random(r, numel(c[0]), 2), b = random(r, numel(c[1]), 2);
            for (int i = 0; i < b.length; i += 3) b[i] = a.length > 0 ? a[i % a.length] : b[i];
            long[] as = bcast(c[0], c[2]), bs = bcast(c[1], c[2]);
            int n = numel(c[2]);
            for (BinaryOp op : BinaryOp.values()) {
                Storage co = CPU.allocate(n);
                CPU.binary(op, 0.2f, 0.7f, cpu(a), as, cpu(b), bs, co, c[2]);
                float[] want = cpuDown(co, n);
                StridedDims d = StridedDims.collapse(c[2], as, bs);
                for (int v = 1; v <= 4; v++) {
                    if (v >= 3 && !d.flat()) continue;
                    Storage go = gpu.allocate(n);
                    CudaElementwise.binary(dev, v, op, 0.2f, 0.7f, up(a), as, up(b), bs, go, c[2]);
                    int tol = op == BinaryOp.POW || op == BinaryOp.SINE_BACKWARD ? 1 : 0;
                    same(op + " variant " + v + " " + java.util.Arrays.deepToString(c), want, down(go, n), tol);
                }
            }
        }
    }

    @Test
    void stridedCopiesFillsAndPaddingMatchTheCpu() {
        Random r = new Random(3);
        float[] src = random(r, 4 * 5 * 6, 1);
        int[] shape = {5, 4, 6};
        long[][] srcStrides = {{6, 30, 1}, {6, 30, -1}, {0, 30, 1}, {6, 0, 0}};
        long[] srcOffsets = {0, 5, 0, 3};
        for (int t = 0; t < srcStrides.length; t++) {
            Storage cd = CPU.allocate(200);
            CPU.copyStrided(cpu(src), srcOffsets[t], srcStrides[t], cd, 7, new long[] {24, 6, 1}, shape);
            for (int v = 1; v <= 2; v++) {
                Storage gd = gpu.allocate(200);
                CudaCopy.copyStrided(dev, v, up(src), srcOffsets[t], srcStrides[t], gd, 7, new long[] {24, 6, 1}, shape);
                same("copyStrided case " + t + " variant " + v, cpuDown(cd, 200), down(gd, 200), 0);
            }
        }
        int[] ten = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
        long[] perm = new long[10], cont = StridedDims.contiguous(ten);
        for (int d = 0; d < 10; d++) perm[d] = cont[9 - d];
        float[] big = random(r, 1024, 1);
        Storage cd = CPU.allocate(1024), gd = gpu.allocate(1024);
        CPU.copyStrided(cpu(big), 0, perm, cd, 0, cont, ten);
        gpu.copyStrided(up(big), 0, perm, gd, 0, cont, ten);
        same("rank-10 transpose", cpuDown(cd, 1024), down(gd, 1024), 0);
        Storage f = gpu.allocate(1001);
        gpu.fill(f, 3, 997, -2.5f);
        float[] ff = down(f, 1001);
        assertEquals(0f, ff[2]);
        assertEquals(-2.5f, ff[3]);
        assertEquals(-2.5f, ff[999]);
        assertEquals(0f, ff[1000]);
        for (PadMode mode : PadMode.values()) {
            int outer = 3, n = 5, inner = 7, before = mode == PadMode.CIRCULAR ? 4 : 2, after = 3, m = before + n + after;
            float[] x = random(r, outer * n * inner, 1), gy = random(r, outer * m * inner, 1);
            Storage cy = CPU.allocate(outer * m * inner), gyy = gpu.allocate(outer * m * inner);
            CPU.padAxis(mode, cpu(x), outer, n, inner, before, after, cy);
            gpu.padAxis(mode, up(x), outer, n, inner, before, after, gyy);
            same("padAxis " + mode, cpuDown(cy, outer * m * inner), down(gyy, outer * m * inner), 0);
            Storage cgx = CPU.allocate(outer * n * inner), ggx = gpu.allocate(outer * n * inner);
            CPU.padAxisBackward(mode, cpu(gy), outer, n, inner, before, after, cgx);
            gpu.padAxisBackward(mode, up(gy), outer, n, inner, before, after, ggx);
            same("padAxisBackward " + mode, cpuDown(cgx, outer * n * inner), down(ggx, outer * n * inner), 0);
        }
    }

    @Test
    void reductionVariantsMatchTheCpu() {
        Random r = new Random(4);
        int[][] shapes = {{1, 100_000, 1}, {7, 333, 1}, {1, 5000, 3}, {4, 100, 65}, {3, 1, 5}, {1, 3_000_000, 1}, {2, 0, 1}};
        for (int[] s : shapes) {
            int outer = s[0], n = s[1], inner = s[2];
            float[] x = random(r, outer * n * inner, 1);
            if (x.length > 10) x[x.length / 2] = -0f;
            for (ReduceOp op : ReduceOp.values()) {
                Storage cy = CPU.allocate(outer * inner);
                CPU.reduce(op, cpu(x), outer, n, inner, cy);
                float[] want = cpuDown(cy, outer * inner);
                for (int v = 1; v <= 3; v++) {
                    if (v == 2 && inner != 1) continue;
                    Storage gy = gpu.allocate(outer * inner);
                    CudaReduce.reduce(dev, v, op, up(x), outer, n, inner, gy);
                    same(op + " variant " + v + " " + java.util.Arrays.toString(s), want, down(gy, outer * inner), op == ReduceOp.SUM ? -1 : 0);
                }
            }
            for (boolean log : new boolean[] {false, true}) {
                if (n == 0) continue;
                Storage cy = CPU.allocate(x.length);
                CPU.softmax(log, cpu(x), outer, n, inner, cy);
                for (int v = 1; v <= 2; v++) {
                    if (v == 2 && inner != 1) continue;
                    Storage gy = gpu.allocate(x.length);
                    CudaReduce.softmax(dev, v, log, up(x), outer, n, inner, gy);
                    same((log ? "logSoftmax" : "softmax") + " variant " + v + " " + java.util.Arrays.toString(s), cpuDown(cy, x.length), down(gy, x.length), -1);
                }
            }
        }
    }

    @Test
    void gatherAndScatterAddMatchTheCpuAndReportBadIndices() {
        Random r = new Random(5);
        int[] xShape = {4, 9, 5}, idxShape = {3, 6, 5};
        float[] x = random(r, 180, 1), src = random(r, 90, 1), index = new float[90];
        for (int i = 0; i < 90; i++) index[i] = r.nextInt(9);
        Storage co = CPU.allocate(90), go = gpu.allocate(90);
        CPU.gather(cpu(x), xShape, 1, cpu(index), idxShape, co);
        gpu.gather(up(x), xShape, 1, up(index), idxShape, go);
        same("gather", cpuDown(co, 90), down(go, 90), 0);
        Storage ct = cpu(x), gt = up(x);
        CPU.scatterAdd(ct, xShape, 1, cpu(index), idxShape, cpu(src));
        gpu.scatterAdd(gt, xShape, 1, up(index), idxShape, up(src));
        same("scatterAdd", cpuDown(ct, 180), down(gt, 180), -1);
        index[17] = 9;
        Storage bad = gpu.allocate(90);
        gpu.gather(up(x), xShape, 1, up(index), idxShape, bad);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> down(bad, 90));
        assertTrue(e.getMessage().startsWith("gather: index 9.0 out of range [0, 9)"), e.getMessage());
        down(bad, 90); // reported once, then cleared
    }

    @Test
    void randomStreamsEqualTheCpuBitForBit() {
        long[][] cases = {{0, 0, 1}, {42, 5, 1001}, {-1L, 0xFFFF_FFFEL, 37}, {0x0123_4567_89AB_CDEFL, Long.MAX_VALUE - 2, 19}, {7, 1L << 40, 1_000_003}};
        for (long[] c : cases) {
            for (boolean normal : new boolean[] {false, true}) {
                int n = (int) c[2];
                float[] want = new float[n];
                Philox.fill(normal, c[0], c[1], want, 0, n);
                Storage y = gpu.allocate(n);
                gpu.random(normal, c[0], c[1], y, n);
                same((normal ? "normal" : "uniform") + " " + java.util.Arrays.toString(c), want, down(y, n), 0);
            }
        }
    }

    @Test
    void memoryStaysFlatOverTrainingStepsAndOutOfMemoryIsClear() {
        Device cuda = gpu.device();
        Tensor w = Tensor.randn(cuda, new org.cryograd.tensor.Rng(1), 4, 1, 3, 3, 3).requiresGrad(true);
        Tensor x = Tensor.randn(cuda, new org.cryograd.tensor.Rng(2), 2, 1, 12, 12, 12);
        long allocsAfterWarmup = -1, inUseAfterWarmup = -1;
        for (int step = 0; step < 200; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor loss = F.conv3d(x, w, null, 1, 1).tanh().square().mean();
                loss.backward();
                loss.item();
            }
            w.zeroGrad();
            if (step == 2) {
                allocsAfterWarmup = gpu.memoryStats().driverAllocs();
                inUseAfterWarmup = gpu.memoryStats().inUseBytes();
            }
        }
        assertEquals(allocsAfterWarmup, gpu.memoryStats().driverAllocs(), "no cuMemAlloc after warm-up");
        assertEquals(inUseAfterWarmup, gpu.memoryStats().inUseBytes(), "bytes in use are flat");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> gpu.allocate(1L << 40));
        assertTrue(e.getMessage().contains("out of memory") && e.getMessage().contains("4398046511104 bytes"), e.getMessage());
        float[] back = new float[5];
        gpu.download(gpu.upload(new float[] {9, 1, 2, 3, 4, 5, 9}, 1, 5), 0, back, 0, 5);
        same("upload/download round trip", new float[] {1, 2, 3, 4, 5}, back, 0);
    }
}
