package org.cryograd.tensor.cpu;

/**
 * Single-precision general matrix multiply for the CPU backend.
 *
 * <p>Two kernels compute the tiles of C, chosen once per JVM by {@link CpuSimd}: the SIMD kernel
 * {@code SimdGemm} (packed panels, register-blocked FMA micro-kernel on {@code jdk.incubator.vector}; every
 * element of C is {@code alpha * s + beta * c} where {@code s} is a chain of fused multiply-adds from 0 in
 * increasing {@code k}) and the scalar kernel described below, its twin. Either way the result does not
 * depend on the tiling or the number of threads.
 *
 * <p>The scalar kernel:
 * <p>All matrices are row-major with explicit row strides ({@code lda}, {@code ldb}, {@code ldc}).
 * C is cut into fixed tiles of 64 x 512 that are computed in parallel, each over
 * the whole {@code k} range. Every element of C is accumulated as {@code ((0 + a0*b0) + a1*b1) + ...}
 * strictly in increasing {@code k} order (Java does not contract to FMA), then finished as
 * {@code alpha * sum + beta * c}. The result therefore does not depend on the tiling, the kernel used
 * or the number of threads: it is bit-identical everywhere.
 *
 * <p>Inside a tile, panels of op(B) are packed into per-thread row buffers so that the inner loop
 * (4 rows of C at a time, i-k-j order) indexes every array with the same index, which C2
 * auto-vectorises. The per-thread buffers are bounded ({@code (MC + KC) * NC} floats).
 */
public final class CpuGemm {
    /** Rows of C per tile. */
    static final int MC = 64;
    /** Columns of C per tile (and width of the packed B panel). */
    static final int NC = 512;
    /** Depth of a packed B panel. */
    static final int KC = 64;
    /** Up to this many columns of C, the dot-product kernel is used instead of packing. */
    private static final int SMALL_N = 4;

    /** Computes tiles of C; {@link #SCALAR} or the SIMD kernel. */
    interface Kernel {
        /** Rows of C per parallel tile. */
        int rowTile();

        /** Columns of C per parallel tile. */
        int colTile();

        /** Rows [i0, i1) x columns [j0, j1) of C over the whole k range ({@code k > 0}, {@code alpha != 0}). */
        void tile(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                  float beta, float[] c, int cOff, int ldc);

        /** Width of the packed B panels {@link #gemmPanels} asks a {@link PanelSource} for; 0 if it has no such entry. */
        default int panelWidth() {
            return 0;
        }

        /**
         * Serial {@code C[m x n] = op(A)[m x k] * B} for {@code n <= colTile()}, where B is produced block by block
         * by {@code src} straight into the packed panel layout (an implicit GEMM: convolutions gather their
         * column matrix this way). Each element of C is one chain of fused multiply-adds in increasing k,
         * starting from 0, or from C's current value when {@code accumulate}.
         */
        default void gemmPanels(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, PanelSource src,
                                boolean accumulate, float[] c, int cOff, int ldc) {
            throw new UnsupportedOperationException("this GEMM kernel has no packed-panel entry");
        }

        /** Rows of A that {@link #microRows} takes at once; 0 if it has no such entry. */
        default int rowBlock() {
            return 0;
        }

        /**
         * {@code C[rowBlock() x np*panelWidth()] = A * B} (or {@code += } when {@code load}, continuing each FMA chain
         * from C), serial, for exactly {@link #rowBlock()} rows of A read in place ({@code a[aOff + rowOff[i] + p]},
         * {@code p < k}) and B given as {@code np} packed panels of depth k ({@code bp[bpOff + jp*k*nr + p*nr + j]}).
         * Every column of every panel of C is written.
         */
        default void microRows(int k, float[] a, int aOff, int[] rowOff, float[] bp, int bpOff, int np, float[] c, int cOff, int ldc,
                               boolean load) {
            throw new UnsupportedOperationException("this GEMM kernel has no row-block entry");
        }

        /**
         * Serial {@code C[m x nv] = op(A)[m x k] * B} with B read in place: {@code B(p, v) = src[base + off[p] + v]}
         * (a "direct" convolution over a zero-padded slab). C gets whole micro-tiles: it must have room for
         * {@code ceil(m / rowBlock()) * rowBlock()} rows and {@code ceil(nv / panelWidth()) * panelWidth()} columns,
         * and src must be readable that far past {@code base + off[p] + nv}. Each element is one FMA chain in
         * increasing p from 0.
         */
        default void gemmSlab(boolean transA, int m, int nv, int k, float[] a, int aOff, int lda, float[] src, int base, int[] off,
                              float[] c, int cOff, int ldc) {
            throw new UnsupportedOperationException("this GEMM kernel has no slab entry");
        }

        /**
         * Writes row {@code p} of an implicit column matrix, given as runs (as for {@link #fmaRuns}), into packed B
         * panels: position {@code j = pos[u] + t} goes to {@code bp[(j / nr) * ps + p * nr + j % nr]}, with value
         * {@code src[s[u] + t]} for {@code lo[u] <= t < hi[u]} and 0 otherwise.
         */
        default void packRuns(float[] src, int[] pos, int[] cnt, int[] s, int[] lo, int[] hi, int nRuns,
                              float[] bp, int ps, int nr, int p) {
            for (int u = 0; u < nRuns; u++) {
                int j = pos[u], pn = j / nr, o = j - pn * nr, d = pn * ps + p * nr;
                for (int t = 0; t < cnt[u]; t++) {
                    bp[d + o] = t >= lo[u] && t < hi[u] ? src[s[u] + t] : 0f;
                    if (++o == nr) {
                        o = 0;
                        d += ps;
                    }
                }
            }
        }

        /**
         * Rank-1 updates of up to 4 rows of {@code out} along runs of one row of an implicit column matrix: for every
         * run {@code u < nRuns}, every {@code i < m} and {@code t < cnt[u]},
         * {@code out[outOff + i*ldOut + pos[u] + t] = fma(a[ar + i*lda], v, same)} where
         * {@code v = src[s[u] + t]} for {@code lo[u] <= t < hi[u]} and {@code v = 0} otherwise. Runs must not overlap.
         */
        default void fmaRuns(int m, float[] a, int ar, int lda, float[] src, int[] pos, int[] cnt, int[] s, int[] lo, int[] hi,
                             int nRuns, float[] out, int outOff, int ldOut) {
            for (int u = 0; u < nRuns; u++) {
                for (int i = 0; i < m; i++) {
                    float w = a[ar + i * lda];
                    int o = outOff + i * ldOut + pos[u];
                    for (int t = 0; t < cnt[u]; t++) {
                        float v = t >= lo[u] && t < hi[u] ? src[s[u] + t] : 0f;
                        out[o + t] = Math.fma(w, v, out[o + t]);
                    }
                }
            }
        }
    }

    /** Writes rows {@code [p0, p0 + kc)} of an implicit B matrix into packed panels for {@link Kernel#gemmPanels}. */
    @FunctionalInterface
    interface PanelSource {
        /**
         * Fills {@code bp[(j / nr) * ps + (p - p0) * nr + j % nr] = B(p, j)} for {@code p0 <= p < p0 + kc}
         * and every column {@code j} of B, and 0 for the padding columns up to the next multiple of {@code nr}.
         */
        void fill(int p0, int kc, int nr, int ps, float[] bp);
    }

    /** The scalar kernel (this class's plain Java code). */
    static final Kernel SCALAR = new Kernel() {
        @Override
        public int rowTile() {
            return MC;
        }

        @Override
        public int colTile() {
            return NC;
        }

        @Override
        public void tile(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
            scalarTile(transA, transB, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    };

    /** The kernel in use: SIMD when {@link CpuSimd#ENABLED}, else {@link #SCALAR}. */
    static final Kernel KERNEL = CpuSimd.create(Kernel.class, "SimdGemm", SCALAR);

    private static final class Buffers {
        final float[][] acc = new float[MC][NC];
        final float[][] bp = new float[KC][NC];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private CpuGemm() {}

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, row-major, parallel over fixed tiles of C.
     *
     * <p>op(A) is {@code m x k}, op(B) is {@code k x n}. With {@code transA} A is stored {@code k x m}
     * (so op(A) = A<sup>T</sup>), likewise {@code transB} stores B as {@code n x k}. {@code lda},
     * {@code ldb}, {@code ldc} are the row strides of the stored matrices. When {@code beta == 0}, C is
     * overwritten (its old contents, NaNs included, are ignored). When {@code k == 0} or
     * {@code alpha == 0}, A and B are not read.
     *
     * @param transA whether A is stored transposed ({@code k x m})
     * @param transB whether B is stored transposed ({@code n x k})
     * @param m      rows of op(A) and C
     * @param n      columns of op(B) and C
     * @param k      columns of op(A), rows of op(B)
     * @param alpha  scale of the product
     * @param a      A's storage
     * @param aOff   offset of A's first element
     * @param lda    row stride of the stored A
     * @param b      B's storage
     * @param bOff   offset of B's first element
     * @param ldb    row stride of the stored B
     * @param beta   scale of the old C (0: overwrite)
     * @param c      C's storage
     * @param cOff   offset of C's first element
     * @param ldc    row stride of C
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(KERNEL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link #sgemm} with an explicit kernel (tests run both). */
    static void sgemm(Kernel kern, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        int mc = kern.rowTile(), nc = kern.colTile();
        int tm = ceilDiv(m, mc), tn = ceilDiv(n, nc);
        if ((long) tm * tn == 1) {
            kern.tile(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if ((long) tm * tn > Integer.MAX_VALUE) throw new IllegalArgumentException("sgemm: problem too large");
        Parallel.forChunks(tm * tn, t -> {
            int i0 = (t / tn) * mc, j0 = (t % tn) * nc;
            kern.tile(transA, transB, i0, Math.min(m, i0 + mc), j0, Math.min(n, j0 + nc), k, alpha,
                    a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        });
    }

    /**
     * Same as {@link #sgemm}, single-threaded: for callers that are already inside a parallel chunk.
     * Gives bit-identical results to {@link #sgemm}.
     *
     * @param transA whether A is stored transposed ({@code k x m})
     * @param transB whether B is stored transposed ({@code n x k})
     * @param m      rows of op(A) and C
     * @param n      columns of op(B) and C
     * @param k      columns of op(A), rows of op(B)
     * @param alpha  scale of the product
     * @param a      A's storage
     * @param aOff   offset of A's first element
     * @param lda    row stride of the stored A
     * @param b      B's storage
     * @param bOff   offset of B's first element
     * @param ldb    row stride of the stored B
     * @param beta   scale of the old C (0: overwrite)
     * @param c      C's storage
     * @param cOff   offset of C's first element
     * @param ldc    row stride of C
     */
    public static void sgemmSerial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc) {
        sgemmSerial(KERNEL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link #sgemmSerial} with an explicit kernel (tests run both). */
    static void sgemmSerial(Kernel kern, boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        int mc = kern.rowTile(), nc = kern.colTile();
        for (int i0 = 0; i0 < m; i0 += mc) {
            for (int j0 = 0; j0 < n; j0 += nc) {
                kern.tile(transA, transB, i0, Math.min(m, i0 + mc), j0, Math.min(n, j0 + nc), k, alpha,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        }
    }

    /**
     * A batch of independent GEMMs {@code C_i = alpha * op(A_i) * op(B_i) + beta * C_i}, parallel over
     * the batch and fixed tiles of each C_i.
     *
     * <p>A_i starts at {@code aOff + i * strideA}, B_i at {@code bOff + i * strideB}, C_i at
     * {@code cOff + i * strideC}. A stride of 0 shares (broadcasts) one A or B across the batch; the
     * C_i must not overlap.
     *
     * @param batch   number of GEMMs
     * @param transA  whether each A is stored transposed ({@code k x m})
     * @param transB  whether each B is stored transposed ({@code n x k})
     * @param m       rows of op(A) and C
     * @param n       columns of op(B) and C
     * @param k       columns of op(A), rows of op(B)
     * @param alpha   scale of the product
     * @param a       A storage
     * @param aOff    offset of A_0
     * @param lda     row stride of each stored A
     * @param strideA distance between consecutive A_i (0: shared)
     * @param b       B storage
     * @param bOff    offset of B_0
     * @param ldb     row stride of each stored B
     * @param strideB distance between consecutive B_i (0: shared)
     * @param beta    scale of the old C (0: overwrite)
     * @param c       C storage
     * @param cOff    offset of C_0
     * @param ldc     row stride of each C
     * @param strideC distance between consecutive C_i
     */
    public static void sgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    float[] a, int aOff, int lda, long strideA,
                                    float[] b, int bOff, int ldb, long strideB,
                                    float beta, float[] c, int cOff, int ldc, long strideC) {
        sgemmBatched(KERNEL, batch, transA, transB, m, n, k, alpha, a, aOff, lda, strideA, b, bOff, ldb, strideB,
                beta, c, cOff, ldc, strideC);
    }

    /** {@link #sgemmBatched} with an explicit kernel (tests run both). */
    static void sgemmBatched(Kernel kern, int batch, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, long strideA,
                             float[] b, int bOff, int ldb, long strideB,
                             float beta, float[] c, int cOff, int ldc, long strideC) {
        if (batch < 0) throw new IllegalArgumentException("sgemmBatched: batch must be >= 0, got " + batch);
        check(transA, transB, m, n, k, lda, ldb, ldc);
        if (strideA < 0 || strideB < 0 || strideC < 0)
            throw new IllegalArgumentException("sgemmBatched: strides must be >= 0");
        if (batch == 0 || m == 0 || n == 0) return;
        int mc = kern.rowTile(), nc = kern.colTile();
        int tm = ceilDiv(m, mc), tn = ceilDiv(n, nc);
        long tiles = (long) tm * tn;
        long total = tiles * batch;
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("sgemmBatched: problem too large");
        boolean scaleOnly = k == 0 || alpha == 0f;
        Parallel.forChunks((int) total, t -> {
            int bi = (int) (t / tiles);
            int r = (int) (t % tiles);
            int i0 = (r / tn) * mc, j0 = (r % tn) * nc;
            int i1 = Math.min(m, i0 + mc), j1 = Math.min(n, j0 + nc);
            int ao = Math.toIntExact(aOff + bi * strideA);
            int bo = Math.toIntExact(bOff + bi * strideB);
            int co = Math.toIntExact(cOff + bi * strideC);
            if (scaleOnly) {
                scaleC(i1 - i0, j1 - j0, beta, c, co + i0 * ldc + j0, ldc);
            } else {
                kern.tile(transA, transB, i0, i1, j0, j1, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------

    static int ceilDiv(int x, int y) {
        return (int) (((long) x + y - 1) / y);
    }

    static void check(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc) {
        if (m < 0 || n < 0 || k < 0)
            throw new IllegalArgumentException("sgemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        int aCols = transA ? m : k, bCols = transB ? k : n;
        if (lda < Math.max(1, aCols) || ldb < Math.max(1, bCols) || ldc < Math.max(1, n))
            throw new IllegalArgumentException("sgemm: leading dimension too small: lda=" + lda + " (needs " + aCols
                    + "), ldb=" + ldb + " (needs " + bCols + "), ldc=" + ldc + " (needs " + n + ")");
    }

    /** C = beta * C (beta == 0: C = 0). */
    static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int r = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, r, r + n, 0f);
            } else {
                for (int j = 0; j < n; j++) c[r + j] *= beta;
            }
        }
    }

    /** Scalar kernel: rows [i0, i1) x columns [j0, j1) of C over the whole k range. */
    private static void scalarTile(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        int mc = i1 - i0, nc = j1 - j0;
        if (nc <= SMALL_N) {
            dotTile(transA, transB, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Buffers buf = BUFFERS.get();
        float[][] acc = buf.acc, bp = buf.bp;
        for (int i = 0; i < mc; i++) java.util.Arrays.fill(acc[i], 0, nc, 0f);
        // A(i, p) = a[aOff + i*ars + p*acs]
        int ars = transA ? 1 : lda, acs = transA ? lda : 1;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            packB(transB, b, bOff, ldb, p0, kc, j0, nc, bp);
            int i = 0;
            for (; i + 4 <= mc; i += 4) {
                float[] t0 = acc[i], t1 = acc[i + 1], t2 = acc[i + 2], t3 = acc[i + 3];
                int a0 = aOff + (i0 + i) * ars + p0 * acs;
                int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
                for (int p = 0; p < kc; p++) {
                    int o = p * acs;
                    kernel4(t0, t1, t2, t3, bp[p], nc, a[a0 + o], a[a1 + o], a[a2 + o], a[a3 + o]);
                }
            }
            int rem = mc - i;
            if (rem == 3) {
                float[] t0 = acc[i], t1 = acc[i + 1], t2 = acc[i + 2];
                int a0 = aOff + (i0 + i) * ars + p0 * acs;
                int a1 = a0 + ars, a2 = a1 + ars;
                for (int p = 0; p < kc; p++) {
                    int o = p * acs;
                    kernel3(t0, t1, t2, bp[p], nc, a[a0 + o], a[a1 + o], a[a2 + o]);
                }
            } else if (rem == 2) {
                float[] t0 = acc[i], t1 = acc[i + 1];
                int a0 = aOff + (i0 + i) * ars + p0 * acs;
                int a1 = a0 + ars;
                for (int p = 0; p < kc; p++) {
                    int o = p * acs;
                    kernel2(t0, t1, bp[p], nc, a[a0 + o], a[a1 + o]);
                }
            } else if (rem == 1) {
                float[] t0 = acc[i];
                int a0 = aOff + (i0 + i) * ars + p0 * acs;
                for (int p = 0; p < kc; p++) kernel1(t0, bp[p], nc, a[a0 + p * acs]);
            }
        }
        for (int i = 0; i < mc; i++) store(acc[i], nc, alpha, beta, c, cOff + (i0 + i) * ldc + j0);
    }

    /** Packs op(B)[p0 .. p0+kc) x [j0 .. j0+nc) into the rows of {@code bp}. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[][] bp) {
        if (!transB) {
            for (int p = 0; p < kc; p++) System.arraycopy(b, bOff + (p0 + p) * ldb + j0, bp[p], 0, nc);
        } else {
            // op(B)(p, j) = b[bOff + j*ldb + p]; blocks of 8 stored rows keep the source lines in L1
            for (int jb = 0; jb < nc; jb += 8) {
                int je = Math.min(nc, jb + 8);
                int src = bOff + (j0 + jb) * ldb + p0;
                for (int p = 0; p < kc; p++) {
                    float[] row = bp[p];
                    for (int j = jb, sp = src + p; j < je; j++, sp += ldb) row[j] = b[sp];
                }
            }
        }
    }

    private static void store(float[] acc, int nc, float alpha, float beta, float[] c, int co) {
        if (beta == 0f) {
            if (alpha == 1f) {
                System.arraycopy(acc, 0, c, co, nc);
            } else {
                for (int j = 0; j < nc; j++) c[co + j] = alpha * acc[j];
            }
        } else if (beta == 1f) {
            for (int j = 0; j < nc; j++) c[co + j] = alpha * acc[j] + c[co + j];
        } else {
            for (int j = 0; j < nc; j++) c[co + j] = alpha * acc[j] + beta * c[co + j];
        }
    }

    /** Narrow C: plain dot products, summed in the same (increasing k) order as the packed path. */
    private static void dotTile(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc) {
        int ars = transA ? 1 : lda, acs = transA ? lda : 1;
        int brs = transB ? 1 : ldb, bcs = transB ? ldb : 1; // op(B)(p, j) = b[bOff + p*brs + j*bcs]
        for (int i = i0; i < i1; i++) {
            int ar = aOff + i * ars;
            int cr = cOff + i * ldc;
            for (int j = j0; j < j1; j++) {
                int bc = bOff + j * bcs;
                float s = 0f;
                for (int p = 0; p < k; p++) s += a[ar + p * acs] * b[bc + p * brs];
                float v = alpha * s;
                if (beta == 0f) c[cr + j] = v;
                else if (beta == 1f) c[cr + j] = v + c[cr + j];
                else c[cr + j] = v + beta * c[cr + j];
            }
        }
    }

    // The kernels index every array with the same index j, which lets C2 vectorise them.

    private static void kernel4(float[] t0, float[] t1, float[] t2, float[] t3, float[] b, int nc,
                                float a0, float a1, float a2, float a3) {
        for (int j = 0; j < nc; j++) {
            float bv = b[j];
            t0[j] += a0 * bv;
            t1[j] += a1 * bv;
            t2[j] += a2 * bv;
            t3[j] += a3 * bv;
        }
    }

    private static void kernel3(float[] t0, float[] t1, float[] t2, float[] b, int nc, float a0, float a1, float a2) {
        for (int j = 0; j < nc; j++) {
            float bv = b[j];
            t0[j] += a0 * bv;
            t1[j] += a1 * bv;
            t2[j] += a2 * bv;
        }
    }

    private static void kernel2(float[] t0, float[] t1, float[] b, int nc, float a0, float a1) {
        for (int j = 0; j < nc; j++) {
            float bv = b[j];
            t0[j] += a0 * bv;
            t1[j] += a1 * bv;
        }
    }

    private static void kernel1(float[] t0, float[] b, int nc, float a0) {
        for (int j = 0; j < nc; j++) t0[j] += a0 * b[j];
    }
}
