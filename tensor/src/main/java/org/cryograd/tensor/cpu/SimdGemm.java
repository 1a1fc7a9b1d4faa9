package org.cryograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD GEMM kernel (BLIS / GotoBLAS style) on {@code jdk.incubator.vector}; loaded only through
 * {@link CpuSimd}. Its scalar twin is {@link CpuGemm#SCALAR}.
 *
 * <p>A tile of C ({@link #MC} x {@link #NC}, the unit of parallel work) is computed over blocks of
 * {@link #KC} values of k: the block of op(B) is packed into panels of {@link #NR} columns
 * ({@code NR = 2} vectors), the block of op(A) into panels of {@link #MR} rows, both zero-padded; an
 * {@code MR x NR} micro-tile of C lives in 24 vector registers while the micro-kernel runs over the block
 * with one {@code FloatVector.fma} per register per k.
 *
 * <p>Numerics: every element of C is {@code alpha * s + beta * c} (just {@code s} when alpha is 1 and beta
 * 0), where {@code s = fma(a_k, b_k, ... fma(a_1, b_1, fma(a_0, b_0, 0)))}, a chain of fused
 * multiply-adds in increasing k. Between k blocks the partial {@code s} is stored as a float and
 * reloaded, which does not change it. So the result depends neither on the blocking, nor on the thread
 * count, nor on which path (packed or the narrow dot-product path) computed it: it equals the plain
 * scalar loop {@code s = Math.fma(a, b, s)} bit for bit.
 */
final class SimdGemm implements CpuGemm.Kernel {
    /** The vector species (preferred; {@code -Dcryograd.simd.bits=256} etc. to override for measurements). */
    static final VectorSpecies<Float> SP = species();
    /** Floats per vector. */
    static final int L = SP.length();
    /** Rows of the micro-tile. */
    static final int MR = 12;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block. */
    static final int KC = 256;
    /** Rows of C per parallel tile (a multiple of MR). */
    static final int MC = 96;
    /** Columns of C per parallel tile (a multiple of NR). */
    static final int NC = Math.max(NR, 512 / NR * NR);
    /** Up to this many columns of C, plain FMA dot products are used instead of packing. */
    static final int SMALL_N = 4;

    private static final class Buffers {
        float[] ap = new float[MC * KC];
        final float[] bp = new float[(NC / NR) * panelStride(KC)];
        float[] acc = new float[MC * NC];

        /** The A buffer, grown to hold {@code floats} (for {@link #gemmPanels}, all m rows of a block). */
        float[] ap(int floats) {
            if (ap.length < floats) ap = new float[floats];
            return ap;
        }

        float[] acc(int floats) {
            if (acc.length < floats) acc = new float[floats];
            return acc;
        }
    }

    /**
     * Distance between packed B panels of depth kc: one panel plus NR floats, so that a row written across all
     * panels (as the convolution gathers do) does not hit one L1 set (kc * NR * 4 bytes is often 32 KiB).
     */
    static int panelStride(int kc) {
        return kc * NR + NR;
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Public for reflective construction by {@link CpuSimd}. */
    public SimdGemm() {}

    /**
     * The preferred species ({@code -Dcryograd.simd.bits=128|256|512} overrides it, for measurements). Every SIMD
     * class uses this one float species: mixing two float species in one JVM pollutes the Vector API's shared type
     * profiles, and C2 then falls back to boxed vectors in the micro-kernels (measured: 20x slower).
     * On the Zen 4 development machine 512-bit vectors were measured faster than 256-bit ones for the GEMM and
     * convolution kernels (and 256-bit ones gave bimodal run-to-run GEMM speeds).
     */
    private static VectorSpecies<Float> species() {
        String bits = System.getProperty("cryograd.simd.bits", "").trim();
        switch (bits) {
            case "128": return FloatVector.SPECIES_128;
            case "256": return FloatVector.SPECIES_256;
            case "512": return FloatVector.SPECIES_512;
            default: return FloatVector.SPECIES_PREFERRED;
        }
    }

    /**
     * One line for the log: species and blocking. Also proves the Vector API works here.
     *
     * @return the description
     */
    public static String describe() {
        FloatVector v = FloatVector.broadcast(SP, 1f).fma(FloatVector.broadcast(SP, 2f), FloatVector.zero(SP));
        if (v.lane(0) != 2f) throw new IllegalStateException("Vector API self-check failed");
        return SP.vectorBitSize() + "-bit float vectors, GEMM micro-tile " + MR + "x" + NR + ", KC=" + KC + " MC=" + MC + " NC=" + NC;
    }

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
        int mc = i1 - i0, nc = j1 - j0;
        if (nc <= SMALL_N) {
            dotTile(transA, transB, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Buffers buf = BUFFERS.get();
        float[] ap = buf.ap, bp = buf.bp;
        int mp = (mc + MR - 1) / MR, np = (nc + NR - 1) / NR;
        // accumulate straight into C when it may be overwritten and the tile is made of whole micro-tiles
        boolean direct = beta == 0f && mc % MR == 0 && nc % NR == 0;
        float[] dst = direct ? c : buf.acc;
        int dOff = direct ? cOff + i0 * ldc + j0 : 0;
        int ldd = direct ? ldc : np * NR;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packB(transB, b, bOff, ldb, pc, kc, j0, nc, bp);
            packA(transA, a, aOff, lda, pc, kc, i0, mc, ap);
            blocks(mc, np, kc, ap, bp, dst, dOff, ldd, pc > 0);
        }
        if (direct) {
            if (alpha != 1f) {
                for (int i = 0; i < mc; i++) scaleRow(c, dOff + i * ldc, nc, alpha);
            }
        } else {
            for (int i = 0; i < mc; i++) finish(buf.acc, i * ldd, nc, alpha, beta, c, cOff + (i0 + i) * ldc + j0);
        }
    }

    @Override
    public int panelWidth() {
        return NR;
    }

    @Override
    public int rowBlock() {
        return MR;
    }

    @Override
    public void microRows(int k, float[] a, int aOff, int[] rowOff, float[] bp, int bpOff, int np, float[] c, int cOff, int ldc,
                          boolean load) {
        for (int jp = 0; jp < np; jp++) microU(k, a, aOff, rowOff, bp, bpOff + jp * k * NR, c, cOff + jp * NR, ldc, load);
    }

    @Override
    public void gemmSlab(boolean transA, int m, int nv, int k, float[] a, int aOff, int lda, float[] src, int base, int[] off,
                         float[] c, int cOff, int ldc) {
        if (m <= 0 || nv <= 0) return;
        int mp = (m + MR - 1) / MR, np = (nv + NR - 1) / NR;
        if (k == 0) {
            for (int i = 0; i < mp * MR; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + np * NR, 0f);
            return;
        }
        float[] ap = BUFFERS.get().ap(mp * MR * Math.min(k, KC));
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packA(transA, a, aOff, lda, pc, kc, 0, m, ap);
            boolean load = pc > 0;
            for (int ip = 0, i = 0; i < m; ip++, i += MR) {
                int h = Math.min(MR, m - i), ao = ip * kc * MR, d = cOff + i * ldc;
                if (h > 8) {
                    for (int jp = 0; jp < np; jp++) microI(kc, ap, ao, src, base + jp * NR, off, pc, c, d + jp * NR, ldc, load);
                } else if (h > 4) {
                    for (int jp = 0; jp < np; jp++) microI8(kc, ap, ao, src, base + jp * NR, off, pc, c, d + jp * NR, ldc, load);
                } else if (h > 1) {
                    for (int jp = 0; jp < np; jp++) microI4(kc, ap, ao, src, base + jp * NR, off, pc, c, d + jp * NR, ldc, load);
                } else {
                    int jp = 0;
                    for (; jp + 4 <= np; jp += 4) microI1(kc, ap, ao, src, base + jp * NR, off, pc, c, d + jp * NR, load);
                    for (; jp < np; jp++) microI4(kc, ap, ao, src, base + jp * NR, off, pc, c, d + jp * NR, ldc, load);
                }
            }
        }
    }

    @Override
    public void gemmPanels(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, CpuGemm.PanelSource src,
                           boolean accumulate, float[] c, int cOff, int ldc) {
        if (n > NC) throw new IllegalArgumentException("gemmPanels: n=" + n + " > " + NC);
        if (m <= 0 || n <= 0) return;
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        Buffers buf = BUFFERS.get();
        int mp = (m + MR - 1) / MR, np = (n + NR - 1) / NR, ldd = np * NR;
        float[] ap = buf.ap(mp * MR * Math.min(k, KC)), bp = buf.bp, acc = buf.acc(mp * MR * ldd);
        if (accumulate) {
            for (int i = 0; i < m; i++) System.arraycopy(c, cOff + i * ldc, acc, i * ldd, n);
        }
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            src.fill(pc, kc, NR, panelStride(kc), bp);
            packA(transA, a, aOff, lda, pc, kc, 0, m, ap);
            blocks(m, np, kc, ap, bp, acc, 0, ldd, accumulate || pc > 0);
        }
        for (int i = 0; i < m; i++) System.arraycopy(acc, i * ldd, c, cOff + i * ldc, n);
    }

    /** Lane indices 0, 1, ..., L-1 as floats (lane masks by comparison). */
    private static final float[] IOTA = new float[L];

    static {
        for (int i = 0; i < L; i++) IOTA[i] = i;
    }

    @Override
    public void packRuns(float[] src, int[] pos, int[] cnt, int[] s, int[] lo, int[] hi, int nRuns,
                         float[] bp, int ps, int nr, int p) {
        if (nr != NR) {
            CpuGemm.Kernel.super.packRuns(src, pos, cnt, s, lo, hi, nRuns, bp, ps, nr, p);
            return;
        }
        final VectorSpecies<Float> sp = SP;
        FloatVector zero = FloatVector.zero(sp), iota = FloatVector.fromArray(sp, IOTA, 0);
        for (int u = 0; u < nRuns; u++) {
            int j = pos[u], n = cnt[u], su = s[u], l0 = lo[u], h0 = hi[u];
            int pn = j / NR, o = j - pn * NR, d = pn * ps + p * NR;
            if (o % L != 0 || n % L != 0) {
                for (int t = 0; t < n; t++) {
                    bp[d + o] = t >= l0 && t < h0 ? src[su + t] : 0f;
                    if (++o == NR) {
                        o = 0;
                        d += ps;
                    }
                }
                continue;
            }
            for (int t = 0; t < n; t += L) {
                int ll = l0 - t, hh = h0 - t;
                if (ll <= 0 && hh >= L) {
                    FloatVector.fromArray(sp, src, su + t).intoArray(bp, d + o);
                } else if (hh <= 0 || ll >= L || hh <= ll) {
                    zero.intoArray(bp, d + o);
                } else if (su + t >= 0 && su + t + L <= src.length) {
                    VectorMask<Float> mk = iota.compare(VectorOperators.GE, (float) ll)
                            .and(iota.compare(VectorOperators.LT, (float) hh));
                    zero.blend(FloatVector.fromArray(sp, src, su + t), mk).intoArray(bp, d + o);
                } else {
                    for (int q = 0; q < L; q++) bp[d + o + q] = q >= ll && q < hh ? src[su + t + q] : 0f;
                }
                o += L;
                if (o == NR) {
                    o = 0;
                    d += ps;
                }
            }
        }
    }

    @Override
    public void fmaRuns(int m, float[] a, int ar, int lda, float[] src, int[] pos, int[] cnt, int[] s, int[] lo, int[] hi,
                        int nRuns, float[] out, int outOff, int ldOut) {
        if (m > 4 || m < 1) {
            CpuGemm.Kernel.super.fmaRuns(m, a, ar, lda, src, pos, cnt, s, lo, hi, nRuns, out, outOff, ldOut);
            return;
        }
        final VectorSpecies<Float> sp = SP;
        float w0 = a[ar], w1 = m > 1 ? a[ar + lda] : 0f, w2 = m > 2 ? a[ar + 2 * lda] : 0f, w3 = m > 3 ? a[ar + 3 * lda] : 0f;
        FloatVector v0 = FloatVector.broadcast(sp, w0), v1 = FloatVector.broadcast(sp, w1);
        FloatVector v2 = FloatVector.broadcast(sp, w2), v3 = FloatVector.broadcast(sp, w3);
        FloatVector zero = FloatVector.zero(sp), iota = FloatVector.fromArray(sp, IOTA, 0);
        int o1 = outOff + ldOut, o2 = o1 + ldOut, o3 = o2 + ldOut;
        for (int u = 0; u < nRuns; u++) {
            int n = cnt[u], su = s[u], l0 = lo[u], h0 = hi[u], p0 = pos[u];
            int e = n - n % L, t = 0;
            for (; t < e; t += L) {
                int ll = l0 - t, hh = h0 - t, d = p0 + t;
                if (ll <= 0 && hh >= L) {
                    FloatVector xv = FloatVector.fromArray(sp, src, su + t);
                    xv.fma(v0, FloatVector.fromArray(sp, out, outOff + d)).intoArray(out, outOff + d);
                    if (m > 1) xv.fma(v1, FloatVector.fromArray(sp, out, o1 + d)).intoArray(out, o1 + d);
                    if (m > 2) xv.fma(v2, FloatVector.fromArray(sp, out, o2 + d)).intoArray(out, o2 + d);
                    if (m > 3) xv.fma(v3, FloatVector.fromArray(sp, out, o3 + d)).intoArray(out, o3 + d);
                } else if (hh <= 0 || ll >= L || hh <= ll) {
                    zero.fma(v0, FloatVector.fromArray(sp, out, outOff + d)).intoArray(out, outOff + d);
                    if (m > 1) zero.fma(v1, FloatVector.fromArray(sp, out, o1 + d)).intoArray(out, o1 + d);
                    if (m > 2) zero.fma(v2, FloatVector.fromArray(sp, out, o2 + d)).intoArray(out, o2 + d);
                    if (m > 3) zero.fma(v3, FloatVector.fromArray(sp, out, o3 + d)).intoArray(out, o3 + d);
                } else if (su + t >= 0 && su + t + L <= src.length) {
                    VectorMask<Float> mk = iota.compare(VectorOperators.GE, (float) ll)
                            .and(iota.compare(VectorOperators.LT, (float) hh));
                    FloatVector xv = zero.blend(FloatVector.fromArray(sp, src, su + t), mk);
                    xv.fma(v0, FloatVector.fromArray(sp, out, outOff + d)).intoArray(out, outOff + d);
                    if (m > 1) xv.fma(v1, FloatVector.fromArray(sp, out, o1 + d)).intoArray(out, o1 + d);
                    if (m > 2) xv.fma(v2, FloatVector.fromArray(sp, out, o2 + d)).intoArray(out, o2 + d);
                    if (m > 3) xv.fma(v3, FloatVector.fromArray(sp, out, o3 + d)).intoArray(out, o3 + d);
                } else {
                    for (int q = 0; q < L; q++) {
                        float xv = q >= ll && q < hh ? src[su + t + q] : 0f;
                        int dq = d + q;
                        out[outOff + dq] = Math.fma(w0, xv, out[outOff + dq]);
                        if (m > 1) out[o1 + dq] = Math.fma(w1, xv, out[o1 + dq]);
                        if (m > 2) out[o2 + dq] = Math.fma(w2, xv, out[o2 + dq]);
                        if (m > 3) out[o3 + dq] = Math.fma(w3, xv, out[o3 + dq]);
                    }
                }
            }
            for (; t < n; t++) {
                float xv = t >= l0 && t < h0 ? src[su + t] : 0f;
                int d = p0 + t;
                out[outOff + d] = Math.fma(w0, xv, out[outOff + d]);
                if (m > 1) out[o1 + d] = Math.fma(w1, xv, out[o1 + d]);
                if (m > 2) out[o2 + d] = Math.fma(w2, xv, out[o2 + d]);
                if (m > 3) out[o3 + d] = Math.fma(w3, xv, out[o3 + d]);
            }
        }
    }

    /**
     * All micro-tiles of one packed block: rows [0, rows) of the packed A (panels of MR), all {@code np} panels
     * of packed B, into {@code dst} (row stride {@code ldd}; whole micro-tiles are written, so {@code dst}
     * must have room for the padding unless {@code rows} is a multiple of MR).
     */
    private static void blocks(int rows, int np, int kc, float[] ap, float[] bp, float[] dst, int dOff, int ldd, boolean load) {
        final int ps = panelStride(kc);
        for (int ip = 0, i = 0; i < rows; ip++, i += MR) {
            int h = Math.min(MR, rows - i), ao = ip * kc * MR, d = dOff + i * ldd;
            if (h > 8) {
                for (int jp = 0; jp < np; jp++) micro(kc, ap, ao, bp, jp * ps, dst, d + jp * NR, ldd, load);
            } else if (h > 4) {
                for (int jp = 0; jp < np; jp++) micro8(kc, ap, ao, bp, jp * ps, dst, d + jp * NR, ldd, load);
            } else {
                for (int jp = 0; jp < np; jp++) micro4(kc, ap, ao, bp, jp * ps, dst, d + jp * NR, ldd, load);
            }
        }
    }

    // ------------------------------------------------------------------------------------ packing

    /** Packs op(B)[pc .. pc+kc) x [j0 .. j0+nc) into panels of NR columns: bp[jp*panelStride(kc) + p*NR + col]. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int j0, int nc, float[] bp) {
        for (int jp = 0, j = 0; j < nc; jp++, j += NR) {
            int w = Math.min(NR, nc - j), base = jp * panelStride(kc);
            if (!transB) {
                int src = bOff + pc * ldb + j0 + j;
                if (w == NR) {
                    for (int p = 0, d = base, s = src; p < kc; p++, d += NR, s += ldb) {
                        FloatVector.fromArray(SP, b, s).intoArray(bp, d);
                        FloatVector.fromArray(SP, b, s + L).intoArray(bp, d + L);
                    }
                } else {
                    for (int p = 0, d = base, s = src; p < kc; p++, d += NR, s += ldb) {
                        System.arraycopy(b, s, bp, d, w);
                        for (int q = w; q < NR; q++) bp[d + q] = 0f;
                    }
                }
            } else {
                // op(B)(p, j) = b[bOff + j*ldb + p]
                for (int col = 0; col < w; col++) {
                    int s = bOff + (j0 + j + col) * ldb + pc;
                    for (int p = 0, d = base + col; p < kc; p++, d += NR) bp[d] = b[s + p];
                }
                if (w < NR) {
                    for (int p = 0, d = base; p < kc; p++, d += NR) {
                        for (int q = w; q < NR; q++) bp[d + q] = 0f;
                    }
                }
            }
        }
    }

    /** Packs op(A)[i0 .. i0+mc) x [pc .. pc+kc) into panels of MR rows: ap[ip*kc*MR + p*MR + row]. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int pc, int kc, int i0, int mc, float[] ap) {
        for (int ip = 0, i = 0; i < mc; ip++, i += MR) {
            int h = Math.min(MR, mc - i), base = ip * kc * MR;
            if (!transA) {
                // op(A)(i, p) = a[aOff + i*lda + p]
                for (int r = 0; r < h; r++) {
                    int s = aOff + (i0 + i + r) * lda + pc;
                    for (int p = 0, d = base + r; p < kc; p++, d += MR) ap[d] = a[s + p];
                }
            } else {
                // op(A)(i, p) = a[aOff + p*lda + i]: MR consecutive floats per p
                int s = aOff + pc * lda + i0 + i;
                for (int p = 0, d = base; p < kc; p++, d += MR, s += lda) {
                    for (int r = 0; r < h; r++) ap[d + r] = a[s + r];
                }
            }
            if (h < MR) {
                for (int p = 0, d = base; p < kc; p++, d += MR) {
                    for (int r = h; r < MR; r++) ap[d + r] = 0f;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------- finishing

    private static void scaleRow(float[] c, int co, int n, float alpha) {
        int j = 0;
        for (int e = SP.loopBound(n); j < e; j += L) FloatVector.fromArray(SP, c, co + j).mul(alpha).intoArray(c, co + j);
        for (; j < n; j++) c[co + j] = alpha * c[co + j];
    }

    /** c = alpha * acc + beta * c (beta 0: c = alpha * acc; the old c is ignored), one row. */
    private static void finish(float[] acc, int ao, int n, float alpha, float beta, float[] c, int co) {
        int j = 0, e = SP.loopBound(n);
        if (beta == 0f) {
            if (alpha == 1f) {
                System.arraycopy(acc, ao, c, co, n);
                return;
            }
            for (; j < e; j += L) FloatVector.fromArray(SP, acc, ao + j).mul(alpha).intoArray(c, co + j);
            for (; j < n; j++) c[co + j] = alpha * acc[ao + j];
        } else {
            for (; j < e; j += L) {
                FloatVector s = FloatVector.fromArray(SP, acc, ao + j).mul(alpha);
                s.add(FloatVector.fromArray(SP, c, co + j).mul(beta)).intoArray(c, co + j);
            }
            for (; j < n; j++) c[co + j] = alpha * acc[ao + j] + beta * c[co + j];
        }
    }

    /** Narrow C: FMA dot products (the same chain as the packed path), four rows at a time for parallelism. */
    private static void dotTile(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc) {
        int ars = transA ? 1 : lda, acs = transA ? lda : 1;
        int brs = transB ? 1 : ldb, bcs = transB ? ldb : 1; // op(B)(p, j) = b[bOff + p*brs + j*bcs]
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int r0 = aOff + i * ars, r1 = r0 + ars, r2 = r1 + ars, r3 = r2 + ars;
            for (int j = j0; j < j1; j++) {
                int bc = bOff + j * bcs;
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                for (int p = 0; p < k; p++) {
                    float bv = b[bc + p * brs];
                    int o = p * acs;
                    s0 = Math.fma(a[r0 + o], bv, s0);
                    s1 = Math.fma(a[r1 + o], bv, s1);
                    s2 = Math.fma(a[r2 + o], bv, s2);
                    s3 = Math.fma(a[r3 + o], bv, s3);
                }
                put(c, cOff + i * ldc + j, s0, alpha, beta);
                put(c, cOff + (i + 1) * ldc + j, s1, alpha, beta);
                put(c, cOff + (i + 2) * ldc + j, s2, alpha, beta);
                put(c, cOff + (i + 3) * ldc + j, s3, alpha, beta);
            }
        }
        for (; i < i1; i++) {
            int r0 = aOff + i * ars;
            for (int j = j0; j < j1; j++) {
                int bc = bOff + j * bcs;
                float s = 0f;
                for (int p = 0; p < k; p++) s = Math.fma(a[r0 + p * acs], b[bc + p * brs], s);
                put(c, cOff + i * ldc + j, s, alpha, beta);
            }
        }
    }

    private static void put(float[] c, int ci, float s, float alpha, float beta) {
        if (beta == 0f) c[ci] = alpha == 1f ? s : alpha * s;
        else c[ci] = alpha * s + beta * c[ci];
    }

    // ------------------------------------------------------------------------------ micro-kernel

    /**
     * {@code C[12 x 2L] (+)= Apanel[12 x kc] * Bpanel[kc x 2L]} at {@code c[co]} with row stride {@code ldc};
     * starts from 0, or from the stored C when {@code load}; stores the raw sums.
     */
    static void micro(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc, boolean load) {
        final VectorSpecies<Float> sp = SP;
        final int l = L;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        FloatVector c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1;
        if (load) {
            int o = co;
            c00 = FloatVector.fromArray(sp, c, o); c01 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c10 = FloatVector.fromArray(sp, c, o); c11 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c20 = FloatVector.fromArray(sp, c, o); c21 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c30 = FloatVector.fromArray(sp, c, o); c31 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c40 = FloatVector.fromArray(sp, c, o); c41 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c50 = FloatVector.fromArray(sp, c, o); c51 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c60 = FloatVector.fromArray(sp, c, o); c61 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c70 = FloatVector.fromArray(sp, c, o); c71 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c80 = FloatVector.fromArray(sp, c, o); c81 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c90 = FloatVector.fromArray(sp, c, o); c91 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            ca0 = FloatVector.fromArray(sp, c, o); ca1 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            cb0 = FloatVector.fromArray(sp, c, o); cb1 = FloatVector.fromArray(sp, c, o + l);
        } else {
            FloatVector z = FloatVector.zero(sp);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z; c40 = z; c41 = z; c50 = z; c51 = z;
            c60 = z; c61 = z; c70 = z; c71 = z; c80 = z; c81 = z; c90 = z; c91 = z; ca0 = z; ca1 = z; cb0 = z; cb1 = z;
        }
        for (int p = 0, bi = bo, ai = ao; p < kc; p++, bi += 2 * l, ai += MR) {
            FloatVector b0 = FloatVector.fromArray(sp, bp, bi), b1 = FloatVector.fromArray(sp, bp, bi + l);
            FloatVector av;
            av = FloatVector.broadcast(sp, ap[ai]); c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(sp, ap[ai + 1]); c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(sp, ap[ai + 2]); c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(sp, ap[ai + 3]); c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(sp, ap[ai + 4]); c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(sp, ap[ai + 5]); c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(sp, ap[ai + 6]); c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(sp, ap[ai + 7]); c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(sp, ap[ai + 8]); c80 = av.fma(b0, c80); c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(sp, ap[ai + 9]); c90 = av.fma(b0, c90); c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(sp, ap[ai + 10]); ca0 = av.fma(b0, ca0); ca1 = av.fma(b1, ca1);
            av = FloatVector.broadcast(sp, ap[ai + 11]); cb0 = av.fma(b0, cb0); cb1 = av.fma(b1, cb1);
        }
        int o = co;
        c00.intoArray(c, o); c01.intoArray(c, o + l); o += ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + l); o += ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + l); o += ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + l); o += ldc;
        c40.intoArray(c, o); c41.intoArray(c, o + l); o += ldc;
        c50.intoArray(c, o); c51.intoArray(c, o + l); o += ldc;
        c60.intoArray(c, o); c61.intoArray(c, o + l); o += ldc;
        c70.intoArray(c, o); c71.intoArray(c, o + l); o += ldc;
        c80.intoArray(c, o); c81.intoArray(c, o + l); o += ldc;
        c90.intoArray(c, o); c91.intoArray(c, o + l); o += ldc;
        ca0.intoArray(c, o); ca1.intoArray(c, o + l); o += ldc;
        cb0.intoArray(c, o); cb1.intoArray(c, o + l);
    }

    /** As {@link #micro}, with the 12 rows of A read in place: row i at {@code ap[ao + ro[i] + p]}. */
    static void microU(int kc, float[] ap, int ao, int[] ro, float[] bp, int bo, float[] c, int co, int ldc, boolean load) {
        final VectorSpecies<Float> sp = SP;
        final int l = L;
        final int a1 = ro[1] - ro[0], a2 = ro[2] - ro[0], a3 = ro[3] - ro[0], a4 = ro[4] - ro[0], a5 = ro[5] - ro[0];
        final int a6 = ro[6] - ro[0], a7 = ro[7] - ro[0], a8 = ro[8] - ro[0], a9 = ro[9] - ro[0], a10 = ro[10] - ro[0];
        final int a11 = ro[11] - ro[0];
        ao += ro[0];
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        FloatVector c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1;
        if (load) {
            int o = co;
            c00 = FloatVector.fromArray(sp, c, o); c01 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c10 = FloatVector.fromArray(sp, c, o); c11 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c20 = FloatVector.fromArray(sp, c, o); c21 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c30 = FloatVector.fromArray(sp, c, o); c31 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c40 = FloatVector.fromArray(sp, c, o); c41 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c50 = FloatVector.fromArray(sp, c, o); c51 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c60 = FloatVector.fromArray(sp, c, o); c61 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c70 = FloatVector.fromArray(sp, c, o); c71 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c80 = FloatVector.fromArray(sp, c, o); c81 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c90 = FloatVector.fromArray(sp, c, o); c91 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            ca0 = FloatVector.fromArray(sp, c, o); ca1 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            cb0 = FloatVector.fromArray(sp, c, o); cb1 = FloatVector.fromArray(sp, c, o + l);
        } else {
            FloatVector z = FloatVector.zero(sp);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z; c40 = z; c41 = z; c50 = z; c51 = z;
            c60 = z; c61 = z; c70 = z; c71 = z; c80 = z; c81 = z; c90 = z; c91 = z; ca0 = z; ca1 = z; cb0 = z; cb1 = z;
        }
        for (int p = 0, bi = bo, ai = ao; p < kc; p++, bi += 2 * l, ai++) {
            FloatVector b0 = FloatVector.fromArray(sp, bp, bi), b1 = FloatVector.fromArray(sp, bp, bi + l);
            FloatVector av;
            av = FloatVector.broadcast(sp, ap[ai]); c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(sp, ap[ai + a1]); c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(sp, ap[ai + a2]); c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(sp, ap[ai + a3]); c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(sp, ap[ai + a4]); c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(sp, ap[ai + a5]); c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(sp, ap[ai + a6]); c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(sp, ap[ai + a7]); c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(sp, ap[ai + a8]); c80 = av.fma(b0, c80); c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(sp, ap[ai + a9]); c90 = av.fma(b0, c90); c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(sp, ap[ai + a10]); ca0 = av.fma(b0, ca0); ca1 = av.fma(b1, ca1);
            av = FloatVector.broadcast(sp, ap[ai + a11]); cb0 = av.fma(b0, cb0); cb1 = av.fma(b1, cb1);
        }
        int o = co;
        c00.intoArray(c, o); c01.intoArray(c, o + l); o += ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + l); o += ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + l); o += ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + l); o += ldc;
        c40.intoArray(c, o); c41.intoArray(c, o + l); o += ldc;
        c50.intoArray(c, o); c51.intoArray(c, o + l); o += ldc;
        c60.intoArray(c, o); c61.intoArray(c, o + l); o += ldc;
        c70.intoArray(c, o); c71.intoArray(c, o + l); o += ldc;
        c80.intoArray(c, o); c81.intoArray(c, o + l); o += ldc;
        c90.intoArray(c, o); c91.intoArray(c, o + l); o += ldc;
        ca0.intoArray(c, o); ca1.intoArray(c, o + l); o += ldc;
        cb0.intoArray(c, o); cb1.intoArray(c, o + l);
    }

    /** The first 8 rows of a packed A panel (row stride MR in the panel): as {@link #micro}, 8 rows of C. */
    static void micro8(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc, boolean load) {
        final VectorSpecies<Float> sp = SP;
        final int l = L;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            int o = co;
            c00 = FloatVector.fromArray(sp, c, o); c01 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c10 = FloatVector.fromArray(sp, c, o); c11 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c20 = FloatVector.fromArray(sp, c, o); c21 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c30 = FloatVector.fromArray(sp, c, o); c31 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c40 = FloatVector.fromArray(sp, c, o); c41 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c50 = FloatVector.fromArray(sp, c, o); c51 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c60 = FloatVector.fromArray(sp, c, o); c61 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c70 = FloatVector.fromArray(sp, c, o); c71 = FloatVector.fromArray(sp, c, o + l);
        } else {
            FloatVector z = FloatVector.zero(sp);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z; c60 = z; c61 = z; c70 = z; c71 = z;
        }
        for (int p = 0, bi = bo, ai = ao; p < kc; p++, bi += 2 * l, ai += MR) {
            FloatVector b0 = FloatVector.fromArray(sp, bp, bi), b1 = FloatVector.fromArray(sp, bp, bi + l);
            FloatVector av;
            av = FloatVector.broadcast(sp, ap[ai]); c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(sp, ap[ai + 1]); c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(sp, ap[ai + 2]); c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(sp, ap[ai + 3]); c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(sp, ap[ai + 4]); c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(sp, ap[ai + 5]); c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(sp, ap[ai + 6]); c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(sp, ap[ai + 7]); c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
        }
        int o = co;
        c00.intoArray(c, o); c01.intoArray(c, o + l); o += ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + l); o += ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + l); o += ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + l); o += ldc;
        c40.intoArray(c, o); c41.intoArray(c, o + l); o += ldc;
        c50.intoArray(c, o); c51.intoArray(c, o + l); o += ldc;
        c60.intoArray(c, o); c61.intoArray(c, o + l); o += ldc;
        c70.intoArray(c, o); c71.intoArray(c, o + l);
    }

    /** The first 4 rows of a packed A panel: as {@link #micro}, 4 rows of C. */
    static void micro4(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc, boolean load) {
        final VectorSpecies<Float> sp = SP;
        final int l = L;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        if (load) {
            int o = co;
            c00 = FloatVector.fromArray(sp, c, o); c01 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c10 = FloatVector.fromArray(sp, c, o); c11 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c20 = FloatVector.fromArray(sp, c, o); c21 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c30 = FloatVector.fromArray(sp, c, o); c31 = FloatVector.fromArray(sp, c, o + l);
        } else {
            FloatVector z = FloatVector.zero(sp);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
        }
        for (int p = 0, bi = bo, ai = ao; p < kc; p++, bi += 2 * l, ai += MR) {
            FloatVector b0 = FloatVector.fromArray(sp, bp, bi), b1 = FloatVector.fromArray(sp, bp, bi + l);
            FloatVector av;
            av = FloatVector.broadcast(sp, ap[ai]); c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(sp, ap[ai + 1]); c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(sp, ap[ai + 2]); c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(sp, ap[ai + 3]); c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
        }
        int o = co;
        c00.intoArray(c, o); c01.intoArray(c, o + l); o += ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + l); o += ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + l); o += ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + l);
    }

    /** As {@link #micro}, with row p of B read in place at {@code bp[bo + off[po + p]]} (two vectors). */
    static void microI(int kc, float[] ap, int ao, float[] bp, int bo, int[] off, int po, float[] c, int co, int ldc, boolean load) {
        final VectorSpecies<Float> sp = SP;
        final int l = L;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        FloatVector c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1;
        if (load) {
            int o = co;
            c00 = FloatVector.fromArray(sp, c, o); c01 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c10 = FloatVector.fromArray(sp, c, o); c11 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c20 = FloatVector.fromArray(sp, c, o); c21 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c30 = FloatVector.fromArray(sp, c, o); c31 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c40 = FloatVector.fromArray(sp, c, o); c41 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c50 = FloatVector.fromArray(sp, c, o); c51 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c60 = FloatVector.fromArray(sp, c, o); c61 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c70 = FloatVector.fromArray(sp, c, o); c71 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c80 = FloatVector.fromArray(sp, c, o); c81 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c90 = FloatVector.fromArray(sp, c, o); c91 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            ca0 = FloatVector.fromArray(sp, c, o); ca1 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            cb0 = FloatVector.fromArray(sp, c, o); cb1 = FloatVector.fromArray(sp, c, o + l);
        } else {
            FloatVector z = FloatVector.zero(sp);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z; c40 = z; c41 = z; c50 = z; c51 = z;
            c60 = z; c61 = z; c70 = z; c71 = z; c80 = z; c81 = z; c90 = z; c91 = z; ca0 = z; ca1 = z; cb0 = z; cb1 = z;
        }
        for (int p = 0, ai = ao; p < kc; p++, ai += MR) {
            int bi = bo + off[po + p];
            FloatVector b0 = FloatVector.fromArray(sp, bp, bi), b1 = FloatVector.fromArray(sp, bp, bi + l);
            FloatVector av;
            av = FloatVector.broadcast(sp, ap[ai]); c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(sp, ap[ai + 1]); c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(sp, ap[ai + 2]); c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(sp, ap[ai + 3]); c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(sp, ap[ai + 4]); c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(sp, ap[ai + 5]); c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(sp, ap[ai + 6]); c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(sp, ap[ai + 7]); c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(sp, ap[ai + 8]); c80 = av.fma(b0, c80); c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(sp, ap[ai + 9]); c90 = av.fma(b0, c90); c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(sp, ap[ai + 10]); ca0 = av.fma(b0, ca0); ca1 = av.fma(b1, ca1);
            av = FloatVector.broadcast(sp, ap[ai + 11]); cb0 = av.fma(b0, cb0); cb1 = av.fma(b1, cb1);
        }
        int o = co;
        c00.intoArray(c, o); c01.intoArray(c, o + l); o += ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + l); o += ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + l); o += ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + l); o += ldc;
        c40.intoArray(c, o); c41.intoArray(c, o + l); o += ldc;
        c50.intoArray(c, o); c51.intoArray(c, o + l); o += ldc;
        c60.intoArray(c, o); c61.intoArray(c, o + l); o += ldc;
        c70.intoArray(c, o); c71.intoArray(c, o + l); o += ldc;
        c80.intoArray(c, o); c81.intoArray(c, o + l); o += ldc;
        c90.intoArray(c, o); c91.intoArray(c, o + l); o += ldc;
        ca0.intoArray(c, o); ca1.intoArray(c, o + l); o += ldc;
        cb0.intoArray(c, o); cb1.intoArray(c, o + l);
    }

    /** As {@link #micro8}, B read in place as in {@link #microI}. */
    static void microI8(int kc, float[] ap, int ao, float[] bp, int bo, int[] off, int po, float[] c, int co, int ldc, boolean load) {
        final VectorSpecies<Float> sp = SP;
        final int l = L;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            int o = co;
            c00 = FloatVector.fromArray(sp, c, o); c01 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c10 = FloatVector.fromArray(sp, c, o); c11 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c20 = FloatVector.fromArray(sp, c, o); c21 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c30 = FloatVector.fromArray(sp, c, o); c31 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c40 = FloatVector.fromArray(sp, c, o); c41 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c50 = FloatVector.fromArray(sp, c, o); c51 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c60 = FloatVector.fromArray(sp, c, o); c61 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c70 = FloatVector.fromArray(sp, c, o); c71 = FloatVector.fromArray(sp, c, o + l);
        } else {
            FloatVector z = FloatVector.zero(sp);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z; c60 = z; c61 = z; c70 = z; c71 = z;
        }
        for (int p = 0, ai = ao; p < kc; p++, ai += MR) {
            int bi = bo + off[po + p];
            FloatVector b0 = FloatVector.fromArray(sp, bp, bi), b1 = FloatVector.fromArray(sp, bp, bi + l);
            FloatVector av;
            av = FloatVector.broadcast(sp, ap[ai]); c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(sp, ap[ai + 1]); c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(sp, ap[ai + 2]); c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(sp, ap[ai + 3]); c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(sp, ap[ai + 4]); c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(sp, ap[ai + 5]); c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(sp, ap[ai + 6]); c60 = av.fma(b0, c60); c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(sp, ap[ai + 7]); c70 = av.fma(b0, c70); c71 = av.fma(b1, c71);
        }
        int o = co;
        c00.intoArray(c, o); c01.intoArray(c, o + l); o += ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + l); o += ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + l); o += ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + l); o += ldc;
        c40.intoArray(c, o); c41.intoArray(c, o + l); o += ldc;
        c50.intoArray(c, o); c51.intoArray(c, o + l); o += ldc;
        c60.intoArray(c, o); c61.intoArray(c, o + l); o += ldc;
        c70.intoArray(c, o); c71.intoArray(c, o + l);
    }

    /** As {@link #micro4}, B read in place as in {@link #microI}. */
    static void microI4(int kc, float[] ap, int ao, float[] bp, int bo, int[] off, int po, float[] c, int co, int ldc, boolean load) {
        final VectorSpecies<Float> sp = SP;
        final int l = L;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        if (load) {
            int o = co;
            c00 = FloatVector.fromArray(sp, c, o); c01 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c10 = FloatVector.fromArray(sp, c, o); c11 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c20 = FloatVector.fromArray(sp, c, o); c21 = FloatVector.fromArray(sp, c, o + l); o += ldc;
            c30 = FloatVector.fromArray(sp, c, o); c31 = FloatVector.fromArray(sp, c, o + l);
        } else {
            FloatVector z = FloatVector.zero(sp);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
        }
        for (int p = 0, ai = ao; p < kc; p++, ai += MR) {
            int bi = bo + off[po + p];
            FloatVector b0 = FloatVector.fromArray(sp, bp, bi), b1 = FloatVector.fromArray(sp, bp, bi + l);
            FloatVector av;
            av = FloatVector.broadcast(sp, ap[ai]); c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(sp, ap[ai + 1]); c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(sp, ap[ai + 2]); c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(sp, ap[ai + 3]); c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
        }
        int o = co;
        c00.intoArray(c, o); c01.intoArray(c, o + l); o += ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + l); o += ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + l); o += ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + l);
    }

    /** One row of A (first row of a packed panel) times four B panels read in place as in {@link #microI}: 1 x 4*NR of C. */
    static void microI1(int kc, float[] ap, int ao, float[] bp, int bo, int[] off, int po, float[] c, int co, boolean load) {
        final VectorSpecies<Float> sp = SP;
        final int l = L;
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
        if (load) {
            c0 = FloatVector.fromArray(sp, c, co); c1 = FloatVector.fromArray(sp, c, co + l);
            c2 = FloatVector.fromArray(sp, c, co + 2 * l); c3 = FloatVector.fromArray(sp, c, co + 3 * l);
            c4 = FloatVector.fromArray(sp, c, co + 4 * l); c5 = FloatVector.fromArray(sp, c, co + 5 * l);
            c6 = FloatVector.fromArray(sp, c, co + 6 * l); c7 = FloatVector.fromArray(sp, c, co + 7 * l);
        } else {
            FloatVector z = FloatVector.zero(sp);
            c0 = z; c1 = z; c2 = z; c3 = z; c4 = z; c5 = z; c6 = z; c7 = z;
        }
        for (int p = 0, ai = ao; p < kc; p++, ai += MR) {
            int bi = bo + off[po + p];
            FloatVector av = FloatVector.broadcast(sp, ap[ai]);
            c0 = av.fma(FloatVector.fromArray(sp, bp, bi), c0);
            c1 = av.fma(FloatVector.fromArray(sp, bp, bi + l), c1);
            c2 = av.fma(FloatVector.fromArray(sp, bp, bi + 2 * l), c2);
            c3 = av.fma(FloatVector.fromArray(sp, bp, bi + 3 * l), c3);
            c4 = av.fma(FloatVector.fromArray(sp, bp, bi + 4 * l), c4);
            c5 = av.fma(FloatVector.fromArray(sp, bp, bi + 5 * l), c5);
            c6 = av.fma(FloatVector.fromArray(sp, bp, bi + 6 * l), c6);
            c7 = av.fma(FloatVector.fromArray(sp, bp, bi + 7 * l), c7);
        }
        c0.intoArray(c, co); c1.intoArray(c, co + l); c2.intoArray(c, co + 2 * l); c3.intoArray(c, co + 3 * l);
        c4.intoArray(c, co + 4 * l); c5.intoArray(c, co + 5 * l); c6.intoArray(c, co + 6 * l); c7.intoArray(c, co + 7 * l);
    }
}
