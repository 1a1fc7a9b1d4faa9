package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.ReduceOp;
import org.cryograd.tensor.spi.UnaryOp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIMD elementwise loops and sums against their scalar twins: elementwise bit for bit (same IEEE operations),
 * column sums bit for bit, line sums to a tolerance (another fixed order), all thread-count independent.
 */
class SimdElementwiseTest {
    private static final Set<UnaryOp> VECTOR_UNARY = EnumSet.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQRT, UnaryOp.RELU,
            UnaryOp.LEAKY_RELU, UnaryOp.CLAMP, UnaryOp.SQUARE, UnaryOp.ADD_SCALAR, UnaryOp.MUL_SCALAR, UnaryOp.RECIPROCAL,
            UnaryOp.SIN, UnaryOp.COS, UnaryOp.SINE);
    private static final Set<BinaryOp> VECTOR_BINARY = EnumSet.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV,
            BinaryOp.EQ, BinaryOp.GT, BinaryOp.RELU_BACKWARD, BinaryOp.LEAKY_RELU_BACKWARD, BinaryOp.TANH_BACKWARD,
            BinaryOp.SIGMOID_BACKWARD, BinaryOp.CLAMP_BACKWARD, BinaryOp.SINE_BACKWARD);
    private static final float[] SPECIAL = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -1f, 1f, 0.5f, -0.25f, 2f, 1e-30f, -3e20f};

    @BeforeEach
    void needsSimd() {
        assumeTrue(CpuSimd.ENABLED, "SIMD kernels are off in this JVM");
    }

    /** Random values sprinkled with special ones (and exact ties with the other operand for EQ/GT/clamp edges). */
    private static float[] values(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt(4) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextFloat() * 4f - 2f;
        return a;
    }

    private static void assertSameBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            // NaN payloads and signs may differ (Math.abs keeps a NaN's sign, a vector abs clears it); any NaN matches any NaN
            if (Float.isNaN(want[i]) && Float.isNaN(got[i])) continue;
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i]))
                throw new AssertionError(what + " at " + i + ": scalar " + want[i] + ", simd " + got[i]);
        }
    }

    @Test
    void unaryOpsAreBitIdentical() {
        Random r = new Random(21);
        float[][] params = {{0.2f, 0f}, {-0.5f, 0.5f}, {0f, 0f}, {-0f, 1f}, {1f, -1f}};
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : new int[] {0, 1, 7, 15, 16, 17, 31, 33, 64, 100, 1000}) {
                for (float[] p : params) {
                    float[] x = values(r, n + 5);
                    float[] want = values(r, n + 5), got = want.clone();
                    int lo = Math.min(n, r.nextInt(5)), hi = n + Math.min(5, r.nextInt(6));
                    CpuElementwise.unaryScalar(op, p[0], p[1], x, want, lo, hi);
                    boolean covered = CpuElementwise.SIMD.unary(op, p[0], p[1], x, got, lo, hi);
                    assertEquals(VECTOR_UNARY.contains(op), covered, op + " coverage");
                    if (!covered) CpuElementwise.unaryScalar(op, p[0], p[1], x, got, lo, hi);
                    assertSameBits(want, got, op + " n=" + n + " p=" + p[0] + "," + p[1]);
                }
            }
        }
    }

    @Test
    void binaryRowsAreBitIdentical() {
        Random r = new Random(22);
        float[][] params = {{0.2f, 0f}, {-0.5f, 0.5f}, {0f, 0f}, {1f, -1f}};
        for (BinaryOp op : BinaryOp.values()) {
            for (int n : new int[] {0, 1, 5, 16, 17, 40, 333}) {
                for (int mode = 0; mode < 3; mode++) {
                    int as = mode == 2 ? 0 : 1, bs = mode == 0 ? 1 : 0;
                    float[] p = params[r.nextInt(params.length)];
                    float[] a = values(r, n + 9), b = values(r, n + 9);
                    if (r.nextBoolean()) { // exact ties for EQ, GT and the clamp edges
                        for (int i = 0; i < b.length; i += 3) b[i] = a[i];
                        b[0] = p[0];
                        b[b.length - 1] = p[1];
                    }
                    int ao = r.nextInt(4), bo = r.nextInt(4), oo = r.nextInt(4);
                    float[] want = values(r, n + 9), got = want.clone();
                    CpuElementwise.rowScalar(op, p[0], p[1], a, ao, as, b, bo, bs, want, oo, n);
                    boolean covered = CpuElementwise.SIMD.row(op, p[0], p[1], a, ao, as, b, bo, bs, got, oo, n);
                    assertEquals(VECTOR_BINARY.contains(op) && as == 1, covered, op + " coverage, mode " + mode);
                    if (!covered) CpuElementwise.rowScalar(op, p[0], p[1], a, ao, as, b, bo, bs, got, oo, n);
                    assertSameBits(want, got, op + " mode " + mode + " n=" + n);
                }
            }
        }
    }

    @Test
    void columnSumsAreBitIdenticalAndLineSumsClose() {
        Random r = new Random(23);
        for (int len : new int[] {0, 1, 7, 8, 9, 33, 1024}) {
            float[] x = values(r, len + 3);
            for (int i = 0; i < x.length; i++) if (!Float.isFinite(x[i])) x[i] = r.nextFloat();
            double[] want = new double[len], got = new double[len];
            for (int i = 0; i < len; i++) want[i] = got[i] = r.nextDouble();
            CpuReduce.addRowScalar(x, 2, want, len);
            CpuReduce.SIMD.addRow(x, 2, got, len);
            for (int i = 0; i < len; i++) assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]));
        }
        for (int n : new int[] {0, 1, 3, 31, 32, 33, 100, 4097, 1_000_003}) {
            float[] x = new float[n + 2];
            double abs = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] = (r.nextFloat() - 0.3f) * (r.nextInt(10) == 0 ? 1e6f : 1f);
                if (i >= 1 && i < n + 1) abs += Math.abs(x[i]);
            }
            double want = CpuReduce.sumScalar(x, 1, n), got = CpuReduce.SIMD.sum(x, 1, n);
            assertEquals(want, got, 1e-13 * abs + 1e-300, "sum n=" + n);
        }
        float[] inf = {1f, Float.POSITIVE_INFINITY, 2f, Float.NaN};
        assertTrue(Double.isNaN(CpuReduce.SIMD.sum(inf, 0, 4)));
    }

    @Test
    void reductionsAreBitIdenticalForOneAndFourThreads() {
        Random r = new Random(24);
        float[] x = new float[3 * 70_001];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2f - 0.7f;
        int saved = Parallel.threads();
        try {
            int[][] shapes = {{1, x.length, 1}, {3, 70_001, 1}, {1, 3, 70_001}, {7, 1000, 30}};
            for (int[] s : shapes) {
                float[][] res = new float[2][];
                for (int t = 0; t < 2; t++) {
                    Parallel.setThreads(t == 0 ? 1 : 4);
                    res[t] = new float[s[0] * s[2]];
                    CpuReduce.reduce(ReduceOp.SUM, x, s[0], s[1], s[2], res[t]);
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(res[0], res[1], "shape " + s[0] + "x" + s[1] + "x" + s[2]);
                // and close to a double reference
                for (int o = 0; o < s[0]; o++) {
                    for (int i = 0; i < s[2]; i += Math.max(1, s[2] / 7)) {
                        double ref = 0, abs = 0;
                        for (int j = 0; j < s[1]; j++) {
                            ref += x[(o * s[1] + j) * s[2] + i];
                            abs += Math.abs(x[(o * s[1] + j) * s[2] + i]);
                        }
                        assertEquals(ref, res[0][o * s[2] + i], 1e-7 * abs + 1e-6);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
