package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIMD GEMM kernel against its definition (a chain of fused multiply-adds in increasing k, bit for bit) and
 * against its scalar twin {@link CpuGemm#SCALAR} (to a tolerance: the twin rounds every product).
 */
class SimdGemmTest {
    private static final CpuGemm.Kernel SIMD = CpuGemm.KERNEL;

    @BeforeEach
    void needsSimd() {
        assumeTrue(CpuSimd.ENABLED, "SIMD kernels are off in this JVM");
        assertEquals("SimdGemm", SIMD.getClass().getSimpleName());
    }

    private static float[] random(Random r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = r.nextFloat() * 2f - 1f;
        return a;
    }

    /** The definition: {@code s = fma(a_p, b_p, s)} from 0 in increasing p, then alpha/beta as the kernel documents. */
    private static float reference(boolean ta, boolean tb, int i, int j, int k, float alpha, float[] a, int aOff, int lda,
                                   float[] b, int bOff, int ldb, float beta, float old) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
            float av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            float bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            s = Math.fma(av, bv, s);
        }
        if (beta == 0f) return alpha == 1f ? s : alpha * s;
        return alpha * s + beta * old;
    }

    private static void bitExactCase(Random r, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int mode) {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + r.nextInt(3), ldb = bCols + r.nextInt(3), ldc = n + r.nextInt(3);
        int aOff = r.nextInt(5), bOff = r.nextInt(5), cOff = r.nextInt(5);
        float[] a = random(r, aOff + Math.max(0, aRows - 1) * lda + aCols + 3);
        float[] b = random(r, bOff + Math.max(0, bRows - 1) * ldb + bCols + 3);
        float[] c = random(r, cOff + Math.max(0, m - 1) * ldc + n + 3);
        if (beta == 0f && m > 0 && n > 0) c[cOff] = Float.NaN; // ignored when beta == 0
        float[] c0 = c.clone();
        switch (mode) {
            case 0 -> CpuGemm.sgemm(SIMD, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            case 1 -> CpuGemm.sgemmSerial(SIMD, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            default -> CpuGemm.sgemmBatched(SIMD, 1, ta, tb, m, n, k, alpha, a, aOff, lda, 0, b, bOff, ldb, 0,
                    beta, c, cOff, ldc, 0);
        }
        boolean[] inC = new boolean[c.length];
        String what = "ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                inC[ci] = true;
                float want = reference(ta, tb, i, j, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c0[ci]);
                if (Float.floatToIntBits(want) != Float.floatToIntBits(c[ci]))
                    throw new AssertionError(what + " at (" + i + "," + j + "): got " + c[ci] + ", want " + want);
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!inC[i]) assertEquals(Float.floatToIntBits(c0[i]), Float.floatToIntBits(c[i]), what + ": wrote outside C at " + i);
        }
    }

    @Test
    void packedAndNarrowPathsEqualTheFmaChainBitForBit() {
        Random r = new Random(11);
        int mr = SimdGemm.MR, nr = SimdGemm.NR, kc = SimdGemm.KC, mc = SimdGemm.MC, nc = SimdGemm.NC;
        int[][] sizes = {
            {1, 1, 1}, {1, 5, 3}, {3, 4, 7}, {7, 3, 1}, {mr, nr, 8}, {mr - 1, nr + 1, 9}, {mr + 1, nr - 1, 17},
            {4, 2 * nr, 5}, {5, 2 * nr + 3, 6}, {8, nr, 3}, {9, nr, 4}, {2 * mr, 2 * nr, kc}, {2 * mr + 5, 3 * nr + 7, kc + 1},
            {mc + 3, nc + 5, 2 * kc + 3}, {mc, nc, 20}, {2 * mc + 1, 37, 50}, {30, 2 * nc + 1, 7}, {100, 4, 300}, {3, 1000, 2},
        };
        float[][] scalars = {{1f, 0f}, {0.5f, 0f}, {1f, 1f}, {-1.5f, 0.25f}};
        int mode = 0;
        for (int[] s : sizes) {
            for (int t = 0; t < 4; t++) {
                for (float[] ab : scalars) bitExactCase(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], ab[0], ab[1], mode++ % 3);
            }
        }
    }

    @Test
    void agreesWithTheScalarTwin() {
        Random r = new Random(12);
        int[][] sizes = {{1, 1, 1}, {13, 17, 11}, {67, 70, 65}, {9, 530, 70}, {97, 513, 300}, {150, 1100, 170}, {33, 3, 600}};
        for (int[] s : sizes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int m = s[0], n = s[1], k = s[2];
                int lda = ta ? m : k, ldb = tb ? k : n;
                float[] a = random(r, m * k), b = random(r, k * n), c = random(r, m * n);
                float[] cs = c.clone(), cv = c.clone();
                CpuGemm.sgemm(CpuGemm.SCALAR, ta, tb, m, n, k, 0.75f, a, 0, lda, b, 0, ldb, -0.5f, cs, 0, n);
                CpuGemm.sgemm(SIMD, ta, tb, m, n, k, 0.75f, a, 0, lda, b, 0, ldb, -0.5f, cv, 0, n);
                for (int i = 0; i < m * n; i++) {
                    // both are within ~k ulps of the exact sum of |terms| <= k
                    double tol = 2e-6 * k + 1e-6;
                    if (!(Math.abs(cs[i] - cv[i]) <= tol))
                        throw new AssertionError("ta=" + ta + " tb=" + tb + " " + m + "x" + n + "x" + k + " at " + i + ": scalar "
                                + cs[i] + " simd " + cv[i]);
                }
            }
        }
    }

    @Test
    void scalarTwinStillMatchesDoubleReference() {
        // the scalar kernel explicitly (the default in a JVM without the vector module)
        Random r = new Random(13);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int m = 70, n = 530, k = 130;
            int lda = ta ? m : k, ldb = tb ? k : n;
            float[] a = random(r, m * k), b = random(r, k * n), c = new float[m * n];
            CpuGemm.sgemm(CpuGemm.SCALAR, ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            for (int i = 0; i < m; i += 7) {
                for (int j = 0; j < n; j += 13) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += (double) (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                    }
                    assertEquals(s, c[i * n + j], 1e-5 * k);
                }
            }
        }
    }

    @Test
    void oneAndFourThreadsAgreeBitForBit() {
        Random r = new Random(14);
        int m = 2 * SimdGemm.MC + 7, n = 2 * SimdGemm.NC + 9, k = SimdGemm.KC + 30;
        float[] a = random(r, m * k), b = random(r, k * n);
        int saved = Parallel.threads();
        try {
            float[][] res = new float[3][];
            for (int t = 0; t < 3; t++) {
                Parallel.setThreads(t == 0 ? 1 : 4);
                res[t] = new float[m * n];
                if (t < 2) CpuGemm.sgemm(SIMD, false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, res[t], 0, n);
                else CpuGemm.sgemmSerial(SIMD, false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, res[t], 0, n);
            }
            assertArrayEquals(res[0], res[1]);
            assertArrayEquals(res[0], res[2]);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void gemmPanelsEqualsTheFmaChain() {
        Random r = new Random(15);
        int nr = SIMD.panelWidth();
        assertEquals(SimdGemm.NR, nr);
        int[] ms = {1, 3, 4, 5, 8, 9, 12, 13, 40};
        int[] ns = {1, nr - 1, nr, nr + 3, SimdGemm.NC};
        int[] ks = {1, 7, SimdGemm.KC, SimdGemm.KC + 5};
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    for (int variant = 0; variant < 4; variant++) {
                        boolean ta = (variant & 1) != 0, accumulate = (variant & 2) != 0;
                        int lda = (ta ? m : k) + 1, ldc = n + 2;
                        float[] a = random(r, (ta ? k : m) * lda + 1), b = random(r, k * n);
                        float[] c = random(r, m * ldc + 3), c0 = c.clone();
                        CpuGemm.PanelSource src = (p0, kc, w, ps, bp) -> {
                            int np = (n + w - 1) / w;
                            for (int p = 0; p < kc; p++) {
                                for (int j = 0; j < np * w; j++) {
                                    bp[(j / w) * ps + p * w + j % w] = j < n ? b[(p0 + p) * n + j] : 0f;
                                }
                            }
                        };
                        SIMD.gemmPanels(ta, m, n, k, a, 1, lda, src, accumulate, c, 2, ldc);
                        for (int i = 0; i < c.length; i++) {
                            int row = (i - 2) / ldc, col = (i - 2) % ldc;
                            float want;
                            if (i < 2 || row >= m || col >= n) {
                                want = c0[i];
                            } else {
                                float s = accumulate ? c0[i] : 0f;
                                for (int p = 0; p < k; p++) {
                                    float av = ta ? a[1 + p * lda + row] : a[1 + row * lda + p];
                                    s = Math.fma(av, b[p * n + col], s);
                                }
                                want = s;
                            }
                            if (Float.floatToIntBits(want) != Float.floatToIntBits(c[i]))
                                throw new AssertionError("m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " acc=" + accumulate
                                        + " at " + i + ": got " + c[i] + ", want " + want);
                        }
                    }
                }
            }
        }
    }

    @Test
    void fmaRunsEqualsItsScalarDefault() {
        Random r = new Random(16);
        int l = SimdGemm.L;
        for (int it = 0; it < 400; it++) {
            int m = 1 + r.nextInt(4);
            int srcLen = 5 + r.nextInt(6 * l);
            float[] src = random(r, srcLen);
            if (it % 5 == 0) src[r.nextInt(srcLen)] = Float.POSITIVE_INFINITY; // must not leak from masked-off lanes
            int nRuns = 1 + r.nextInt(5);
            int[] pos = new int[nRuns], cnt = new int[nRuns], s = new int[nRuns], lo = new int[nRuns], hi = new int[nRuns];
            int p = 0;
            for (int u = 0; u < nRuns; u++) {
                pos[u] = p;
                cnt[u] = r.nextInt(3 * l + 2);
                p += cnt[u] + r.nextInt(3);
                int l0 = r.nextInt(cnt[u] + 1), h0 = l0 + r.nextInt(cnt[u] - l0 + 1);
                if (r.nextInt(6) == 0) h0 = l0; // all zero
                h0 = Math.min(h0, l0 + srcLen);
                lo[u] = l0;
                hi[u] = h0;
                // s may be negative or run past the end outside [lo, hi): only [s+lo, s+hi) must be inside src
                int minS = -l0, maxS = srcLen - h0;
                s[u] = h0 > l0 ? minS + r.nextInt(Math.max(1, maxS - minS + 1)) : r.nextInt(srcLen);
            }
            int ldOut = p + r.nextInt(4);
            float[] w = random(r, 4 * 3 + 1);
            float[] out = random(r, m * ldOut + 2), want = out.clone();
            CpuGemm.SCALAR.fmaRuns(m, w, 1, 3, src, pos, cnt, s, lo, hi, nRuns, want, 1, ldOut);
            SIMD.fmaRuns(m, w, 1, 3, src, pos, cnt, s, lo, hi, nRuns, out, 1, ldOut);
            for (int i = 0; i < out.length; i++) {
                if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(out[i]))
                    throw new AssertionError("iteration " + it + " at " + i + ": got " + out[i] + ", want " + want[i]);
            }
        }
    }

    @Test
    void packRunsEqualsItsScalarDefault() {
        Random r = new Random(17);
        int l = SimdGemm.L, nr = SimdGemm.NR;
        for (int it = 0; it < 300; it++) {
            int srcLen = 5 + r.nextInt(6 * l);
            float[] src = random(r, srcLen);
            int nRuns = 1 + r.nextInt(5), kc = 1 + r.nextInt(4), p = r.nextInt(kc);
            int[] pos = new int[nRuns], cnt = new int[nRuns], s = new int[nRuns], lo = new int[nRuns], hi = new int[nRuns];
            int at = 0;
            for (int u = 0; u < nRuns; u++) {
                // aligned runs of whole vectors (the vector path) and ragged ones (the scalar path)
                boolean aligned = r.nextBoolean();
                pos[u] = aligned ? (at + l - 1) / l * l : at + r.nextInt(3);
                cnt[u] = aligned ? l * r.nextInt(4) : r.nextInt(3 * l + 2);
                at = pos[u] + cnt[u];
                int l0 = r.nextInt(cnt[u] + 1), h0 = Math.min(l0 + r.nextInt(cnt[u] - l0 + 1), l0 + srcLen);
                lo[u] = l0;
                hi[u] = h0;
                s[u] = h0 > l0 ? -l0 + r.nextInt(Math.max(1, srcLen - h0 + l0 + 1)) : r.nextInt(srcLen);
            }
            int ps = SimdGemm.panelStride(kc), np = (at + nr - 1) / nr + 1;
            float[] want = random(r, np * ps), got = want.clone();
            CpuGemm.SCALAR.packRuns(src, pos, cnt, s, lo, hi, nRuns, want, ps, nr, p);
            SIMD.packRuns(src, pos, cnt, s, lo, hi, nRuns, got, ps, nr, p);
            assertArrayEquals(want, got, "iteration " + it);
        }
    }

    @Test
    void slabAndRowEntriesEqualTheFmaChain() {
        Random r = new Random(18);
        int nr = SimdGemm.NR, mr = SimdGemm.MR;
        for (int m : new int[] {1, 4, 5, 8, 11, 12, 25}) {
            for (int k : new int[] {1, 9, SimdGemm.KC + 3}) {
                int nv = 1 + r.nextInt(m == 1 ? 9 * nr : 3 * nr);
                int nvPad = (nv + nr - 1) / nr * nr, mPad = (m + mr - 1) / mr * mr;
                float[] src = random(r, 4 * k + nvPad + 40);
                int[] off = new int[k];
                for (int p = 0; p < k; p++) off[p] = r.nextInt(4 * k + 30);
                float[] a = random(r, m * k + 3);
                float[] c = new float[mPad * nvPad + 5];
                SIMD.gemmSlab(false, m, nv, k, a, 3, k, src, 2, off, c, 5, nvPad);
                for (int i = 0; i < m; i++) {
                    for (int v = 0; v < nv; v++) {
                        float sum = 0f;
                        for (int p = 0; p < k; p++) sum = Math.fma(a[3 + i * k + p], src[2 + off[p] + v], sum);
                        assertEquals(Float.floatToIntBits(sum), Float.floatToIntBits(c[5 + i * nvPad + v]), "slab m=" + m + " k=" + k);
                    }
                }
                // the row-block entry: 12 rows of A in place at arbitrary offsets, B packed, accumulate twice
                int np = (m + nr - 1) / nr, ldc = np * nr + 1;
                int[] rowOff = new int[mr];
                for (int i = 0; i < mr; i++) rowOff[i] = r.nextInt(3 * k);
                float[] bp = random(r, np * k * nr + 7);
                float[] cc = new float[mr * ldc + 2];
                SIMD.microRows(k, src, 1, rowOff, bp, 7, np, cc, 2, ldc, false);
                SIMD.microRows(k, src, 1, rowOff, bp, 7, np, cc, 2, ldc, true);
                for (int i = 0; i < mr; i++) {
                    for (int j = 0; j < np * nr; j++) {
                        float sum = 0f;
                        for (int rep = 0; rep < 2; rep++) {
                            for (int p = 0; p < k; p++) {
                                sum = Math.fma(src[1 + rowOff[i] + p], bp[7 + (j / nr) * k * nr + p * nr + j % nr], sum);
                            }
                        }
                        assertEquals(Float.floatToIntBits(sum), Float.floatToIntBits(cc[2 + i * ldc + j]), "rows k=" + k);
                    }
                }
            }
        }
    }
}
