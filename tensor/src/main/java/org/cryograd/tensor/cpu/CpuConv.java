package org.cryograd.tensor.cpu;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.cryograd.tensor.spi.ConvGeometry;

/**
 * 1-, 2- and 3-D convolution on the CPU (zero padding, groups, stride), expressed in 3-D through
 * {@link ConvGeometry}. All tensors are contiguous row-major {@code float[]}.
 *
 * <p>Every pass is an implicit GEMM over tiles: for each (sample, group, tile of positions) a column
 * tile is gathered into a bounded per-thread workspace (at most 2^20 floats = 4 MiB,
 * reused across calls) and multiplied with the weight by {@link CpuGemm#sgemmSerial}. No full im2col
 * matrix is ever built.
 * <ul>
 *   <li>{@link #forward}: tiles of output positions, {@code y[coutG, tile] = W_g[coutG, cinG*ks] * col}.</li>
 *   <li>{@link #backwardData}: tiles of <em>input</em> positions in gather form, one stride phase at a
 *       time, {@code gx[cinG, tile] = Wr_phase[cinG, coutG*taps] * gcol}, where {@code gcol} holds for
 *       each input position the output gradients that reach it (zero where none does). Every tile
 *       owns its outputs: no scatter-add, so no races.</li>
 *   <li>{@link #backwardWeight}: (sample, tile) work items split into a fixed number of chunks (at most
 *       64, fewer for large weights), each accumulating into its own weight-sized
 *       partial, summed in chunk order.</li>
 * </ul>
 * Work is split only by problem sizes, never by thread count, so results are bit-identical for any
 * {@link Parallel#setThreads(int) thread count}.
 */
public final class CpuConv {
    /** Per-thread column workspace cap in floats (4 MiB). */
    static final int WORKSPACE_CAP_FLOATS = 1 << 20;
    /** Longest tile of positions (matches the GEMM column tile). */
    static final int TILE_MAX = 512;
    /** Shortest tile of positions before the channel reduction is blocked instead. */
    static final int TILE_MIN = 64;
    /** Most partial sums in {@link #backwardWeight}. */
    static final int MAX_WEIGHT_CHUNKS = 64;
    /** Budget in floats for all partial weight gradients of one {@link #backwardWeight} call (64 MiB). */
    static final int PARTIAL_BUDGET_FLOATS = 1 << 24;

    private static final ThreadLocal<float[]> WORKSPACE = new ThreadLocal<>();
    private static final AtomicLong MAX_WORKSPACE = new AtomicLong();

    private CpuConv() {}

    // ------------------------------------------------------------------------------------------ API

    /**
     * Convolution forward pass.
     *
     * @param x    input {@code [n, cin, in...]}
     * @param w    weight {@code [cout, cin/groups, kernel...]}
     * @param bias bias {@code [cout]}, or null
     * @param y    output {@code [n, cout, out...]}, overwritten
     * @param g    the geometry
     */
    public static void forward(float[] x, float[] w, float[] bias, float[] y, ConvGeometry g) {
        Geo q = new Geo(g);
        checkLen("x", x, (long) q.n * q.cin * q.inSize);
        checkLen("w", w, (long) q.cout * q.cinG * q.ks);
        checkLen("y", y, (long) q.n * q.cout * q.outSize);
        if (bias != null) checkLen("bias", bias, q.cout);
        final int kFull = q.cinG * q.ks;
        final boolean direct = q.pointwise();
        final int tl = direct ? Math.min(TILE_MAX, q.outSize) : tileLen(kFull, q.outSize);
        final int cb = direct ? q.cinG : channelBlock(q.cinG, q.ks, tl);
        final int tiles = ceilDiv(q.outSize, tl);
        int chunks = chunkCount((long) q.n * q.groups * tiles);
        Parallel.forChunks(chunks, c -> {
            int t = c % tiles, sg = c / tiles, grp = sg % q.groups, s = sg / q.groups;
            int q0 = t * tl, len = Math.min(tl, q.outSize - q0);
            int yOff = (s * q.cout + grp * q.coutG) * q.outSize + q0;
            int xOff = (s * q.cin + grp * q.cinG) * q.inSize;
            int wOff = grp * q.coutG * kFull;
            if (direct) {
                CpuGemm.sgemmSerial(false, false, q.coutG, len, q.cinG, 1f, w, wOff, q.cinG,
                        x, xOff + q0, q.inSize, 0f, y, yOff, q.outSize);
            } else if (q.cinG == 0) {
                CpuGemm.sgemmSerial(false, false, q.coutG, len, 0, 1f, w, 0, 1, y, 0, len, 0f, y, yOff, q.outSize);
            } else {
                float[] col = workspace(cb * q.ks * tl);
                for (int c0 = 0; c0 < q.cinG; c0 += cb) {
                    int nc = Math.min(cb, q.cinG - c0);
                    gatherInput(q, x, xOff + c0 * q.inSize, nc, q0, len, col);
                    CpuGemm.sgemmSerial(false, false, q.coutG, len, nc * q.ks, 1f, w, wOff + c0 * q.ks, kFull,
                            col, 0, len, c0 == 0 ? 0f : 1f, y, yOff, q.outSize);
                }
            }
            if (bias != null) {
                for (int co = 0; co < q.coutG; co++) {
                    float bv = bias[grp * q.coutG + co];
                    int r = yOff + co * q.outSize;
                    for (int j = 0; j < len; j++) y[r + j] += bv;
                }
            }
        });
    }

    /**
     * Gradient with respect to the input (also the forward pass of a transposed convolution).
     * {@code in} may be larger than the standard output formula implies; input positions that no
     * output reaches get 0.
     *
     * <p>Gather form: input positions are split into the {@code stride[0]*stride[1]*stride[2]} phases
     * {@code (i + padding) mod stride}; within a phase only the kernel taps of the same phase can reach
     * an input position, and they read the output gradient at unit stride. Each tile of one phase's
     * positions is computed as {@code Wr_phase[cinG, coutG*taps] * gcol} and written to the positions
     * it owns, so no two tiles touch the same element.
     *
     * @param gy output gradient {@code [n, cout, out...]}
     * @param w  weight {@code [cout, cin/groups, kernel...]}
     * @param gx input gradient {@code [n, cin, in...]}, overwritten
     * @param g  the geometry
     */
    public static void backwardData(float[] gy, float[] w, float[] gx, ConvGeometry g) {
        Geo q = new Geo(g);
        checkLen("gy", gy, (long) q.n * q.cout * q.outSize);
        checkLen("w", w, (long) q.cout * q.cinG * q.ks);
        checkLen("gx", gx, (long) q.n * q.cin * q.inSize);
        if (q.pointwise()) {
            backwardDataPointwise(q, gy, w, gx);
            return;
        }
        final Phase[] phases = Phase.all(q);
        final int wGroup = q.cinG * q.coutG * q.ks;
        // wr[grp][phase][ci][co*nk + t] = w[grp*coutG + co][ci][tap of phase t]
        final float[] wr = new float[q.groups * wGroup];
        int nkMax = 0, sizeMax = 0;
        for (Phase ph : phases) {
            nkMax = Math.max(nkMax, ph.nk);
            sizeMax = Math.max(sizeMax, ph.size);
            for (int grp = 0; grp < q.groups; grp++) {
                int base = grp * wGroup + ph.wrOff;
                for (int ci = 0; ci < q.cinG; ci++) {
                    for (int co = 0; co < q.coutG; co++) {
                        int src = ((grp * q.coutG + co) * q.cinG + ci) * q.ks;
                        int dst = base + (ci * q.coutG + co) * ph.nk;
                        for (int t = 0; t < ph.nk; t++) wr[dst + t] = w[src + ph.taps[t]];
                    }
                }
            }
        }
        final boolean direct = phases.length == 1; // all strides 1: the phase is the whole input grid
        final int tmpRows = direct ? 0 : q.cinG;
        int t0 = tileLen(q.coutG * Math.max(1, nkMax) + tmpRows, Math.max(1, sizeMax));
        if ((long) (Math.max(1, nkMax) + tmpRows) * t0 > WORKSPACE_CAP_FLOATS)
            t0 = Math.max(1, WORKSPACE_CAP_FLOATS / (Math.max(1, nkMax) + tmpRows));
        final int tl = t0;
        final int cb = Math.max(1, Math.min(q.coutG, (WORKSPACE_CAP_FLOATS / tl - tmpRows) / Math.max(1, nkMax)));
        final int colFloats = cb * Math.max(1, nkMax) * tl;
        // tiles of every phase, one after the other; the same list for every (sample, group)
        int[] firstTile = new int[phases.length + 1];
        for (int i = 0; i < phases.length; i++) firstTile[i + 1] = firstTile[i] + ceilDiv(phases[i].size, tl);
        final int tilesPerSG = firstTile[phases.length];
        int chunks = chunkCount((long) q.n * q.groups * tilesPerSG);
        Parallel.forChunks(chunks, c -> {
            int tile = c % tilesPerSG, sg = c / tilesPerSG, grp = sg % q.groups, s = sg / q.groups;
            int pi = 0;
            while (firstTile[pi + 1] <= tile) pi++;
            Phase ph = phases[pi];
            int p0 = (tile - firstTile[pi]) * tl, len = Math.min(tl, ph.size - p0);
            int gxOff = (s * q.cin + grp * q.cinG) * q.inSize;
            int gyOff = (s * q.cout + grp * q.coutG) * q.outSize;
            int wOff = grp * wGroup + ph.wrOff;
            int kd = q.coutG * ph.nk;
            float[] ws = workspace(colFloats + tmpRows * tl);
            float[] out = direct ? gx : ws;
            int outOff = direct ? gxOff + p0 : colFloats;
            int ldOut = direct ? q.inSize : len;
            if (ph.nk == 0 || q.coutG == 0) { // nothing reaches these positions
                CpuGemm.sgemmSerial(false, false, q.cinG, len, 0, 1f, wr, 0, 1, ws, 0, len, 0f, out, outOff, ldOut);
            }
            for (int c0 = 0; ph.nk > 0 && c0 < q.coutG; c0 += cb) {
                int nc = Math.min(cb, q.coutG - c0);
                gatherPhase(q, ph, gy, gyOff + c0 * q.outSize, nc, p0, len, ws);
                CpuGemm.sgemmSerial(false, false, q.cinG, len, nc * ph.nk, 1f, wr, wOff + c0 * ph.nk, kd,
                        ws, 0, len, c0 == 0 ? 0f : 1f, out, outOff, ldOut);
            }
            if (!direct) scatterPhase(q, ph, ws, colFloats, len, p0, gx, gxOff);
        });
    }

    /** 1x1 kernel, unit stride, no padding: {@code gx_g = W_g^T * gy_g} straight from the arrays. */
    private static void backwardDataPointwise(Geo q, float[] gy, float[] w, float[] gx) {
        final int tl = Math.min(TILE_MAX, q.inSize);
        final int tiles = ceilDiv(q.inSize, tl);
        int chunks = chunkCount((long) q.n * q.groups * tiles);
        Parallel.forChunks(chunks, c -> {
            int t = c % tiles, sg = c / tiles, grp = sg % q.groups, s = sg / q.groups;
            int q0 = t * tl, len = Math.min(tl, q.inSize - q0);
            // W_g is [coutG, cinG] at grp*coutG*cinG: op(A) = W_g^T
            CpuGemm.sgemmSerial(true, false, q.cinG, len, q.coutG, 1f, w, grp * q.coutG * q.cinG, q.cinG,
                    gy, (s * q.cout + grp * q.coutG) * q.outSize + q0, q.outSize, 0f,
                    gx, (s * q.cin + grp * q.cinG) * q.inSize + q0, q.inSize);
        });
    }

    /**
     * Gradient with respect to the weight (the bias gradient is not computed here).
     *
     * @param x  input {@code [n, cin, in...]}
     * @param gy output gradient {@code [n, cout, out...]}
     * @param gw weight gradient {@code [cout, cin/groups, kernel...]}, overwritten
     * @param g  the geometry
     */
    public static void backwardWeight(float[] x, float[] gy, float[] gw, ConvGeometry g) {
        Geo q = new Geo(g);
        checkLen("x", x, (long) q.n * q.cin * q.inSize);
        checkLen("gy", gy, (long) q.n * q.cout * q.outSize);
        checkLen("gw", gw, (long) q.cout * q.cinG * q.ks);
        final int kFull = q.cinG * q.ks;
        final int wsz = q.cout * kFull;
        final boolean direct = q.pointwise();
        final int tl = direct ? Math.min(TILE_MAX, q.outSize) : tileLen(kFull, q.outSize);
        final int cb = direct ? q.cinG : channelBlock(q.cinG, q.ks, tl);
        final int tilesPerSample = ceilDiv(q.outSize, tl);
        final long items = (long) q.n * tilesPerSample;
        if (items == 0) {
            Arrays.fill(gw, 0, wsz, 0f);
            return;
        }
        final int chunks = weightChunks(items, wsz);
        final float[][] partials = new float[chunks - 1][];
        for (int i = 0; i < chunks - 1; i++) partials[i] = new float[wsz];
        Parallel.forChunks(chunks, c -> {
            float[] dst = c == 0 ? gw : partials[c - 1];
            long i0 = items * c / chunks, i1 = items * (c + 1) / chunks;
            float[] col = direct ? null : workspace(cb * q.ks * tl);
            for (long item = i0; item < i1; item++) {
                int s = (int) (item / tilesPerSample), t = (int) (item % tilesPerSample);
                int q0 = t * tl, len = Math.min(tl, q.outSize - q0);
                float beta = item == i0 ? 0f : 1f;
                for (int grp = 0; grp < q.groups; grp++) {
                    int gyOff = (s * q.cout + grp * q.coutG) * q.outSize + q0;
                    int xOff = (s * q.cin + grp * q.cinG) * q.inSize;
                    int gwOff = grp * q.coutG * kFull;
                    if (direct) {
                        CpuGemm.sgemmSerial(false, true, q.coutG, q.cinG, len, 1f, gy, gyOff, q.outSize,
                                x, xOff + q0, q.inSize, beta, dst, gwOff, kFull);
                        continue;
                    }
                    for (int c0 = 0; c0 < q.cinG; c0 += cb) {
                        int nc = Math.min(cb, q.cinG - c0);
                        gatherInput(q, x, xOff + c0 * q.inSize, nc, q0, len, col);
                        CpuGemm.sgemmSerial(false, true, q.coutG, nc * q.ks, len, 1f, gy, gyOff, q.outSize,
                                col, 0, len, beta, dst, gwOff + c0 * q.ks, kFull);
                    }
                }
            }
        });
        if (chunks > 1) {
            Parallel.forRange(wsz, 8192, (e0, e1) -> {
                for (float[] p : partials) {
                    for (int e = e0; e < e1; e++) gw[e] += p[e];
                }
            });
        }
    }

    // ------------------------------------------------------------------------------ package-private

    /** Floats in the calling thread's column workspace (0 if it has none yet). */
    static int workspaceFloats() {
        float[] w = WORKSPACE.get();
        return w == null ? 0 : w.length;
    }

    /** The largest column workspace (floats) any thread has allocated since class load. */
    static long maxWorkspaceFloats() {
        return MAX_WORKSPACE.get();
    }

    /** Tile length for a reduction of {@code k} rows over {@code positions} positions. */
    static int tileLen(int k, int positions) {
        int t = Math.min(TILE_MAX, Math.max(TILE_MIN, WORKSPACE_CAP_FLOATS / Math.max(1, k)));
        if (t >= 32) t &= ~15;
        return Math.max(1, Math.min(t, positions));
    }

    /** Number of partial sums {@link #backwardWeight} uses for {@code items} work items. */
    static int weightChunks(long items, int weightSize) {
        long byMem = Math.max(1, PARTIAL_BUDGET_FLOATS / Math.max(1, weightSize));
        return (int) Math.max(1, Math.min(Math.min(MAX_WEIGHT_CHUNKS, items), byMem));
    }

    // ------------------------------------------------------------------------------------- helpers

    /** Channels gathered at once so that {@code channels * ks * tl} stays within the workspace cap. */
    private static int channelBlock(int channels, int ks, int tl) {
        long per = (long) ks * tl;
        return (int) Math.max(1, Math.min(channels, WORKSPACE_CAP_FLOATS / per));
    }

    private static float[] workspace(int floats) {
        float[] w = WORKSPACE.get();
        if (w == null || w.length < floats) {
            w = new float[floats];
            WORKSPACE.set(w);
            MAX_WORKSPACE.accumulateAndGet(floats, Math::max);
        }
        return w;
    }

    private static int chunkCount(long chunks) {
        if (chunks > Integer.MAX_VALUE) throw new IllegalArgumentException("convolution: problem too large");
        return (int) chunks;
    }

    private static int ceilDiv(int x, int y) {
        return (int) (((long) x + y - 1) / y);
    }

    private static void checkLen(String name, float[] a, long need) {
        if (a == null) throw new NullPointerException("convolution: " + name + " is null");
        if (a.length < need)
            throw new IllegalArgumentException("convolution: " + name + " has " + a.length + " elements, needs " + need);
    }

    /**
     * Gathers the input column tile for output positions {@code [q0, q0 + len)}:
     * {@code col[(ci*ks + tap)*len + j] = x[xOff + ci*inSize + input position of (q0 + j, tap)]}, or 0 in
     * the padding.
     */
    private static void gatherInput(Geo q, float[] x, int xOff, int nch, int q0, int len, float[] col) {
        final int ohw = q.oh * q.ow, tapStride = q.ks * len;
        int tap = 0;
        for (int kz = 0; kz < q.kd; kz++) {
            for (int ky = 0; ky < q.kh; ky++) {
                for (int kx = 0; kx < q.kw; kx++, tap++) {
                    int oz = q0 / ohw, r = q0 - oz * ohw, oy = r / q.ow, ox = r - oy * q.ow;
                    int pos = 0;
                    while (pos < len) {
                        int run = Math.min(len - pos, q.ow - ox);
                        int dst = tap * len + pos;
                        int iz = oz * q.sd - q.pd + kz, iy = oy * q.sh - q.ph + ky;
                        if (iz < 0 || iz >= q.id || iy < 0 || iy >= q.ih) {
                            for (int ci = 0, d = dst; ci < nch; ci++, d += tapStride) Arrays.fill(col, d, d + run, 0f);
                        } else {
                            int ix0 = ox * q.sw - q.pw + kx;
                            int jlo = ix0 >= 0 ? 0 : (-ix0 + q.sw - 1) / q.sw;
                            int jhi = ix0 >= q.iw ? 0 : (q.iw - 1 - ix0) / q.sw + 1;
                            jlo = Math.min(jlo, run);
                            jhi = Math.max(jlo, Math.min(jhi, run));
                            int src = xOff + (iz * q.ih + iy) * q.iw + ix0;
                            for (int ci = 0, d = dst, sc = src; ci < nch; ci++, d += tapStride, sc += q.inSize) {
                                if (jlo > 0) Arrays.fill(col, d, d + jlo, 0f);
                                if (q.sw == 1) {
                                    if (jhi > jlo) System.arraycopy(x, sc + jlo, col, d + jlo, jhi - jlo);
                                } else {
                                    for (int j = jlo; j < jhi; j++) col[d + j] = x[sc + j * q.sw];
                                }
                                if (jhi < run) Arrays.fill(col, d + jhi, d + run, 0f);
                            }
                        }
                        pos += run;
                        ox = 0;
                        if (++oy == q.oh) {
                            oy = 0;
                            oz++;
                        }
                    }
                }
            }
        }
    }

    /**
     * Gathers the output-gradient column tile for positions {@code [p0, p0 + len)} of a phase's
     * sub-grid: {@code col[(co*nk + t)*len + j] = gy[gyOff + co*outSize + o]} where {@code o} is the
     * output position whose phase tap {@code t} reads that input position, or 0 where there is none.
     * Along the sub-grid, {@code o = u + mlo - tapStep} in every dimension (unit stride).
     */
    private static void gatherPhase(Geo q, Phase ph, float[] gy, int gyOff, int nch, int p0, int len, float[] col) {
        final int nyx = ph.cnt[1] * ph.cnt[2], nx = ph.cnt[2], tapStride = ph.nk * len;
        int t = 0;
        for (int tz = 0; tz < ph.nks[0]; tz++) {
            for (int ty = 0; ty < ph.nks[1]; ty++) {
                for (int tx = 0; tx < ph.nks[2]; tx++, t++) {
                    int uz = p0 / nyx, r = p0 - uz * nyx, uy = r / nx, ux = r - uy * nx;
                    int pos = 0;
                    while (pos < len) {
                        int run = Math.min(len - pos, nx - ux);
                        int dst = t * len + pos;
                        int oz = uz + ph.mlo[0] - tz, oy = uy + ph.mlo[1] - ty;
                        if (oz < 0 || oz >= q.od || oy < 0 || oy >= q.oh) {
                            for (int ci = 0, d = dst; ci < nch; ci++, d += tapStride) Arrays.fill(col, d, d + run, 0f);
                        } else {
                            int ox0 = ux + ph.mlo[2] - tx;
                            int jlo = Math.min(run, Math.max(0, -ox0));
                            int jhi = Math.max(jlo, Math.min(run, q.ow - ox0));
                            int src = gyOff + (oz * q.oh + oy) * q.ow + ox0;
                            for (int ci = 0, d = dst, sc = src; ci < nch; ci++, d += tapStride, sc += q.outSize) {
                                if (jlo > 0) Arrays.fill(col, d, d + jlo, 0f);
                                if (jhi > jlo) System.arraycopy(gy, sc + jlo, col, d + jlo, jhi - jlo);
                                if (jhi < run) Arrays.fill(col, d + jhi, d + run, 0f);
                            }
                        }
                        pos += run;
                        ux = 0;
                        if (++uy == ph.cnt[1]) {
                            uy = 0;
                            uz++;
                        }
                    }
                }
            }
        }
    }

    /** Writes the {@code [cinG, len]} result tile at {@code tmp[tmpOff]} to the phase positions it owns. */
    private static void scatterPhase(Geo q, Phase ph, float[] tmp, int tmpOff, int len, int p0, float[] gx, int gxOff) {
        final int nyx = ph.cnt[1] * ph.cnt[2], nx = ph.cnt[2];
        int uz = p0 / nyx, r = p0 - uz * nyx, uy = r / nx, ux = r - uy * nx;
        int pos = 0;
        while (pos < len) {
            int run = Math.min(len - pos, nx - ux);
            int iz = ph.first[0] + q.sd * uz, iy = ph.first[1] + q.sh * uy, ix = ph.first[2] + q.sw * ux;
            int base = gxOff + (iz * q.ih + iy) * q.iw + ix;
            for (int ci = 0; ci < q.cinG; ci++) {
                int src = tmpOff + ci * len + pos, d = base + ci * q.inSize;
                for (int j = 0; j < run; j++, d += q.sw) gx[d] = tmp[src + j];
            }
            pos += run;
            ux = 0;
            if (++uy == ph.cnt[1]) {
                uy = 0;
                uz++;
            }
        }
    }

    /**
     * One phase of the input grid for {@link #backwardData}: the input positions
     * {@code i = first + stride*u} ({@code 0 <= u < cnt}) per dimension, all reached only by the kernel
     * taps {@code k = phase + stride*t} ({@code 0 <= t < nks}), from output {@code o = u + mlo - t}.
     */
    private static final class Phase {
        final int[] nks = new int[3], cnt = new int[3], mlo = new int[3], first = new int[3];
        int nk, size, wrOff;
        int[] taps;

        static Phase[] all(Geo q) {
            int[] s = {q.sd, q.sh, q.sw}, k = {q.kd, q.kh, q.kw}, p = {q.pd, q.ph, q.pw}, in = {q.id, q.ih, q.iw};
            Phase[] res = new Phase[s[0] * s[1] * s[2]];
            int idx = 0, wrOff = 0;
            for (int fz = 0; fz < s[0]; fz++) {
                for (int fy = 0; fy < s[1]; fy++) {
                    for (int fx = 0; fx < s[2]; fx++) {
                        Phase ph = new Phase();
                        int[] f = {fz, fy, fx};
                        for (int d = 0; d < 3; d++) {
                            ph.nks[d] = f[d] < k[d] ? (k[d] - 1 - f[d]) / s[d] + 1 : 0;
                            // i = f - p + s*m >= 0 and < in
                            int lo = -Math.floorDiv(f[d] - p[d], s[d]);
                            int hi = -Math.floorDiv(-(in[d] - f[d] + p[d]), s[d]);
                            ph.mlo[d] = lo;
                            ph.cnt[d] = Math.max(0, hi - lo);
                            ph.first[d] = f[d] - p[d] + s[d] * lo;
                        }
                        ph.nk = ph.nks[0] * ph.nks[1] * ph.nks[2];
                        ph.size = ph.cnt[0] * ph.cnt[1] * ph.cnt[2];
                        ph.taps = new int[ph.nk];
                        int t = 0;
                        for (int tz = 0; tz < ph.nks[0]; tz++) {
                            for (int ty = 0; ty < ph.nks[1]; ty++) {
                                for (int tx = 0; tx < ph.nks[2]; tx++) {
                                    ph.taps[t++] = ((fz + s[0] * tz) * k[1] + fy + s[1] * ty) * k[2] + fx + s[2] * tx;
                                }
                            }
                        }
                        ph.wrOff = wrOff;
                        wrOff += q.cinG * q.coutG * ph.nk;
                        res[idx++] = ph;
                    }
                }
            }
            return res;
        }
    }

    /** Unpacked geometry. */
    private static final class Geo {
        final int n, cin, cout, groups, cinG, coutG, ks, inSize, outSize;
        final int id, ih, iw, od, oh, ow, kd, kh, kw, sd, sh, sw, pd, ph, pw;

        Geo(ConvGeometry g) {
            n = g.n();
            cin = g.cin();
            cout = g.cout();
            groups = g.groups();
            cinG = g.cinPerGroup();
            coutG = g.coutPerGroup();
            ks = g.kernelSize();
            id = g.in()[0];
            ih = g.in()[1];
            iw = g.in()[2];
            od = g.out()[0];
            oh = g.out()[1];
            ow = g.out()[2];
            kd = g.kernel()[0];
            kh = g.kernel()[1];
            kw = g.kernel()[2];
            sd = g.stride()[0];
            sh = g.stride()[1];
            sw = g.stride()[2];
            pd = g.padding()[0];
            ph = g.padding()[1];
            pw = g.padding()[2];
            long in = (long) id * ih * iw, out = (long) od * oh * ow;
            if (n < 0 || in > Integer.MAX_VALUE || out > Integer.MAX_VALUE)
                throw new IllegalArgumentException("convolution: sizes too large " + g);
            inSize = (int) in;
            outSize = (int) out;
        }

        /** 1x1x1 kernel, stride 1, no padding, input and output of the same size: the input is its own column matrix. */
        boolean pointwise() {
            return ks == 1 && sd == 1 && sh == 1 && sw == 1 && pd == 0 && ph == 0 && pw == 0
                    && id == od && ih == oh && iw == ow;
        }
    }
}
