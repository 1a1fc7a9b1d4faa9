package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CpuGemmTest {

    /** A stored matrix: rows x cols at off with row stride ld, inside a larger random array. */
    private static float[] randomArray(Random r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = r.nextFloat() * 2f - 1f;
        return a;
    }

    /** Checks C against a double-precision reference; leaves the untouched parts of C unchanged. */
    private static void checkCase(Random r, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                                  boolean serial) {
        int aRows = ta ? k : m, aCols = ta ? m : k;
        int bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + r.nextInt(3), ldb = bCols + r.nextInt(3), ldc = n + r.nextInt(3);
        int aOff = r.nextInt(5), bOff = r.nextInt(5), cOff = r.nextInt(5);
        float[] a = randomArray(r, aOff + Math.max(0, aRows - 1) * lda + aCols + 3);
        float[] b = randomArray(r, bOff + Math.max(0, bRows - 1) * ldb + bCols + 3);
        float[] c = randomArray(r, cOff + Math.max(0, m - 1) * ldc + n + 3);
        if (beta == 0f) {
            for (int i = 0; i < m; i++) c[cOff + i * ldc] = Float.NaN; // must be ignored
        }
        float[] c0 = c.clone();
        if (serial) CpuGemm.sgemmSerial(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        else CpuGemm.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        boolean[] touched = new boolean[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                    abs += Math.abs(av * bv);
                }
                int ci = cOff + i * ldc + j;
                touched[ci] = true;
                double old = beta == 0f ? 0 : c0[ci];
                double ref = alpha * s + beta * old;
                double tol = 1e-5 * (Math.abs(alpha) * abs + Math.abs(beta * old)) + 1e-6;
                if (!(Math.abs(c[ci] - ref) <= tol)) {
                    throw new AssertionError("ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k
                            + " alpha=" + alpha + " beta=" + beta + " at (" + i + "," + j + "): got " + c[ci] + ", want " + ref);
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!touched[i]) assertEquals(Float.floatToIntBits(c0[i]), Float.floatToIntBits(c[i]), "wrote outside C at " + i);
        }
    }

    @Test
    void allTransposesSizesAndScalars() {
        Random r = new Random(42);
        int[][] sizes = {
            {1, 1, 1}, {1, 7, 1}, {7, 1, 1}, {1, 1, 9}, {3, 5, 7}, {5, 3, 2}, {4, 4, 4}, {13, 17, 11},
            {1, 33, 20}, {33, 1, 20}, {2, 3, 1}, {67, 70, 65}, {9, 530, 70}, {70, 9, 130}, {65, 513, 129}
        };
        float[][] scalars = {{1f, 0f}, {0.5f, -1.5f}, {2f, 1f}, {-1f, 0.25f}};
        for (int[] s : sizes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                for (float[] ab : scalars) {
                    checkCase(r, ta, tb, s[0], s[1], s[2], ab[0], ab[1], false);
                    checkCase(r, ta, tb, s[0], s[1], s[2], ab[0], ab[1], true);
                }
            }
        }
    }

    @Test
    void zeroKAndZeroAlphaOnlyScaleC() {
        Random r = new Random(1);
        float[] a = {Float.NaN, Float.NaN}, b = {Float.NaN, Float.NaN};
        float[] c = randomArray(r, 6), c0 = c.clone();
        CpuGemm.sgemm(false, false, 2, 3, 0, 1f, a, 0, 1, b, 0, 3, 2f, c, 0, 3);
        for (int i = 0; i < 6; i++) assertEquals(2f * c0[i], c[i]);
        c[1] = Float.NaN;
        CpuGemm.sgemm(false, false, 2, 3, 1, 0f, a, 0, 1, b, 0, 3, 0f, c, 0, 3);
        for (int i = 0; i < 6; i++) assertEquals(0f, c[i]);
        CpuGemm.sgemm(false, false, 0, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3); // m == 0: nothing to do
        assertThrows(IllegalArgumentException.class, () -> CpuGemm.sgemm(false, false, 2, 3, 4, 1f, a, 0, 3, b, 0, 3, 0f, c, 0, 3));
    }

    @Test
    void batchedWithBroadcastStrides() {
        Random r = new Random(7);
        int batch = 5, m = 13, n = 37, k = 19;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3;
            int aSize = (ta ? k : m) * lda, bSize = (tb ? n : k) * ldb, cSize = m * ldc;
            for (int variant = 0; variant < 3; variant++) {
                long strideA = variant == 1 ? 0 : aSize + 1, strideB = variant == 2 ? 0 : bSize + 2, strideC = cSize + 1;
                int aOff = 2, bOff = 3, cOff = 1;
                float[] a = randomArray(r, (int) (aOff + strideA * batch + aSize));
                float[] b = randomArray(r, (int) (bOff + strideB * batch + bSize));
                float[] c = randomArray(r, (int) (cOff + strideC * batch + cSize));
                float[] expect = c.clone();
                float alpha = 1.5f, beta = variant == 0 ? 0f : -0.5f;
                for (int i = 0; i < batch; i++) {
                    CpuGemm.sgemmSerial(ta, tb, m, n, k, alpha, a, (int) (aOff + i * strideA), lda, b, (int) (bOff + i * strideB), ldb,
                            beta, expect, (int) (cOff + i * strideC), ldc);
                }
                CpuGemm.sgemmBatched(batch, ta, tb, m, n, k, alpha, a, aOff, lda, strideA, b, bOff, ldb, strideB,
                        beta, c, cOff, ldc, strideC);
                assertArrayEquals(expect, c, "ta=" + ta + " tb=" + tb + " variant=" + variant);
            }
        }
        // and one batch entry checked against the double reference through checkCase's machinery
        checkCase(r, true, false, 3, 600, 5, 1f, 0f, false);
    }

    @Test
    void bitIdenticalAcrossThreadCountsAndSerial() {
        Random r = new Random(3);
        int m = 150, n = 1100, k = 170;
        float[] a = randomArray(r, m * k), b = randomArray(r, k * n);
        int saved = Parallel.threads();
        try {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int lda = ta ? m : k, ldb = tb ? k : n;
                float[] c1 = new float[m * n], c4 = new float[m * n], cs = new float[m * n];
                Parallel.setThreads(1);
                CpuGemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c1, 0, n);
                Parallel.setThreads(4);
                CpuGemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c4, 0, n);
                CpuGemm.sgemmSerial(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, cs, 0, n);
                assertArrayEquals(c1, c4);
                assertArrayEquals(c1, cs);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
