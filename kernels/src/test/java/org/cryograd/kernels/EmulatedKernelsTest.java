package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.cryograd.tensor.Philox;
import org.cryograd.tensor.cpu.CpuBackend;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.PadMode;
import org.cryograd.tensor.spi.ReduceOp;
import org.cryograd.tensor.spi.Storage;
import org.cryograd.tensor.spi.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * This helper's kernels executed on the CPU ({@link KernelEmulator}): the launchers' own plans (geometry, argument
 * order, packed structs, workspaces) replayed on the unmodified kernel sources, every variant against the CPU backend,
 * with AddressSanitizer watching every access. Small grids (one or two "SMs") make the grid-stride loops run several
 * rounds. What this cannot show: GPU memory-model effects, real warp scheduling, the driver's JIT and timing; those
 * need {@link CudaKernelsGpuTest} on a GPU.
 */
class EmulatedKernelsTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;
    /** Double library functions: the host's libm and Java's may differ in the last double bit. */
    private static final Set<UnaryOp> LIBM = EnumSet.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.POW_SCALAR,
            UnaryOp.SIN, UnaryOp.COS, UnaryOp.SINE);

    private static float[] random(Random r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
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
    static void same(String what, float[] want, float[] got, int ulps) {
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

    /** A result to compare after the emulator ran. */
    private record Check(String what, float[] want, CudaStorage got, int ulps) {}

    private static void runAndCheck(KernelEmulator emu, List<DeviceOps.Op> ops, List<Check> checks) throws Exception {
        emu.run(ops);
        for (Check c : checks) same(c.what(), c.want(), emu.read(c.got()), c.ulps());
    }

    @Test
    void unaryVariantsMatchTheCpu() throws Exception {
        Random r = new Random(1);
        KernelEmulator emu = new KernelEmulator(1);
        List<DeviceOps.Op> ops = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (int n : new int[] {1, 3, 4, 5, 1023, 4099}) {
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
                Storage cy = CPU.allocate(n);
                CPU.unary(op, p0, p1, cpu(x), cy, n);
                float[] want = cpuDown(cy, n);
                int tol = LIBM.contains(op) ? 1 : 0;
                for (int v = 1; v <= 2; v++) {
                    CudaStorage gx = emu.storage(x), gy = emu.zeros(n), inPlace = emu.storage(x);
                    ops.addAll(CudaElementwise.unaryPlan(emu, v, op, p0, p1, gx, gy, n));
                    ops.addAll(CudaElementwise.unaryPlan(emu, v, op, p0, p1, inPlace, inPlace, n));
                    checks.add(new Check(op + " variant " + v + " n " + n, want, gy, tol));
                    checks.add(new Check(op + " in place, variant " + v + " n " + n, want, inPlace, tol));
                }
            }
        }
        runAndCheck(emu, ops, checks);
    }

    static long[] bcast(int[] in, int[] out) {
        long[] s = new long[out.length];
        long acc = 1;
        for (int d = out.length - 1; d >= 0; d--) {
            int k = d - (out.length - in.length);
            s[d] = k < 0 || in[k] == 1 ? 0 : acc;
            if (k >= 0) acc *= in[k];
        }
        return s;
    }

    static int numel(int[] s) {
        int n = 1;
        for (int v : s) n *= v;
        return n;
    }

    @Test
    void binaryVariantsMatchTheCpuWithBroadcasting() throws Exception {
        Random r = new Random(2);
        KernelEmulator emu = new KernelEmulator(2);
        List<DeviceOps.Op> ops = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        int[][][] cases = {{{1001}, {1001}, {1001}}, {{5, 1, 7}, {1, 6, 7}, {5, 6, 7}}, {{3, 4}, {}, {3, 4}}, {{}, {}, {}},
            {{2, 3, 1, 5}, {3, 4, 1}, {2, 3, 4, 5}}, {{1, 2, 1, 2, 1, 2, 1, 2, 1, 2}, {2, 1, 2, 1, 2, 1, 2, 1, 2, 1}, {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}},
            {{4099}, {1}, {4099}}, {{1}, {6, 1}, {6, 7}}};
        for (int[][] c : cases) {
            float[] a = random(r, numel(c[0]), 2), b = random(r, numel(c[1]), 2);
            for (int i = 0; i < b.length; i += 3) b[i] = a[i % a.length]; // ties for EQ/MAXIMUM
            long[] as = bcast(c[0], c[2]), bs = bcast(c[1], c[2]);
            int n = numel(c[2]);
            StridedDims d = StridedDims.collapse(c[2], as, bs);
            for (BinaryOp op : BinaryOp.values()) {
                Storage co = CPU.allocate(n);
                CPU.binary(op, 0.2f, 0.7f, cpu(a), as, cpu(b), bs, co, c[2]);
                float[] want = cpuDown(co, n);
                for (int v = 0; v <= 4; v++) {
                    if (v >= 3 && !d.flat() || v == 2 && !d.fitsInt()) continue;
                    CudaStorage go = emu.zeros(n);
                    ops.addAll(CudaElementwise.binaryPlan(emu, v, op, 0.2f, 0.7f, emu.storage(a), as, emu.storage(b), bs, go, c[2]));
                    int tol = op == BinaryOp.POW || op == BinaryOp.SINE_BACKWARD ? 1 : 0;
                    checks.add(new Check(op + " variant " + v + " " + Arrays.deepToString(c), want, go, tol));
                }
            }
            if (Arrays.equals(c[0], c[2])) { // out aliasing a
                CudaStorage ga = emu.storage(a);
                Storage co = CPU.allocate(n);
                CPU.binary(BinaryOp.SUB, 0, 0, cpu(a), as, cpu(b), bs, co, c[2]);
                ops.addAll(CudaElementwise.binaryPlan(emu, 0, BinaryOp.SUB, 0, 0, ga, as, emu.storage(b), bs, ga, c[2]));
                checks.add(new Check("SUB into a " + Arrays.deepToString(c), cpuDown(co, n), ga, 0));
            }
        }
        runAndCheck(emu, ops, checks);
    }

    @Test
    void copiesFillsAndPaddingMatchTheCpu() throws Exception {
        Random r = new Random(3);
        KernelEmulator emu = new KernelEmulator(1);
        List<DeviceOps.Op> ops = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        float[] src = random(r, 120, 1);
        int[] shape = {5, 4, 6};
        long[][] srcStrides = {{6, 30, 1}, {6, 30, -1}, {0, 30, 1}, {6, 0, 0}, {24, 6, 1}};
        long[] srcOffsets = {0, 5, 0, 3, 0};
        for (int t = 0; t < srcStrides.length; t++) {
            Storage cd = CPU.allocate(200);
            CPU.copyStrided(cpu(src), srcOffsets[t], srcStrides[t], cd, 7, new long[] {24, 6, 1}, shape);
            for (int v = 0; v <= 2; v++) {
                CudaStorage gd = emu.zeros(200);
                ops.addAll(CudaCopy.copyStridedPlan(emu, v, emu.storage(src), srcOffsets[t], srcStrides[t], gd, 7, new long[] {24, 6, 1}, shape));
                checks.add(new Check("copyStrided case " + t + " variant " + v, cpuDown(cd, 200), gd, 0));
            }
        }
        int[] ten = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
        long[] perm = new long[10], cont = StridedDims.contiguous(ten);
        for (int d = 0; d < 10; d++) perm[d] = cont[9 - d];
        float[] big = random(r, 1024, 1);
        Storage cd = CPU.allocate(1024);
        CPU.copyStrided(cpu(big), 0, perm, cd, 0, cont, ten);
        CudaStorage gd = emu.zeros(1024);
        ops.addAll(CudaCopy.copyStridedPlan(emu, 0, emu.storage(big), 0, perm, gd, 0, cont, ten));
        checks.add(new Check("rank-10 transpose", cpuDown(cd, 1024), gd, 0));
        CudaStorage f = emu.zeros(1001);
        ops.addAll(CudaCopy.fillPlan(f, 3, 997, -2.5f));
        float[] wantFill = new float[1001];
        Arrays.fill(wantFill, 3, 1000, -2.5f);
        checks.add(new Check("fill", wantFill, f, 0));
        for (PadMode mode : PadMode.values()) {
            int outer = 3, n = 5, inner = 7, before = mode == PadMode.CIRCULAR ? 4 : 2, after = mode == PadMode.CIRCULAR ? 7 : 3, m = before + n + after;
            float[] x = random(r, outer * n * inner, 1), gy = random(r, outer * m * inner, 1);
            Storage cy = CPU.allocate(outer * m * inner), cgx = CPU.allocate(outer * n * inner);
            CPU.padAxis(mode, cpu(x), outer, n, inner, before, after, cy);
            CPU.padAxisBackward(mode, cpu(gy), outer, n, inner, before, after, cgx);
            CudaStorage ey = emu.zeros(outer * m * inner), egx = emu.zeros(outer * n * inner);
            ops.addAll(CudaCopy.padPlan(emu, false, mode, emu.storage(x), outer, n, inner, before, after, ey));
            ops.addAll(CudaCopy.padPlan(emu, true, mode, emu.storage(gy), outer, n, inner, before, after, egx));
            checks.add(new Check("padAxis " + mode, cpuDown(cy, outer * m * inner), ey, 0));
            checks.add(new Check("padAxisBackward " + mode, cpuDown(cgx, outer * n * inner), egx, 0));
        }
        runAndCheck(emu, ops, checks);
    }

    @Test
    void reductionAndSoftmaxVariantsMatchTheCpu() throws Exception {
        Random r = new Random(4);
        KernelEmulator emu = new KernelEmulator(1);
        List<DeviceOps.Op> ops = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        int[][] shapes = {{1, 100_000, 1}, {7, 333, 1}, {1, 5000, 3}, {4, 100, 65}, {3, 1, 5}, {2, 0, 1}, {2, 70, 1}};
        for (int[] s : shapes) {
            int outer = s[0], n = s[1], inner = s[2];
            float[] x = random(r, outer * n * inner, 1);
            if (x.length > 10) x[x.length / 2] = -0f;
            if (x.length > 100) x[97] = Float.NaN;
            for (ReduceOp op : ReduceOp.values()) {
                Storage cy = CPU.allocate(outer * inner);
                CPU.reduce(op, cpu(x), outer, n, inner, cy);
                float[] want = cpuDown(cy, outer * inner);
                for (int v = 0; v <= 3; v++) {
                    if (v == 2 && inner != 1) continue;
                    CudaStorage gy = emu.zeros(outer * inner);
                    ops.addAll(CudaReduce.reducePlan(emu, v, op, emu.storage(x), outer, n, inner, gy));
                    checks.add(new Check(op + " variant " + v + " " + Arrays.toString(s), want, gy, op == ReduceOp.SUM ? -1 : 0));
                }
            }
            if (n == 0) continue;
            float[] xs = x.clone();
            for (int i = 0; i < xs.length; i++) if (Float.isNaN(xs[i])) xs[i] = 0.5f;
            for (boolean log : new boolean[] {false, true}) {
                Storage cy = CPU.allocate(xs.length);
                CPU.softmax(log, cpu(xs), outer, n, inner, cy);
                for (int v = 0; v <= 2; v++) {
                    if (v == 2 && inner != 1) continue;
                    CudaStorage gy = emu.zeros(xs.length);
                    ops.addAll(CudaReduce.softmaxPlan(emu, v, log, emu.storage(xs), outer, n, inner, gy));
                    checks.add(new Check((log ? "logSoftmax" : "softmax") + " variant " + v + " " + Arrays.toString(s), cpuDown(cy, xs.length), gy, -1));
                }
            }
        }
        runAndCheck(emu, ops, checks);
    }

    @Test
    void gatherScatterAddAndTheErrorWord() throws Exception {
        Random r = new Random(5);
        KernelEmulator emu = new KernelEmulator(1);
        int[] xShape = {4, 9, 5}, idxShape = {3, 6, 5};
        float[] x = random(r, 180, 1), src = random(r, 90, 1), index = new float[90];
        for (int i = 0; i < 90; i++) index[i] = r.nextInt(9);
        Storage co = CPU.allocate(90), ct = cpu(x);
        CPU.gather(cpu(x), xShape, 1, cpu(index), idxShape, co);
        CPU.scatterAdd(ct, xShape, 1, cpu(index), idxShape, cpu(src));
        float[] bad = index.clone();
        bad[17] = 9;
        bad[40] = 2.5f;
        CudaStorage go = emu.zeros(90), gt = emu.storage(x), err = emu.zeros(4), badOut = emu.zeros(90), err2 = emu.zeros(4);
        List<DeviceOps.Op> ops = new ArrayList<>();
        ops.addAll(CudaIndex.plan(emu, false, emu.storage(x), xShape, 1, emu.storage(index), idxShape, go, err));
        ops.addAll(CudaIndex.plan(emu, true, gt, xShape, 1, emu.storage(index), idxShape, emu.storage(src), err));
        ops.addAll(CudaIndex.plan(emu, false, emu.storage(x), xShape, 1, emu.storage(bad), idxShape, badOut, err2));
        emu.run(ops);
        same("gather", cpuDown(co, 90), emu.read(go), 0);
        same("scatterAdd", cpuDown(ct, 180), emu.read(gt), -1);
        assertArrayEquals(new int[] {0, 0, 0, 0}, emu.readInts(err), "valid indices record nothing");
        int[] w = emu.readInts(err2);
        assertEquals(1, w[0]);
        assertEquals(0, w[1], "op: gather");
        assertEquals(9, w[3], "axis size");
        String msg = CudaIndex.message(w[1], w[2], w[3], "cuda:0");
        assertEquals(true, msg.startsWith("gather: index 9.0 out of range [0, 9)") || msg.startsWith("gather: index 2.5 out of range [0, 9)"), msg);
        float[] got = emu.read(badOut);
        assertEquals(0f, got[17], "an invalid index gathers 0");
    }

    @Test
    void randomStreamsEqualTheCpuBitForBit() throws Exception {
        KernelEmulator emu = new KernelEmulator(2);
        List<DeviceOps.Op> ops = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        long[][] cases = {{0, 0, 1}, {42, 5, 1001}, {-1L, 0xFFFF_FFFEL, 37}, {0x0123_4567_89AB_CDEFL, Long.MAX_VALUE - 2, 19}, {7, 1L << 40, 30_003}};
        for (long[] c : cases) {
            for (boolean normal : new boolean[] {false, true}) {
                int n = (int) c[2];
                float[] want = new float[n];
                Philox.fill(normal, c[0], c[1], want, 0, n);
                CudaStorage y = emu.zeros(n);
                ops.addAll(CudaRandom.randomPlan(emu, normal, c[0], c[1], y, n));
                checks.add(new Check((normal ? "normal " : "uniform ") + Arrays.toString(c), want, y, 0));
            }
        }
        runAndCheck(emu, ops, checks);
    }
}
