package org.cryograd.kernels;

import static org.cryograd.kernels.Checks.CPU;
import static org.cryograd.kernels.Checks.REORDERED;
import static org.cryograd.kernels.Checks.cpu;
import static org.cryograd.kernels.Checks.cpuRead;
import static org.cryograd.kernels.Checks.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cryograd.tensor.Philox;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.PadMode;
import org.cryograd.tensor.spi.ReduceOp;
import org.cryograd.tensor.spi.Storage;
import org.cryograd.tensor.spi.UnaryOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validator of the kernels launched through {@link DeviceOps} plans (copy.cu, unary.cu, binary.cu, reduce.cu,
 * softmax.cu, index.cu, random.cu): the launchers' own plans (geometry, argument order, packed structs, workspaces),
 * every variant against the CPU backend on random inputs with odd sizes, tails, broadcasting, negative and zero
 * strides, NaN and signed zeros. Runs in the kernel emulator (AddressSanitizer watching every access; one or two
 * reported SMs, so grid-stride loops go round) and on the GPU (larger sizes); each skips with its reason where
 * unavailable. Exact equality wherever the kernels promise it (data movement, non-transcendental elementwise ops,
 * MAX/MIN, RNG), one float ulp for double-library transcendentals, a relative 1e-6 for sums in another order (SUM,
 * softmax, scatter-add).
 */
class DeviceOpsKernelTest {

    /** A result to compare once all of a test's work is queued. */
    private record Run(String what, float[] want, Storage got, int ulps) {}

    // per test (JUnit makes an instance per test)
    private Harness h;
    private Random r;
    private final List<Run> runs = new ArrayList<>();

    private void open(String kind, int emulatedSms, long seed) {
        h = Harness.open(kind, emulatedSms);
        r = new Random(seed);
    }

    private void expect(String what, float[] want, Storage got, int ulps) {
        runs.add(new Run(what, want, got, ulps));
    }

    private void checkAll() {
        for (Run x : runs) Checks.assertUlps(h + " " + x.what(), x.want(), h.download(x.got()), x.ulps());
    }

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void unaryVariantsMatchTheCpu(String kind) {
        open(kind, 1, 1);
        for (int n : new int[] {1, 3, 4, 5, 1023, h.emulated() ? 4099 : 100_003}) {
            float[] x = gaussian(r, n, 3);
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
                float[] want = cpuRead(cy);
                int tol = Checks.LIBM_UNARY.contains(op) ? 1 : 0;
                for (int v = 1; v <= 2; v++) {
                    int variant = v;
                    CudaStorage gx = h.upload(x), gy = h.words(n), inPlace = h.upload(x);
                    h.run(c -> CudaElementwise.unaryPlan(c, variant, op, p0, p1, gx, gy, n));
                    h.run(c -> CudaElementwise.unaryPlan(c, variant, op, p0, p1, inPlace, inPlace, n));
                    expect(op + " variant " + v + " n " + n, want, gy, tol);
                    expect(op + " in place, variant " + v + " n " + n, want, inPlace, tol);
                }
            }
        }
        checkAll();
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

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void binaryVariantsMatchTheCpuWithBroadcasting(String kind) {
        open(kind, 2, 2);
        int[][][] cases = {{{1001}, {1001}, {1001}}, {{1000}, {1000}, {1000}}, {{5, 1, 7}, {1, 6, 7}, {5, 6, 7}}, {{3, 4}, {}, {3, 4}}, {{}, {}, {}},
            {{2, 3, 1, 5}, {3, 4, 1}, {2, 3, 4, 5}}, {{1, 2, 1, 2, 1, 2, 1, 2, 1, 2}, {2, 1, 2, 1, 2, 1, 2, 1, 2, 1}, {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}},
            {{4099}, {1}, {4099}}, {{1}, {6, 1}, {6, 7}}};
        for (int[][] c : cases) {
            float[] a = gaussian(r, numel(c[0]), 2), b = gaussian(r, numel(c[1]), 2);
            for (int i = 0; i < b.length; i += 3) b[i] = a[i % a.length]; // ties for EQ/MAXIMUM
            long[] as = bcast(c[0], c[2]), bs = bcast(c[1], c[2]);
            int n = numel(c[2]);
            StridedDims d = StridedDims.collapse(c[2], as, bs);
            for (BinaryOp op : BinaryOp.values()) {
                Storage co = CPU.allocate(n);
                CPU.binary(op, 0.2f, 0.7f, cpu(a), as, cpu(b), bs, co, c[2]);
                float[] want = cpuRead(co);
                for (int v = 0; v <= 4; v++) {
                    if (v >= 3 && !d.flat() || v == 2 && !d.fitsInt()) continue;
                    int variant = v;
                    CudaStorage ga = h.upload(a), gb = h.upload(b), go = h.words(n);
                    h.run(ctx -> CudaElementwise.binaryPlan(ctx, variant, op, 0.2f, 0.7f, ga, as, gb, bs, go, c[2]));
                    int tol = op == BinaryOp.POW || op == BinaryOp.SINE_BACKWARD ? 1 : 0;
                    expect(op + " variant " + v + " " + Arrays.deepToString(c), want, go, tol);
                }
            }
            if (Arrays.equals(c[0], c[2])) { // out aliasing a
                CudaStorage ga = h.upload(a), gb = h.upload(b);
                Storage co = CPU.allocate(n);
                CPU.binary(BinaryOp.SUB, 0, 0, cpu(a), as, cpu(b), bs, co, c[2]);
                h.run(ctx -> CudaElementwise.binaryPlan(ctx, 0, BinaryOp.SUB, 0, 0, ga, as, gb, bs, ga, c[2]));
                expect("SUB into a " + Arrays.deepToString(c), cpuRead(co), ga, 0);
            }
        }
        checkAll();
    }

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void copiesFillsAndPaddingMatchTheCpu(String kind) {
        open(kind, 1, 3);
        float[] src = gaussian(r, 120, 1);
        int[] shape = {5, 4, 6};
        long[] dstStrides = {24, 6, 1};
        long[][] srcStrides = {{6, 30, 1}, {6, 30, -1}, {0, 30, 1}, {6, 0, 0}, {24, 6, 1}};
        long[] srcOffsets = {0, 5, 0, 3, 0};
        for (int t = 0; t < srcStrides.length; t++) {
            Storage cd = CPU.allocate(200);
            CPU.copyStrided(cpu(src), srcOffsets[t], srcStrides[t], cd, 7, dstStrides, shape);
            for (int v = 0; v <= 2; v++) {
                int variant = v, tt = t;
                CudaStorage gs = h.upload(src), gd = h.words(200);
                h.run(c -> CudaCopy.copyStridedPlan(c, variant, gs, srcOffsets[tt], srcStrides[tt], gd, 7, dstStrides, shape));
                expect("copyStrided case " + t + " variant " + v, cpuRead(cd), gd, 0);
            }
        }
        int[] ten = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
        long[] perm = new long[10], cont = StridedDims.contiguous(ten);
        for (int d = 0; d < 10; d++) perm[d] = cont[9 - d];
        float[] big = gaussian(r, 1024, 1);
        Storage cd = CPU.allocate(1024);
        CPU.copyStrided(cpu(big), 0, perm, cd, 0, cont, ten);
        CudaStorage gbig = h.upload(big), gd = h.words(1024);
        h.run(c -> CudaCopy.copyStridedPlan(c, 0, gbig, 0, perm, gd, 0, cont, ten));
        expect("rank-10 transpose", cpuRead(cd), gd, 0);
        CudaStorage f = h.words(1001);
        h.run(c -> CudaCopy.fillPlan(f, 3, 997, -2.5f));
        float[] wantFill = new float[1001];
        Arrays.fill(wantFill, 3, 1000, -2.5f);
        expect("fill", wantFill, f, 0);
        for (PadMode mode : PadMode.values()) {
            int outer = 3, n = 5, inner = 7, before = mode == PadMode.CIRCULAR ? 4 : 2, after = mode == PadMode.CIRCULAR ? 7 : 3, m = before + n + after;
            float[] x = gaussian(r, outer * n * inner, 1), gy = gaussian(r, outer * m * inner, 1);
            Storage cy = CPU.allocate(outer * m * inner), cgx = CPU.allocate(outer * n * inner);
            CPU.padAxis(mode, cpu(x), outer, n, inner, before, after, cy);
            CPU.padAxisBackward(mode, cpu(gy), outer, n, inner, before, after, cgx);
            CudaStorage dx = h.upload(x), dgy = h.upload(gy), ey = h.words(outer * m * inner), egx = h.words(outer * n * inner);
            h.run(c -> CudaCopy.padPlan(c, false, mode, dx, outer, n, inner, before, after, ey));
            h.run(c -> CudaCopy.padPlan(c, true, mode, dgy, outer, n, inner, before, after, egx));
            expect("padAxis " + mode, cpuRead(cy), ey, 0);
            expect("padAxisBackward " + mode, cpuRead(cgx), egx, 0);
        }
        checkAll();
    }

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void reductionAndSoftmaxVariantsMatchTheCpu(String kind) {
        open(kind, 1, 4);
        List<int[]> shapes = new ArrayList<>(List.of(new int[] {1, 100_000, 1}, new int[] {7, 333, 1}, new int[] {1, 5000, 3}, new int[] {4, 100, 65},
                new int[] {3, 1, 5}, new int[] {2, 0, 1}, new int[] {2, 70, 1}));
        if (!h.emulated()) shapes.add(new int[] {1, 3_000_000, 1});
        for (int[] s : shapes) {
            int outer = s[0], n = s[1], inner = s[2];
            float[] x = gaussian(r, outer * n * inner, 1);
            if (x.length > 10) x[x.length / 2] = -0f;
            if (x.length > 100) x[97] = Float.NaN;
            CudaStorage gx = h.upload(x);
            for (ReduceOp op : ReduceOp.values()) {
                Storage cy = CPU.allocate(outer * inner);
                CPU.reduce(op, cpu(x), outer, n, inner, cy);
                float[] want = cpuRead(cy);
                for (int v = 0; v <= 3; v++) {
                    if (v == 2 && inner != 1) continue;
                    int variant = v;
                    CudaStorage gy = h.words(outer * inner);
                    h.run(c -> CudaReduce.reducePlan(c, variant, op, gx, outer, n, inner, gy));
                    expect(op + " variant " + v + " " + Arrays.toString(s), want, gy, op == ReduceOp.SUM ? REORDERED : 0);
                }
            }
            if (n == 0) continue;
            float[] xs = x.clone();
            for (int i = 0; i < xs.length; i++) if (Float.isNaN(xs[i])) xs[i] = 0.5f;
            CudaStorage gxs = h.upload(xs);
            for (boolean log : new boolean[] {false, true}) {
                Storage cy = CPU.allocate(xs.length);
                CPU.softmax(log, cpu(xs), outer, n, inner, cy);
                for (int v = 0; v <= 2; v++) {
                    if (v == 2 && inner != 1) continue;
                    int variant = v;
                    CudaStorage gy = h.words(xs.length);
                    h.run(c -> CudaReduce.softmaxPlan(c, variant, log, gxs, outer, n, inner, gy));
                    expect((log ? "logSoftmax" : "softmax") + " variant " + v + " " + Arrays.toString(s), cpuRead(cy), gy, REORDERED);
                }
            }
        }
        checkAll();
    }

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void gatherScatterAddAndTheErrorWord(String kind) {
        open(kind, 1, 5);
        int[] xShape = {4, 9, 5}, idxShape = {3, 6, 5};
        float[] x = gaussian(r, 180, 1), src = gaussian(r, 90, 1), index = new float[90];
        for (int i = 0; i < 90; i++) index[i] = r.nextInt(9);
        Storage co = CPU.allocate(90), ct = cpu(x);
        CPU.gather(cpu(x), xShape, 1, cpu(index), idxShape, co);
        CPU.scatterAdd(ct, xShape, 1, cpu(index), idxShape, cpu(src));
        float[] bad = index.clone();
        bad[17] = 9;
        bad[40] = 2.5f;
        CudaStorage gxIn = h.upload(x), gIndex = h.upload(index), gSrc = h.upload(src), gBad = h.upload(bad);
        CudaStorage go = h.words(90), gt = h.upload(x), err = h.words(4), badOut = h.words(90), err2 = h.words(4);
        h.run(c -> CudaIndex.plan(c, false, gxIn, xShape, 1, gIndex, idxShape, go, err));
        h.run(c -> CudaIndex.plan(c, true, gt, xShape, 1, gIndex, idxShape, gSrc, err));
        h.run(c -> CudaIndex.plan(c, false, gxIn, xShape, 1, gBad, idxShape, badOut, err2));
        Checks.assertUlps(h + " gather", cpuRead(co), h.download(go), 0);
        Checks.assertUlps(h + " scatterAdd", cpuRead(ct), h.download(gt), REORDERED);
        assertArrayEquals(new int[] {0, 0, 0, 0}, h.downloadInts(err), "valid indices record nothing");
        int[] w = h.downloadInts(err2);
        assertEquals(1, w[0]);
        assertEquals(0, w[1], "op: gather");
        assertEquals(9, w[3], "axis size");
        String msg = CudaIndex.message(w[1], w[2], w[3], "cuda:0");
        assertTrue(msg.startsWith("gather: index 9.0 out of range [0, 9)") || msg.startsWith("gather: index 2.5 out of range [0, 9)"), msg);
        assertEquals(0f, h.download(badOut)[17], "an invalid index gathers 0");
    }

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void randomStreamsEqualTheCpuBitForBit(String kind) {
        open(kind, 2, 6);
        long[][] cases = {{0, 0, 1}, {42, 5, 1001}, {-1L, 0xFFFF_FFFEL, 37}, {0x0123_4567_89AB_CDEFL, Long.MAX_VALUE - 2, 19},
            {7, 1L << 40, h.emulated() ? 30_003 : 1_000_003}};
        for (long[] c : cases) {
            for (boolean normal : new boolean[] {false, true}) {
                int n = (int) c[2];
                float[] want = new float[n];
                Philox.fill(normal, c[0], c[1], want, 0, n);
                CudaStorage y = h.words(n);
                h.run(ctx -> CudaRandom.randomPlan(ctx, normal, c[0], c[1], y, n));
                expect((normal ? "normal " : "uniform ") + Arrays.toString(c), want, y, 0);
            }
        }
        checkAll();
    }
}
