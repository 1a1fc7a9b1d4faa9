package org.cryograd.tensor.cpu;

import static org.cryograd.tensor.cpu.ConvColumns.gatherInput;
import static org.cryograd.tensor.cpu.ConvColumns.inputRuns;
import static org.cryograd.tensor.cpu.ConvColumns.padColumns;
import static org.cryograd.tensor.cpu.ConvGeo.ceilDiv;
import static org.cryograd.tensor.cpu.ConvGeo.checkLen;
import static org.cryograd.tensor.cpu.CpuConv.SMALL_M;
import static org.cryograd.tensor.cpu.CpuConv.TILE_MAX;
import static org.cryograd.tensor.cpu.CpuConv.channelBlock;
import static org.cryograd.tensor.cpu.CpuConv.chunkCount;
import static org.cryograd.tensor.cpu.CpuConv.tileLen;
import static org.cryograd.tensor.cpu.CpuConv.workspace;

import java.util.Arrays;
import org.cryograd.tensor.cpu.ConvColumns.Runs;
import org.cryograd.tensor.spi.ConvGeometry;

/**
 * The forward convolution pass ({@link CpuConv#forward}): tiles of output positions,
 * {@code y[coutG, tile] = W_g[coutG, cinG*ks] * col}. Paths: 1x1 kernels read the input as its own column matrix;
 * with a SIMD kernel, unit strides go through {@link ConvSlab}, other strides gather the column matrix into the
 * GEMM's packed panels (or stream it row by row for at most {@link CpuConv#SMALL_M} output channels); the scalar
 * kernel gathers channel blocks of the column tile into the workspace.
 */
final class CpuConvForward {
    private CpuConvForward() {}

    /** {@link CpuConv#forward} with an explicit GEMM kernel: its packed-panel path when it has one, else gather + GEMM. */
    static void run(CpuGemm.Kernel kern, float[] x, float[] w, float[] bias, float[] y, ConvGeometry g) {
        ConvGeo q = new ConvGeo(g);
        checkLen("x", x, (long) q.n * q.cin * q.inSize);
        checkLen("w", w, (long) q.cout * q.cinG * q.ks);
        checkLen("y", y, (long) q.n * q.cout * q.outSize);
        if (bias != null) checkLen("bias", bias, q.cout);
        final int kFull = q.cinG * q.ks;
        final boolean direct = q.pointwise();
        if (!direct && kern.panelWidth() > 0) {
            ConvSlab d = ConvSlab.forward(kern, q);
            if (d != null) ConvSlab.pass(kern, d, q, x, q.cinG * q.inSize, w, q.coutG * kFull, kFull, q.coutG, bias, y, q.outSize);
            else panels(kern, q, x, w, bias, y);
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

    /** Adds the group's bias to {@code coutG} rows of {@code len} outputs at {@code y[yOff]} (row stride outSize). */
    static void addBias(ConvGeo q, float[] bias, int grp, float[] y, int yOff, int len) {
        for (int co = 0; co < q.coutG; co++) {
            float bv = bias[grp * q.coutG + co];
            int r = yOff + co * q.outSize;
            for (int j = 0; j < len; j++) y[r + j] += bv;
        }
    }

    /**
     * Forward with a kernel that takes B as packed panels: per tile of output positions one implicit GEMM
     * {@code y = W_g * col} whose column matrix is gathered block by block straight into the GEMM's packed
     * panels (no column workspace, no channel blocking). With at most {@link CpuConv#SMALL_M} output channels per
     * group the products are accumulated row by row instead ({@link #fused}), which computes the same
     * FMA chains without packing.
     */
    private static void panels(CpuGemm.Kernel kern, ConvGeo q, float[] x, float[] w, float[] bias, float[] y) {
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
                fused(kern, q, x, xOff, w, wOff, kFull, y, yOff, q0, len);
            } else {
                kern.gemmPanels(false, q.coutG, len, kFull, w, wOff, kFull,
                        (p0, kc, nr, ps, bp) -> fillInput(kern, q, x, xOff, q0, len, p0, kc, nr, ps, bp), false, y, yOff, q.outSize);
            }
            if (bias != null) addBias(q, bias, grp, y, yOff, len);
        });
    }

    /**
     * Forward for at most {@link CpuConv#SMALL_M} output channels and unit x-stride: {@code y[co, j] = sum_r W[co, r] * col[r, j]}
     * as FMA chains in increasing r from 0 (zero entries included), bit-identical to the packed GEMM, with the rows
     * of the column matrix read in place (never gathered).
     */
    private static void fused(CpuGemm.Kernel kern, ConvGeo q, float[] x, int xOff, float[] w, int wOff, int kFull,
                              float[] y, int yOff, int q0, int len) {
        int m = q.coutG;
        for (int i = 0; i < m; i++) Arrays.fill(y, yOff + i * q.outSize, yOff + i * q.outSize + len, 0f);
        Runs runs = Runs.of(q0, len, q.oh, q.ow);
        for (int r = 0; r < kFull; r++) {
            inputRuns(q, xOff, r, runs); // unit x-stride
            kern.fmaRuns(m, w, wOff + r, kFull, x, runs.pos, runs.cnt, runs.s, runs.lo, runs.hi, runs.n, y, yOff, q.outSize);
        }
    }

    /** Packed panels of the forward column matrix: rows [r0, r0+kc) x positions [q0, q0+len). */
    private static void fillInput(CpuGemm.Kernel kern, ConvGeo q, float[] x, int xOff, int q0, int len, int r0, int kc, int nr,
                                  int ps, float[] bp) {
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
}
