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
 *
 * <p>That is the scalar path (with {@link CpuGemm#SCALAR}). With the SIMD GEMM kernel ({@link CpuSimd}) the passes
 * avoid the column workspace round trip; the choice depends only on the geometry:
 * <ul>
 *   <li>unit strides (all three): a direct convolution over zero-padded slabs ({@code Direct}): per tile of output
 *       rows the source rows are copied once into a padded slab, and the micro-kernel reads every column-matrix row
 *       in place at a fixed offset ({@link CpuGemm.Kernel#gemmSlab}; the weight gradient reads them as rows of A,
 *       {@link CpuGemm.Kernel#microRows}). Output columns past the row end are computed and dropped.</li>
 *   <li>other strides: the column matrix is gathered block by block straight into the GEMM's packed panels
 *       ({@link CpuGemm.Kernel#gemmPanels}); with at most {@link #SMALL_M} output channels per group the rows are
 *       instead streamed through {@link CpuGemm.Kernel#fmaRuns}; the weight gradient gathers 12 rows at a time
 *       for {@link CpuGemm.Kernel#microRows}.</li>
 *   <li>1x1 kernels: the input is its own column matrix, as in the scalar path.</li>
 * </ul>
 * In the forward and data-gradient passes every output is one FMA chain over the column-matrix rows in order,
 * padding zeros included, whichever SIMD path computed it; all workspaces stay under the same per-thread cap.
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
        forward(CpuGemm.KERNEL, x, w, bias, y, g);
    }

    /** {@link #forward} with an explicit GEMM kernel: its packed-panel path when it has one, else gather + GEMM. */
    static void forward(CpuGemm.Kernel kern, float[] x, float[] w, float[] bias, float[] y, ConvGeometry g) {
        Geo q = new Geo(g);
        checkLen("x", x, (long) q.n * q.cin * q.inSize);
        checkLen("w", w, (long) q.cout * q.cinG * q.ks);
        checkLen("y", y, (long) q.n * q.cout * q.outSize);
        if (bias != null) checkLen("bias", bias, q.cout);
        final int kFull = q.cinG * q.ks;
        final boolean direct = q.pointwise();
        if (!direct && kern.panelWidth() > 0) {
            Direct d = Direct.forward(kern, q);
            if (d != null) slabPass(kern, d, q, x, q.cinG * q.inSize, w, q.coutG * kFull, kFull, q.coutG, bias, y, q.outSize);
            else forwardPanels(kern, q, x, w, bias, y);
            return;
        }
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
                CpuGemm.sgemmSerial(kern, false, false, q.coutG, len, q.cinG, 1f, w, wOff, q.cinG,
                        x, xOff + q0, q.inSize, 0f, y, yOff, q.outSize);
            } else if (q.cinG == 0) {
                CpuGemm.sgemmSerial(kern, false, false, q.coutG, len, 0, 1f, w, 0, 1, y, 0, len, 0f, y, yOff, q.outSize);
            } else {
                float[] col = workspace(cb * q.ks * tl);
                for (int c0 = 0; c0 < q.cinG; c0 += cb) {
                    int nc = Math.min(cb, q.cinG - c0);
                    gatherInput(q, x, xOff + c0 * q.inSize, nc, q0, len, col);
                    CpuGemm.sgemmSerial(kern, false, false, q.coutG, len, nc * q.ks, 1f, w, wOff + c0 * q.ks, kFull,
                            col, 0, len, c0 == 0 ? 0f : 1f, y, yOff, q.outSize);
                }
            }
            if (bias != null) addBias(q, bias, grp, y, yOff, len);
        });
    }

    private static void addBias(Geo q, float[] bias, int grp, float[] y, int yOff, int len) {
        for (int co = 0; co < q.coutG; co++) {
            float bv = bias[grp * q.coutG + co];
            int r = yOff + co * q.outSize;
            for (int j = 0; j < len; j++) y[r + j] += bv;
        }
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
        backwardData(CpuGemm.KERNEL, gy, w, gx, g);
    }

    /** {@link #backwardData} with an explicit GEMM kernel. */
    static void backwardData(CpuGemm.Kernel kern, float[] gy, float[] w, float[] gx, ConvGeometry g) {
        Geo q = new Geo(g);
        checkLen("gy", gy, (long) q.n * q.cout * q.outSize);
        checkLen("w", w, (long) q.cout * q.cinG * q.ks);
        checkLen("gx", gx, (long) q.n * q.cin * q.inSize);
        if (q.pointwise()) {
            backwardDataPointwise(kern, q, gy, w, gx);
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
        if (kern.panelWidth() > 0) {
            Direct d = direct ? Direct.backwardData(kern, q) : null;
            if (d != null) slabPass(kern, d, q, gy, q.coutG * q.outSize, wr, wGroup, q.coutG * q.ks, q.cinG, null, gx, q.inSize);
            else backwardDataPanels(kern, q, phases, wr, wGroup, sizeMax, direct, gy, gx);
            return;
        }
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
                CpuGemm.sgemmSerial(kern, false, false, q.cinG, len, 0, 1f, wr, 0, 1, ws, 0, len, 0f, out, outOff, ldOut);
            }
            for (int c0 = 0; ph.nk > 0 && c0 < q.coutG; c0 += cb) {
                int nc = Math.min(cb, q.coutG - c0);
                gatherPhase(q, ph, gy, gyOff + c0 * q.outSize, nc, p0, len, ws);
                CpuGemm.sgemmSerial(kern, false, false, q.cinG, len, nc * ph.nk, 1f, wr, wOff + c0 * ph.nk, kd,
                        ws, 0, len, c0 == 0 ? 0f : 1f, out, outOff, ldOut);
            }
            if (!direct) scatterPhase(q, ph, ws, colFloats, len, p0, gx, gxOff);
        });
    }

    /** 1x1 kernel, unit stride, no padding: {@code gx_g = W_g^T * gy_g} straight from the arrays. */
    private static void backwardDataPointwise(CpuGemm.Kernel kern, Geo q, float[] gy, float[] w, float[] gx) {
        final int tl = Math.min(TILE_MAX, q.inSize);
        final int tiles = ceilDiv(q.inSize, tl);
        int chunks = chunkCount((long) q.n * q.groups * tiles);
        Parallel.forChunks(chunks, c -> {
            int t = c % tiles, sg = c / tiles, grp = sg % q.groups, s = sg / q.groups;
            int q0 = t * tl, len = Math.min(tl, q.inSize - q0);
            // W_g is [coutG, cinG] at grp*coutG*cinG: op(A) = W_g^T
            CpuGemm.sgemmSerial(kern, true, false, q.cinG, len, q.coutG, 1f, w, grp * q.coutG * q.cinG, q.cinG,
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
        backwardWeight(CpuGemm.KERNEL, x, gy, gw, g);
    }

    /** {@link #backwardWeight} with an explicit GEMM kernel. */
    static void backwardWeight(CpuGemm.Kernel kern, float[] x, float[] gy, float[] gw, ConvGeometry g) {
        Geo q = new Geo(g);
        checkLen("x", x, (long) q.n * q.cin * q.inSize);
        checkLen("gy", gy, (long) q.n * q.cout * q.outSize);
        checkLen("gw", gw, (long) q.cout * q.cinG * q.ks);
        final int kFull = q.cinG * q.ks;
        final int wsz = q.cout * kFull;
        final boolean direct = q.pointwise();
        final boolean panels = !direct && kern.panelWidth() > 0;
        final int mr = kern.rowBlock(), nrw = kern.panelWidth();
        final int npw = nrw == 0 ? 0 : ceilDiv(q.coutG, nrw), kPad = mr == 0 ? 0 : ceilDiv(kFull, mr) * mr;
        final long rowsWs = (long) Math.min(TILE_MAX, q.outSize) * (npw * nrw + mr) + (long) kPad * npw * nrw;
        final boolean rows = panels && mr > 0 && rowsWs <= WORKSPACE_CAP_FLOATS;
        final int tl = direct || rows ? Math.min(TILE_MAX, q.outSize) : tileLen(kFull, q.outSize);
        final int cb = direct ? q.cinG : channelBlock(q.cinG, q.ks, tl);
        final int tilesPerSample = ceilDiv(q.outSize, tl);
        final long items = (long) q.n * tilesPerSample;
        if (items == 0) {
            Arrays.fill(gw, 0, wsz, 0f);
            return;
        }
        final Direct dw = panels && kern.rowBlock() > 0 ? Direct.weight(kern, q) : null;
        if (dw != null) {
            weightSlab(kern, dw, q, x, gy, gw);
            return;
        }
        final int chunks = weightChunks(items, wsz);
        final float[][] partials = new float[chunks - 1][];
        for (int i = 0; i < chunks - 1; i++) partials[i] = new float[wsz];
        Parallel.forChunks(chunks, c -> {
            float[] dst = c == 0 ? gw : partials[c - 1];
            long i0 = items * c / chunks, i1 = items * (c + 1) / chunks;
            if (rows) {
                weightRows(kern, q, x, gy, dst, i0, i1, tl, tilesPerSample, workspace((int) rowsWs));
                return;
            }
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
                        CpuGemm.sgemmSerial(kern, false, true, q.coutG, q.cinG, len, 1f, gy, gyOff, q.outSize,
                                x, xOff + q0, q.inSize, beta, dst, gwOff, kFull);
                        continue;
                    }
                    for (int c0 = 0; c0 < q.cinG; c0 += cb) {
                        int nc = Math.min(cb, q.cinG - c0);
                        gatherInput(q, x, xOff + c0 * q.inSize, nc, q0, len, col);
                        CpuGemm.sgemmSerial(kern, false, true, q.coutG, nc * q.ks, len, 1f, gy, gyOff, q.outSize,
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

    // ----------------------------------------------------- direct (slab) path: unit strides, SIMD kernels

    /** Target number of virtual positions (output rows padded to the slab width) per slab tile. */
    static final int SLAB_POSITIONS = 640;

    /**
     * A unit-stride pass computed as a direct convolution. Per tile of output rows (one output plane, {@code rows}
     * rows), the source rows it reads are copied once into a zero-padded slab of {@code channels} channels, each
     * {@code kd x ny x sw} ({@code sw = outW + kw - 1}, {@code ny = rows + kh - 1}); then output position
     * {@code (row rr, column ox)} is "virtual position" {@code v = rr*sw + ox}, and row r of the column matrix is the
     * slab read in place at {@code off[r] + v} (no gather). Virtual columns {@code ox >= outW} are computed and
     * discarded ({@code (kw - 1) / sw} extra work).
     */
    private static final class Direct {
        int outD, outH, outW, srcD, srcH, srcW, srcSize, channels;
        int kd, kh, kw, dz0, dy0, dx0;
        int sw, rows, tilesY, ny, chStride, slabFloats, nvPad;
        int[] off;

        /** Common sizing; null if even one output row per tile needs more than the workspace cap. */
        private static Direct size(CpuGemm.Kernel kern, Direct d, long extraPerPosition, long extraFixed) {
            int nr = kern.panelWidth();
            d.sw = d.outW + d.kw - 1;
            if (d.sw > 4 * SLAB_POSITIONS || d.channels == 0) return null;
            d.tilesY = Math.max(1, (int) (((long) d.outH * d.sw + SLAB_POSITIONS - 1) / SLAB_POSITIONS));
            d.rows = ceilDiv(d.outH, d.tilesY);
            while (true) {
                d.tilesY = ceilDiv(d.outH, d.rows);
                d.ny = d.rows + d.kh - 1;
                d.chStride = d.kd * d.ny * d.sw;
                d.nvPad = ceilDiv(d.rows * d.sw, nr) * nr;
                long slab = (long) d.channels * d.chStride + d.kw + nr;
                long total = slab + extraPerPosition * d.nvPad + extraFixed;
                if (total <= WORKSPACE_CAP_FLOATS) {
                    d.slabFloats = (int) slab;
                    return d;
                }
                if (d.rows == 1) return null;
                d.rows = Math.max(1, d.rows / 2);
            }
        }

        static Direct forward(CpuGemm.Kernel kern, Geo q) {
            if (q.sd != 1 || q.sh != 1 || q.sw != 1) return null;
            Direct d = new Direct();
            d.outD = q.od; d.outH = q.oh; d.outW = q.ow;
            d.srcD = q.id; d.srcH = q.ih; d.srcW = q.iw; d.srcSize = q.inSize; d.channels = q.cinG;
            d.kd = q.kd; d.kh = q.kh; d.kw = q.kw;
            d.dz0 = -q.pd; d.dy0 = -q.ph; d.dx0 = -q.pw;
            int mPad = ceilDiv(q.coutG, Math.max(1, kern.rowBlock())) * Math.max(1, kern.rowBlock());
            if (size(kern, d, mPad, 0) == null) return null;
            d.off = new int[q.cinG * q.ks];
            for (int ci = 0, r = 0; ci < q.cinG; ci++)
                for (int kz = 0; kz < q.kd; kz++)
                    for (int ky = 0; ky < q.kh; ky++)
                        for (int kx = 0; kx < q.kw; kx++) d.off[r++] = ci * d.chStride + (kz * d.ny + ky) * d.sw + kx;
            return d;
        }

        /** Unit strides only: the single phase, taps in increasing order, reading the output gradient at o = i + p - t. */
        static Direct backwardData(CpuGemm.Kernel kern, Geo q) {
            if (q.sd != 1 || q.sh != 1 || q.sw != 1) return null;
            Direct d = new Direct();
            d.outD = q.id; d.outH = q.ih; d.outW = q.iw;
            d.srcD = q.od; d.srcH = q.oh; d.srcW = q.ow; d.srcSize = q.outSize; d.channels = q.coutG;
            d.kd = q.kd; d.kh = q.kh; d.kw = q.kw;
            d.dz0 = q.pd - (q.kd - 1); d.dy0 = q.ph - (q.kh - 1); d.dx0 = q.pw - (q.kw - 1);
            int mPad = ceilDiv(q.cinG, Math.max(1, kern.rowBlock())) * Math.max(1, kern.rowBlock());
            if (size(kern, d, mPad, 0) == null) return null;
            d.off = new int[q.coutG * q.ks];
            for (int co = 0, r = 0; co < q.coutG; co++)
                for (int tz = 0; tz < q.kd; tz++)
                    for (int ty = 0; ty < q.kh; ty++)
                        for (int tx = 0; tx < q.kw; tx++)
                            d.off[r++] = co * d.chStride + ((q.kd - 1 - tz) * d.ny + (q.kh - 1 - ty)) * d.sw + (q.kw - 1 - tx);
            return d;
        }

        /** The forward slab, sized for the weight gradient's packed output gradient and scratch. */
        static Direct weight(CpuGemm.Kernel kern, Geo q) {
            if (q.sd != 1 || q.sh != 1 || q.sw != 1) return null;
            Direct d = forward(kern, q);
            if (d == null) return null;
            int nr = kern.panelWidth(), mr = kern.rowBlock();
            long ldS = (long) ceilDiv(q.coutG, nr) * nr, kPad = (long) ceilDiv(q.cinG * q.ks, mr) * mr;
            Direct w = new Direct();
            w.outD = d.outD; w.outH = d.outH; w.outW = d.outW;
            w.srcD = d.srcD; w.srcH = d.srcH; w.srcW = d.srcW; w.srcSize = d.srcSize; w.channels = d.channels;
            w.kd = d.kd; w.kh = d.kh; w.kw = d.kw; w.dz0 = d.dz0; w.dy0 = d.dy0; w.dx0 = d.dx0;
            if (size(kern, w, ldS, kPad * ldS) == null) return null;
            w.off = new int[q.cinG * q.ks];
            for (int ci = 0, r = 0; ci < q.cinG; ci++)
                for (int kz = 0; kz < q.kd; kz++)
                    for (int ky = 0; ky < q.kh; ky++)
                        for (int kx = 0; kx < q.kw; kx++) w.off[r++] = ci * w.chStride + (kz * w.ny + ky) * w.sw + kx;
            return w;
        }

        /** Copies the zero-padded source slab for output plane oz, rows [oy0, oy0 + ra). */
        void build(float[] src, int srcOff, int oz, int oy0, int ra, float[] slab) {
            int nyA = ra + kh - 1;
            int xlo = Math.max(0, -dx0), xhi = Math.min(sw, srcW - dx0); // slab columns with a source column
            for (int c = 0; c < channels; c++) {
                int sc = srcOff + c * srcSize;
                for (int zz = 0; zz < kd; zz++) {
                    int sz = oz + dz0 + zz;
                    for (int yy = 0; yy < nyA; yy++) {
                        int sy = oy0 + dy0 + yy, d = c * chStride + (zz * ny + yy) * sw;
                        if (sz < 0 || sz >= srcD || sy < 0 || sy >= srcH || xhi <= xlo) {
                            Arrays.fill(slab, d, d + sw, 0f);
                            continue;
                        }
                        for (int t = 0; t < xlo; t++) slab[d + t] = 0f;
                        System.arraycopy(src, sc + (sz * srcH + sy) * srcW + xlo + dx0, slab, d + xlo, xhi - xlo);
                        for (int t = Math.max(xhi, xlo); t < sw; t++) slab[d + t] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Forward (or unit-stride data gradient) as a direct convolution over slabs: per (sample, group, output plane,
     * block of rows), {@code out = A_g * slab-columns} by {@link CpuGemm.Kernel#gemmSlab}; each output is one FMA
     * chain over the column-matrix rows in order, zeros of the padding included (the same values as the gather paths).
     */
    private static void slabPass(CpuGemm.Kernel kern, Direct d, Geo q, float[] src, int srcGroupStride, float[] a, int aGroupStride,
                                 int k, int m, float[] bias, float[] out, int outSize) {
        final int tilesPerSG = d.outD * d.tilesY;
        final int nr = kern.panelWidth();
        int chunks = chunkCount((long) q.n * q.groups * tilesPerSG);
        Parallel.forChunks(chunks, c -> {
            int tile = c % tilesPerSG, sg = c / tilesPerSG, grp = sg % q.groups, s = sg / q.groups;
            int oz = tile / d.tilesY, oy0 = (tile % d.tilesY) * d.rows, ra = Math.min(d.rows, d.outH - oy0);
            int nv = ra * d.sw;
            int mPad = ceilDiv(m, kern.rowBlock()) * kern.rowBlock(), ldc = ceilDiv(nv, nr) * nr;
            float[] ws = workspace(d.slabFloats + mPad * d.nvPad);
            d.build(src, (s * q.groups + grp) * srcGroupStride, oz, oy0, ra, ws);
            kern.gemmSlab(false, m, nv, k, a, grp * aGroupStride, k, ws, 0, d.off, ws, d.slabFloats, ldc);
            int outOff = (s * q.groups + grp) * m * outSize + (oz * d.outH + oy0) * d.outW;
            for (int i = 0; i < m; i++) {
                for (int rr = 0; rr < ra; rr++) {
                    System.arraycopy(ws, d.slabFloats + i * ldc + rr * d.sw, out, outOff + i * outSize + rr * d.outW, d.outW);
                }
            }
            if (bias != null) addBias(q, bias, grp, out, outOff, ra * d.outW);
        });
    }

    /**
     * Weight gradient as a direct convolution over slabs: {@code gw_g^T[kFull x coutG] = col * gy_g^T} with the
     * column-matrix rows read in place from the slab ({@link CpuGemm.Kernel#microRows}) and the output gradient
     * packed over the virtual positions (0 in the discarded columns). Work items (sample, plane, row block) are
     * split into fixed chunks; each chunk's elements are FMA chains over its positions in order, and the chunk
     * partials are added in chunk order, as in the other paths.
     */
    private static void weightSlab(CpuGemm.Kernel kern, Direct d, Geo q, float[] x, float[] gy, float[] gw) {
        final int kFull = q.cinG * q.ks, wsz = q.cout * kFull;
        final int mr = kern.rowBlock(), nr = kern.panelWidth();
        final int np = ceilDiv(q.coutG, nr), ldS = np * nr, kPad = ceilDiv(kFull, mr) * mr;
        final int tilesPerSample = d.outD * d.tilesY;
        final long items = (long) q.n * tilesPerSample;
        final int chunks = weightChunks(items, wsz);
        final float[][] partials = new float[chunks - 1][];
        for (int i = 0; i < chunks - 1; i++) partials[i] = new float[wsz];
        Parallel.forChunks(chunks, c -> {
            float[] dst = c == 0 ? gw : partials[c - 1];
            long i0 = items * c / chunks, i1 = items * (c + 1) / chunks;
            float[] ws = workspace(d.slabFloats + d.nvPad * ldS + kPad * ldS);
            final int bpOff = d.slabFloats, scrOff = bpOff + d.nvPad * ldS;
            int[] rowOff = new int[mr];
            for (int grp = 0; grp < q.groups; grp++) {
                boolean first = true;
                for (long item = i0; item < i1; item++) {
                    int s = (int) (item / tilesPerSample), tile = (int) (item % tilesPerSample);
                    int oz = tile / d.tilesY, oy0 = (tile % d.tilesY) * d.rows, ra = Math.min(d.rows, d.outH - oy0);
                    int nv = ra * d.sw;
                    d.build(x, (s * q.cin + grp * q.cinG) * q.inSize, oz, oy0, ra, ws);
                    // B(v, co) = gy[co] at virtual position v (0 where the column is discarded), panels of nr channels
                    int gyOff = (s * q.cout + grp * q.coutG) * q.outSize + (oz * q.oh + oy0) * q.ow;
                    for (int co = 0; co < ldS; co++) {
                        int dd = bpOff + (co / nr) * nv * nr + co % nr;
                        if (co >= q.coutG) {
                            for (int v = 0; v < nv; v++, dd += nr) ws[dd] = 0f;
                            continue;
                        }
                        int sr = gyOff + co * q.outSize;
                        for (int rr = 0; rr < ra; rr++, sr += q.ow) {
                            for (int ox = 0; ox < d.sw; ox++, dd += nr) ws[dd] = ox < q.ow ? gy[sr + ox] : 0f;
                        }
                    }
                    for (int rb = 0; rb < kPad; rb += mr) {
                        for (int i = 0; i < mr; i++) rowOff[i] = d.off[Math.min(rb + i, kFull - 1)];
                        kern.microRows(nv, ws, 0, rowOff, ws, bpOff, np, ws, scrOff + rb * ldS, ldS, !first);
                    }
                    first = false;
                }
                int gwOff = grp * q.coutG * kFull;
                if (first) { // no items in this chunk (cannot happen: chunks <= items), keep dst defined
                    Arrays.fill(dst, gwOff, gwOff + q.coutG * kFull, 0f);
                    continue;
                }
                for (int co = 0; co < q.coutG; co++) {
                    for (int r = 0, sc = scrOff + co; r < kFull; r++, sc += ldS) dst[gwOff + co * kFull + r] = ws[sc];
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

    // ------------------------------------------------------------------- packed-panel (SIMD) path

    /**
     * Forward with a kernel that takes B as packed panels: per tile of output positions one implicit GEMM
     * {@code y = W_g * col} whose column matrix is gathered block by block straight into the GEMM's packed
     * panels (no column workspace, no channel blocking). With at most {@link #SMALL_M} output channels per
     * group the products are accumulated row by row instead ({@link #fusedRows}), which computes the same
     * FMA chains without packing.
     */
    private static void forwardPanels(CpuGemm.Kernel kern, Geo q, float[] x, float[] w, float[] bias, float[] y) {
        final int kFull = q.cinG * q.ks;
        final int tl = Math.min(Math.min(TILE_MAX, kern.colTile()), q.outSize);
        final int tiles = ceilDiv(q.outSize, tl);
        int chunks = chunkCount((long) q.n * q.groups * tiles);
        Parallel.forChunks(chunks, c -> {
            int t = c % tiles, sg = c / tiles, grp = sg % q.groups, s = sg / q.groups;
            int q0 = t * tl, len = Math.min(tl, q.outSize - q0);
            int yOff = (s * q.cout + grp * q.coutG) * q.outSize + q0;
            int xOff = (s * q.cin + grp * q.cinG) * q.inSize;
            int wOff = grp * q.coutG * kFull;
            if (q.coutG <= SMALL_M && q.sw == 1) {
                fusedForward(kern, q, x, xOff, w, wOff, kFull, y, yOff, q0, len);
            } else {
                kern.gemmPanels(false, q.coutG, len, kFull, w, wOff, kFull,
                        (p0, kc, nr, ps, bp) -> fillInput(kern, q, x, xOff, q0, len, p0, kc, nr, ps, bp), false, y, yOff, q.outSize);
            }
            if (bias != null) addBias(q, bias, grp, y, yOff, len);
        });
    }

    /**
     * Weight gradient of the work items [i0, i1) into {@code dst} (overwritten) with a row-block kernel, as
     * {@code gw_g^T[kFull x coutG] = col[kFull x positions] * gy_g^T}: the column matrix is gathered 12 rows at a
     * time (row-major, read in place by the micro-kernel), the output gradient tile is packed once per item, and
     * each weight-gradient element is one FMA chain over the chunk's positions in order, kept in a
     * {@code kFull x coutG} scratch and transposed into {@code dst} at the end.
     */
    private static void weightRows(CpuGemm.Kernel kern, Geo q, float[] x, float[] gy, float[] dst, long i0, long i1,
                                   int tl, int tilesPerSample, float[] ws) {
        final int kFull = q.cinG * q.ks, mr = kern.rowBlock(), nr = kern.panelWidth();
        final int np = ceilDiv(q.coutG, nr), ldS = np * nr, kPad = ceilDiv(kFull, mr) * mr;
        final int bpOff = 0, rowsOff = tl * ldS, scrOff = rowsOff + mr * tl;
        for (int grp = 0; grp < q.groups; grp++) {
            boolean first = true;
            for (long item = i0; item < i1; item++) {
                int s = (int) (item / tilesPerSample), t = (int) (item % tilesPerSample);
                int q0 = t * tl, len = Math.min(tl, q.outSize - q0);
                int gyOff = (s * q.cout + grp * q.coutG) * q.outSize + q0;
                int xOff = (s * q.cin + grp * q.cinG) * q.inSize;
                // B(p = position, j = co) = gy[co][q0 + p], packed in panels of nr output channels
                for (int co = 0; co < ldS; co++) {
                    int d = bpOff + (co / nr) * len * nr + co % nr;
                    if (co < q.coutG) {
                        for (int p = 0, sr = gyOff + co * q.outSize; p < len; p++, d += nr) ws[d] = gy[sr + p];
                    } else {
                        for (int p = 0; p < len; p++, d += nr) ws[d] = 0f;
                    }
                }
                int[] rowOff = new int[mr];
                for (int i = 0; i < mr; i++) rowOff[i] = i * len;
                Runs runs = Runs.of(q0, len, q.oh, q.ow);
                for (int rb = 0; rb < kPad; rb += mr) {
                    for (int i = 0; i < mr; i++) {
                        int r = rb + i, base = rowsOff + i * len;
                        if (r >= kFull) {
                            Arrays.fill(ws, base, base + len, 0f);
                            continue;
                        }
                        inputRuns(q, xOff, r, runs);
                        for (int u = 0; u < runs.n; u++) {
                            int d = base + runs.pos[u], cnt = runs.cnt[u], lo = runs.lo[u], hi = runs.hi[u], sp = runs.s[u];
                            for (int v = 0; v < lo; v++) ws[d + v] = 0f;
                            if (q.sw == 1) {
                                if (hi > lo) System.arraycopy(x, sp + lo, ws, d + lo, hi - lo);
                            } else {
                                for (int v = lo; v < hi; v++) ws[d + v] = x[sp + v * q.sw];
                            }
                            for (int v = hi; v < cnt; v++) ws[d + v] = 0f;
                        }
                    }
                    kern.microRows(len, ws, rowsOff, rowOff, ws, bpOff, np, ws, scrOff + rb * ldS, ldS, !first);
                }
                first = false;
            }
            int gwOff = grp * q.coutG * kFull;
            for (int co = 0; co < q.coutG; co++) {
                for (int r = 0, sc = scrOff + co; r < kFull; r++, sc += ldS) dst[gwOff + co * kFull + r] = ws[sc];
            }
        }
    }

    /** Data gradient with a packed-panel kernel: as {@link #forwardPanels}, over the tiles of each phase. */
    private static void backwardDataPanels(CpuGemm.Kernel kern, Geo q, Phase[] phases, float[] wr, int wGroup, int sizeMax,
                                           boolean direct, float[] gy, float[] gx) {
        final int tmpRows = direct ? 0 : q.cinG;
        int t0 = Math.min(Math.min(TILE_MAX, kern.colTile()), Math.max(1, sizeMax));
        if ((long) tmpRows * t0 > WORKSPACE_CAP_FLOATS) t0 = Math.max(1, WORKSPACE_CAP_FLOATS / tmpRows);
        final int tl = t0;
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
            float[] out = direct ? gx : workspace(tmpRows * tl);
            int outOff = direct ? gxOff + p0 : 0;
            int ldOut = direct ? q.inSize : len;
            if (kd == 0) { // nothing reaches these positions
                for (int ci = 0; ci < q.cinG; ci++) Arrays.fill(out, outOff + ci * ldOut, outOff + ci * ldOut + len, 0f);
            } else if (q.cinG <= SMALL_M) {
                fusedPhase(kern, q, ph, gy, gyOff, wr, wOff, kd, out, outOff, ldOut, p0, len);
            } else {
                kern.gemmPanels(false, q.cinG, len, kd, wr, wOff, kd,
                        (pr, kc, nr, ps, bp) -> fillPhase(kern, q, ph, gy, gyOff, p0, len, pr, kc, nr, ps, bp), false, out, outOff, ldOut);
            }
            if (!direct) scatterPhase(q, ph, out, 0, len, p0, gx, gxOff);
        });
    }

    /** Up to this many GEMM rows (output channels of the pass), the fused paths replace the packed GEMM. */
    static final int SMALL_M = 4;

    /** The runs of a tile of positions along the fastest axis, and per-row source offsets and valid ranges. */
    private static final class Runs {
        int n;
        final int[] pos, cnt, a, b, c, s, lo, hi;

        Runs(int max) {
            pos = new int[max];
            cnt = new int[max];
            a = new int[max];
            b = new int[max];
            c = new int[max];
            s = new int[max];
            lo = new int[max];
            hi = new int[max];
        }

        /** Splits positions [q0, q0+len) of a grid {@code (?, ny, nx)} into runs along x. */
        static Runs of(int q0, int len, int ny, int nx) {
            int nyx = ny * nx;
            int z = q0 / nyx, rem = q0 - z * nyx, y = rem / nx, x = rem - y * nx;
            Runs r = new Runs(Math.min(len, (len + x) / Math.max(1, nx) + 2));
            int p = 0;
            while (p < len) {
                int run = Math.min(len - p, nx - x);
                r.pos[r.n] = p;
                r.cnt[r.n] = run;
                r.a[r.n] = z;
                r.b[r.n] = y;
                r.c[r.n] = x;
                r.n++;
                p += run;
                x = 0;
                if (++y == ny) {
                    y = 0;
                    z++;
                }
            }
            return r;
        }

        void set(int u, int src, int l, int h) {
            int n0 = cnt[u];
            l = Math.max(0, Math.min(l, n0));
            h = Math.max(l, Math.min(h, n0));
            s[u] = src;
            lo[u] = l;
            hi[u] = h;
        }
    }

    /**
     * Forward for at most {@link #SMALL_M} output channels and unit x-stride: {@code y[co, j] = sum_r W[co, r] * col[r, j]}
     * as FMA chains in increasing r from 0 (zero entries included), bit-identical to the packed GEMM, with the rows
     * of the column matrix read in place (never gathered).
     */
    private static void fusedForward(CpuGemm.Kernel kern, Geo q, float[] x, int xOff, float[] w, int wOff, int kFull,
                                     float[] y, int yOff, int q0, int len) {
        int m = q.coutG;
        for (int i = 0; i < m; i++) Arrays.fill(y, yOff + i * q.outSize, yOff + i * q.outSize + len, 0f);
        Runs runs = Runs.of(q0, len, q.oh, q.ow);
        for (int r = 0; r < kFull; r++) {
            inputRuns(q, xOff, r, runs); // unit x-stride
            kern.fmaRuns(m, w, wOff + r, kFull, x, runs.pos, runs.cnt, runs.s, runs.lo, runs.hi, runs.n, y, yOff, q.outSize);
        }
    }

    /** Data gradient of one phase tile for at most {@link #SMALL_M} input channels: as {@link #fusedForward}. */
    private static void fusedPhase(CpuGemm.Kernel kern, Geo q, Phase ph, float[] gy, int gyOff, float[] wr, int wOff, int kd,
                                   float[] out, int outOff, int ldOut, int p0, int len) {
        int m = q.cinG;
        for (int i = 0; i < m; i++) Arrays.fill(out, outOff + i * ldOut, outOff + i * ldOut + len, 0f);
        Runs runs = Runs.of(p0, len, ph.cnt[1], ph.cnt[2]);
        for (int r = 0; r < kd; r++) {
            phaseRuns(q, ph, gyOff, r, runs);
            kern.fmaRuns(m, wr, wOff + r, kd, gy, runs.pos, runs.cnt, runs.s, runs.lo, runs.hi, runs.n, out, outOff, ldOut);
        }
    }

    /** Packed panels of the forward column matrix: rows [r0, r0+kc) x positions [q0, q0+len). */
    private static void fillInput(CpuGemm.Kernel kern, Geo q, float[] x, int xOff, int q0, int len, int r0, int kc, int nr, int ps,
                                  float[] bp) {
        Runs runs = Runs.of(q0, len, q.oh, q.ow);
        for (int p = 0; p < kc; p++) {
            inputRuns(q, xOff, r0 + p, runs);
            if (q.sw == 1) {
                kern.packRuns(x, runs.pos, runs.cnt, runs.s, runs.lo, runs.hi, runs.n, bp, ps, nr, p);
            } else {
                for (int u = 0; u < runs.n; u++) {
                    int d0 = runs.pos[u];
                    for (int t = 0; t < runs.cnt[u]; t++) {
                        int j = d0 + t;
                        bp[(j / nr) * ps + p * nr + j % nr] = t >= runs.lo[u] && t < runs.hi[u] ? x[runs.s[u] + t * q.sw] : 0f;
                    }
                }
            }
            padColumns(bp, ps, nr, p, len);
        }
    }

    /**
     * Source offsets and valid ranges of row r = (ci, tap) of the forward column matrix for the tile's runs:
     * position t of run u reads {@code x[s[u] + t*sw]} for {@code lo[u] <= t < hi[u]}, else 0.
     */
    private static void inputRuns(Geo q, int xOff, int r, Runs runs) {
        int ci = r / q.ks, tap = r - ci * q.ks;
        int kx = tap % q.kw, t2 = tap / q.kw, ky = t2 % q.kh, kz = t2 / q.kh;
        int xc = xOff + ci * q.inSize;
        for (int u = 0; u < runs.n; u++) {
            int iz = runs.a[u] * q.sd - q.pd + kz, iy = runs.b[u] * q.sh - q.ph + ky;
            if (iz < 0 || iz >= q.id || iy < 0 || iy >= q.ih) {
                runs.set(u, 0, 0, 0);
            } else {
                int ix0 = runs.c[u] * q.sw - q.pw + kx;
                int jlo = ix0 >= 0 ? 0 : (-ix0 + q.sw - 1) / q.sw;
                int jhi = ix0 >= q.iw ? 0 : (q.iw - 1 - ix0) / q.sw + 1;
                runs.set(u, xc + (iz * q.ih + iy) * q.iw + ix0, jlo, jhi);
            }
        }
    }

    /**
     * Source offsets and valid ranges of row r = (co, t) of a phase's column matrix for the tile's runs (unit stride).
     */
    private static void phaseRuns(Geo q, Phase ph, int gyOff, int r, Runs runs) {
        int co = r / ph.nk, t = r - co * ph.nk;
        int tx = t % ph.nks[2], t2 = t / ph.nks[2], ty = t2 % ph.nks[1], tz = t2 / ph.nks[1];
        int gc = gyOff + co * q.outSize;
        for (int u = 0; u < runs.n; u++) {
            int oz = runs.a[u] + ph.mlo[0] - tz, oy = runs.b[u] + ph.mlo[1] - ty;
            if (oz < 0 || oz >= q.od || oy < 0 || oy >= q.oh) {
                runs.set(u, 0, 0, 0);
            } else {
                int ox0 = runs.c[u] + ph.mlo[2] - tx;
                runs.set(u, gc + (oz * q.oh + oy) * q.ow + ox0, -ox0, q.ow - ox0);
            }
        }
    }

    /** Packed panels of a phase's column matrix: rows [r0, r0+kc) x phase positions [p0, p0+len). */
    private static void fillPhase(CpuGemm.Kernel kern, Geo q, Phase ph, float[] gy, int gyOff, int p0, int len, int r0, int kc,
                                  int nr, int ps, float[] bp) {
        Runs runs = Runs.of(p0, len, ph.cnt[1], ph.cnt[2]);
        for (int p = 0; p < kc; p++) {
            phaseRuns(q, ph, gyOff, r0 + p, runs);
            kern.packRuns(gy, runs.pos, runs.cnt, runs.s, runs.lo, runs.hi, runs.n, bp, ps, nr, p);
            padColumns(bp, ps, nr, p, len);
        }
    }

    /** Zeros packed row p beyond column len up to the end of its last panel. */
    private static void padColumns(float[] bp, int ps, int nr, int p, int len) {
        int np = ceilDiv(len, nr);
        if (len < np * nr) {
            int d = (np - 1) * ps + p * nr;
            Arrays.fill(bp, d + len - (np - 1) * nr, d + nr, 0f);
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
