package org.cryograd.tensor.cpu;

import static org.cryograd.tensor.cpu.ConvColumns.gatherInput;
import static org.cryograd.tensor.cpu.ConvColumns.inputRuns;
import static org.cryograd.tensor.cpu.ConvGeo.ceilDiv;
import static org.cryograd.tensor.cpu.ConvGeo.checkLen;
import static org.cryograd.tensor.cpu.CpuConv.TILE_MAX;
import static org.cryograd.tensor.cpu.CpuConv.WORKSPACE_CAP_FLOATS;
import static org.cryograd.tensor.cpu.CpuConv.channelBlock;
import static org.cryograd.tensor.cpu.CpuConv.tileLen;
import static org.cryograd.tensor.cpu.CpuConv.weightChunks;
import static org.cryograd.tensor.cpu.CpuConv.workspace;

import java.util.Arrays;
import org.cryograd.tensor.cpu.ConvColumns.Runs;
import org.cryograd.tensor.spi.ConvGeometry;

/**
 * The weight-gradient convolution pass ({@link CpuConv#backwardWeight}; the bias gradient is not computed here):
 * {@code gw_g[coutG, cinG*ks] = gy_g * col^T} summed over (sample, tile of output positions) work items, which are
 * split into a fixed number of chunks ({@link CpuConv#weightChunks}), each with its own partial, added in chunk order.
 * Paths: 1x1 kernels read the input in place; with a SIMD row-block kernel, unit strides read {@link ConvSlab} rows
 * and other strides gather 12 column-matrix rows at a time; the scalar kernel gathers channel blocks.
 */
final class CpuConvBackwardWeight {
    private CpuConvBackwardWeight() {}

    /** {@link CpuConv#backwardWeight} with an explicit GEMM kernel. */
    static void run(CpuGemm.Kernel kern, float[] x, float[] gy, float[] gw, ConvGeometry g) {
        ConvGeo q = new ConvGeo(g);
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
        final ConvSlab dw = panels && kern.rowBlock() > 0 ? ConvSlab.weight(kern, q) : null;
        if (dw != null) {
            slab(kern, dw, q, x, gy, gw);
            return;
        }
        inChunks(items, gw, wsz, (dst, i0, i1) -> {
            if (rows) {
                rowBlocks(kern, q, x, gy, dst, i0, i1, tl, tilesPerSample, workspace((int) rowsWs));
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
    }

    /** The work of one chunk: items [i0, i1) into {@code dst}, overwritten. */
    @FunctionalInterface
    private interface ChunkWork {
        void run(float[] dst, long i0, long i1);
    }

    /**
     * Splits {@code items} work items into {@link CpuConv#weightChunks} chunks in order; chunk 0 writes {@code gw},
     * the others their own weight-sized partial, added to {@code gw} in chunk order (the same order for any thread
     * count).
     */
    private static void inChunks(long items, float[] gw, int wsz, ChunkWork work) {
        final int chunks = weightChunks(items, wsz);
        final float[][] partials = new float[chunks - 1][];
        for (int i = 0; i < chunks - 1; i++) partials[i] = new float[wsz];
        Parallel.forChunks(chunks, c -> work.run(c == 0 ? gw : partials[c - 1], items * c / chunks, items * (c + 1) / chunks));
        if (chunks > 1) {
            Parallel.forRange(wsz, 8192, (e0, e1) -> {
                for (float[] p : partials) {
                    for (int e = e0; e < e1; e++) gw[e] += p[e];
                }
            });
        }
    }

    /**
     * Weight gradient as a direct convolution over slabs: {@code gw_g^T[kFull x coutG] = col * gy_g^T} with the
     * column-matrix rows read in place from the slab ({@link CpuGemm.Kernel#microRows}) and the output gradient
     * packed over the virtual positions (0 in the discarded columns). Work items (sample, plane, row block) are
     * split into fixed chunks; each chunk's elements are FMA chains over its positions in order, and the chunk
     * partials are added in chunk order, as in the other paths.
     */
    private static void slab(CpuGemm.Kernel kern, ConvSlab d, ConvGeo q, float[] x, float[] gy, float[] gw) {
        final int kFull = q.cinG * q.ks, wsz = q.cout * kFull;
        final int mr = kern.rowBlock(), nr = kern.panelWidth();
        final int np = ceilDiv(q.coutG, nr), ldS = np * nr, kPad = ceilDiv(kFull, mr) * mr;
        final int tilesPerSample = d.outD * d.tilesY;
        final long items = (long) q.n * tilesPerSample;
        inChunks(items, gw, wsz, (dst, i0, i1) -> {
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
    }

    /**
     * Weight gradient of the work items [i0, i1) into {@code dst} (overwritten) with a row-block kernel, as
     * {@code gw_g^T[kFull x coutG] = col[kFull x positions] * gy_g^T}: the column matrix is gathered 12 rows at a
     * time (row-major, read in place by the micro-kernel), the output gradient tile is packed once per item, and
     * each weight-gradient element is one FMA chain over the chunk's positions in order, kept in a
     * {@code kFull x coutG} scratch and transposed into {@code dst} at the end.
     */
    private static void rowBlocks(CpuGemm.Kernel kern, ConvGeo q, float[] x, float[] gy, float[] dst, long i0, long i1,
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
}
