package org.cryograd.tensor.cpu;

import static org.cryograd.tensor.cpu.ConvGeo.ceilDiv;
import static org.cryograd.tensor.cpu.CpuConv.SLAB_POSITIONS;
import static org.cryograd.tensor.cpu.CpuConv.WORKSPACE_CAP_FLOATS;
import static org.cryograd.tensor.cpu.CpuConv.chunkCount;
import static org.cryograd.tensor.cpu.CpuConv.workspace;

import java.util.Arrays;

/**
 * A unit-stride pass computed as a direct convolution. Per tile of output rows (one output plane, {@code rows}
 * rows), the source rows it reads are copied once into a zero-padded slab of {@code channels} channels, each
 * {@code kd x ny x sw} ({@code sw = outW + kw - 1}, {@code ny = rows + kh - 1}); then output position
 * {@code (row rr, column ox)} is "virtual position" {@code v = rr*sw + ox}, and row r of the column matrix is the
 * slab read in place at {@code off[r] + v} (no gather). Virtual columns {@code ox >= outW} are computed and
 * discarded ({@code (kw - 1) / sw} extra work). Used by all three passes with a SIMD kernel when every stride is 1:
 * {@link #pass} computes the forward pass and the data gradient; {@link CpuConvBackwardWeight} reads the slab rows
 * as rows of A ({@link CpuGemm.Kernel#microRows}).
 */
final class ConvSlab {
    int outD, outH, outW, srcD, srcH, srcW, srcSize, channels;
    int kd, kh, kw, dz0, dy0, dx0;
    int sw, rows, tilesY, ny, chStride, slabFloats, nvPad;
    int[] off;

    /** Common sizing; null if even one output row per tile needs more than the workspace cap. */
    private static ConvSlab size(CpuGemm.Kernel kern, ConvSlab d, long extraPerPosition, long extraFixed) {
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

    static ConvSlab forward(CpuGemm.Kernel kern, ConvGeo q) {
        if (!q.unitStride()) return null;
        ConvSlab d = new ConvSlab();
        d.outD = q.od; d.outH = q.oh; d.outW = q.ow;
        d.srcD = q.id; d.srcH = q.ih; d.srcW = q.iw; d.srcSize = q.inSize; d.channels = q.cinG;
        d.kd = q.kd; d.kh = q.kh; d.kw = q.kw;
        d.dz0 = -q.pd; d.dy0 = -q.ph; d.dx0 = -q.pw;
        int mPad = ceilDiv(q.coutG, Math.max(1, kern.rowBlock())) * Math.max(1, kern.rowBlock());
        if (size(kern, d, mPad, 0) == null) return null;
        return d.forwardOffsets(q);
    }

    /** Unit strides only: the single phase, taps in increasing order, reading the output gradient at o = i + p - t. */
    static ConvSlab backwardData(CpuGemm.Kernel kern, ConvGeo q) {
        if (!q.unitStride()) return null;
        ConvSlab d = new ConvSlab();
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
    static ConvSlab weight(CpuGemm.Kernel kern, ConvGeo q) {
        if (!q.unitStride()) return null;
        ConvSlab d = forward(kern, q);
        if (d == null) return null;
        int nr = kern.panelWidth(), mr = kern.rowBlock();
        long ldS = (long) ceilDiv(q.coutG, nr) * nr, kPad = (long) ceilDiv(q.cinG * q.ks, mr) * mr;
        ConvSlab w = new ConvSlab();
        w.outD = d.outD; w.outH = d.outH; w.outW = d.outW;
        w.srcD = d.srcD; w.srcH = d.srcH; w.srcW = d.srcW; w.srcSize = d.srcSize; w.channels = d.channels;
        w.kd = d.kd; w.kh = d.kh; w.kw = d.kw; w.dz0 = d.dz0; w.dy0 = d.dy0; w.dx0 = d.dx0;
        if (size(kern, w, ldS, kPad * ldS) == null) return null;
        return w.forwardOffsets(q);
    }

    /** Row r = (ci, kz, ky, kx) of the forward column matrix starts at slab offset {@code off[r]}. */
    private ConvSlab forwardOffsets(ConvGeo q) {
        off = new int[q.cinG * q.ks];
        for (int ci = 0, r = 0; ci < q.cinG; ci++)
            for (int kz = 0; kz < q.kd; kz++)
                for (int ky = 0; ky < q.kh; ky++)
                    for (int kx = 0; kx < q.kw; kx++) off[r++] = ci * chStride + (kz * ny + ky) * sw + kx;
        return this;
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
                // a short last tile's unused rows: read (times a zero of B) at discarded virtual positions
                if (nyA < ny) {
                    int d = c * chStride + (zz * ny + nyA) * sw;
                    Arrays.fill(slab, d, d + (ny - nyA) * sw, 0f);
                }
            }
        }
        // the guard after the last channel, read the same way. The workspace holds whatever an earlier call left, and
        // a NaN there times that zero would be NaN in the weight gradient's sums
        Arrays.fill(slab, channels * chStride, slabFloats, 0f);
    }

    /**
     * Forward (or unit-stride data gradient) as a direct convolution over slabs: per (sample, group, output plane,
     * block of rows), {@code out = A_g * slab-columns} by {@link CpuGemm.Kernel#gemmSlab}; each output is one FMA
     * chain over the column-matrix rows in order, zeros of the padding included (the same values as the gather paths).
     */
    static void pass(CpuGemm.Kernel kern, ConvSlab d, ConvGeo q, float[] src, int srcGroupStride, float[] a, int aGroupStride,
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
            if (bias != null) CpuConvForward.addBias(q, bias, grp, out, outOff, ra * d.outW);
        });
    }
}
