package org.cryograd.tensor.cpu;

import static org.cryograd.tensor.cpu.ConvColumns.padColumns;
import static org.cryograd.tensor.cpu.ConvGeo.ceilDiv;
import static org.cryograd.tensor.cpu.ConvGeo.checkLen;
import static org.cryograd.tensor.cpu.CpuConv.SMALL_M;
import static org.cryograd.tensor.cpu.CpuConv.TILE_MAX;
import static org.cryograd.tensor.cpu.CpuConv.WORKSPACE_CAP_FLOATS;
import static org.cryograd.tensor.cpu.CpuConv.chunkCount;
import static org.cryograd.tensor.cpu.CpuConv.tileLen;
import static org.cryograd.tensor.cpu.CpuConv.workspace;

import java.util.Arrays;
import org.cryograd.tensor.cpu.ConvColumns.Runs;
import org.cryograd.tensor.spi.ConvGeometry;

/**
 * The data-gradient convolution pass ({@link CpuConv#backwardData}, also a transposed convolution's forward pass),
 * in gather form: input positions are split into the {@code stride[0]*stride[1]*stride[2]} phases
 * {@code (i + padding) mod stride}; within a phase only the kernel taps of the same phase can reach an input position,
 * and they read the output gradient at unit stride. Each tile of one phase's positions is computed as
 * {@code Wr_phase[cinG, coutG*taps] * gcol} and written to the positions it owns, so no two tiles touch the same
 * element. Paths as in {@link CpuConvForward}: pointwise, {@link ConvSlab} (unit strides, SIMD), packed panels or
 * fused rows (SIMD), gathered channel blocks (scalar).
 */
final class CpuConvBackwardData {
    private CpuConvBackwardData() {}

    /** {@link CpuConv#backwardData} with an explicit GEMM kernel. */
    static void run(CpuGemm.Kernel kern, float[] gy, float[] w, float[] gx, ConvGeometry g) {
        ConvGeo q = new ConvGeo(g);
        checkLen("gy", gy, (long) q.n * q.cout * q.outSize);
        checkLen("w", w, (long) q.cout * q.cinG * q.ks);
        checkLen("gx", gx, (long) q.n * q.cin * q.inSize);
        if (q.pointwise()) {
            pointwise(kern, q, gy, w, gx);
            return;
        }
        final Phase[] phases = Phase.all(q);
        final int wGroup = q.cinG * q.coutG * q.ks;
        final float[] wr = phaseWeights(q, phases, w, wGroup);
        int sizeMax = 0;
        for (Phase ph : phases) sizeMax = Math.max(sizeMax, ph.size);
        final boolean direct = phases.length == 1; // all strides 1: the phase is the whole input grid
        if (kern.panelWidth() > 0) {
            ConvSlab d = direct ? ConvSlab.backwardData(kern, q) : null;
            if (d != null) ConvSlab.pass(kern, d, q, gy, q.coutG * q.outSize, wr, wGroup, q.coutG * q.ks, q.cinG, null, gx, q.inSize);
            else panels(kern, q, phases, wr, wGroup, sizeMax, direct, gy, gx);
            return;
        }
        gathered(kern, q, phases, wr, wGroup, sizeMax, direct, gy, gx);
    }

    /** The weights per group and phase, {@code wr[grp][phase][ci][co*nk + t] = w[grp*coutG + co][ci][tap of phase t]}. */
    private static float[] phaseWeights(ConvGeo q, Phase[] phases, float[] w, int wGroup) {
        final float[] wr = new float[q.groups * wGroup];
        for (Phase ph : phases) {
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
        return wr;
    }

    /**
     * Data gradient with the scalar kernel: per phase tile, channel blocks of the phase's column matrix gathered into
     * the workspace and multiplied by {@link CpuGemm#sgemmSerial}; with several phases the result tile goes through
     * the workspace and is scattered to the positions it owns.
     */
    private static void gathered(CpuGemm.Kernel kern, ConvGeo q, Phase[] phases, float[] wr, int wGroup, int sizeMax,
                                 boolean direct, float[] gy, float[] gx) {
        int nkMax = 0;
        for (Phase ph : phases) nkMax = Math.max(nkMax, ph.nk);
        final int tmpRows = direct ? 0 : q.cinG;
        int t0 = tileLen(q.coutG * Math.max(1, nkMax) + tmpRows, Math.max(1, sizeMax));
        if ((long) (Math.max(1, nkMax) + tmpRows) * t0 > WORKSPACE_CAP_FLOATS)
            t0 = Math.max(1, WORKSPACE_CAP_FLOATS / (Math.max(1, nkMax) + tmpRows));
        final int tl = t0;
        final int cb = Math.max(1, Math.min(q.coutG, (WORKSPACE_CAP_FLOATS / tl - tmpRows) / Math.max(1, nkMax)));
        final int colFloats = cb * Math.max(1, nkMax) * tl;
        // tiles of every phase, one after the other; the same list for every (sample, group)
        int[] firstTile = firstTiles(phases, tl);
        final int tilesPerSG = firstTile[phases.length];
        int chunks = chunkCount((long) q.n * q.groups * tilesPerSG);
        Parallel.forChunks(chunks, c -> {
            PhaseTile t = PhaseTile.of(c, q, phases, firstTile, tl, wGroup);
            Phase ph = t.ph;
            int p0 = t.p0, len = t.len, gxOff = t.gxOff, gyOff = t.gyOff, wOff = t.wOff, kd = t.kd;
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
    private static void pointwise(CpuGemm.Kernel kern, ConvGeo q, float[] gy, float[] w, float[] gx) {
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

    /** Data gradient with a packed-panel kernel: as the forward pass's, over the tiles of each phase. */
    private static void panels(CpuGemm.Kernel kern, ConvGeo q, Phase[] phases, float[] wr, int wGroup, int sizeMax,
                               boolean direct, float[] gy, float[] gx) {
        final int tmpRows = direct ? 0 : q.cinG;
        int t0 = Math.min(Math.min(TILE_MAX, kern.colTile()), Math.max(1, sizeMax));
        if ((long) tmpRows * t0 > WORKSPACE_CAP_FLOATS) t0 = Math.max(1, WORKSPACE_CAP_FLOATS / tmpRows);
        final int tl = t0;
        int[] firstTile = firstTiles(phases, tl);
        final int tilesPerSG = firstTile[phases.length];
        int chunks = chunkCount((long) q.n * q.groups * tilesPerSG);
        Parallel.forChunks(chunks, c -> {
            PhaseTile t = PhaseTile.of(c, q, phases, firstTile, tl, wGroup);
            Phase ph = t.ph;
            int p0 = t.p0, len = t.len, gxOff = t.gxOff, gyOff = t.gyOff, wOff = t.wOff, kd = t.kd;
            float[] out = direct ? gx : workspace(tmpRows * tl);
            int outOff = direct ? gxOff + p0 : 0;
            int ldOut = direct ? q.inSize : len;
            if (kd == 0) { // nothing reaches these positions
                for (int ci = 0; ci < q.cinG; ci++) Arrays.fill(out, outOff + ci * ldOut, outOff + ci * ldOut + len, 0f);
            } else if (q.cinG <= SMALL_M) {
                fused(kern, q, ph, gy, gyOff, wr, wOff, kd, out, outOff, ldOut, p0, len);
            } else {
                kern.gemmPanels(false, q.cinG, len, kd, wr, wOff, kd,
                        (pr, kc, nr, ps, bp) -> fillPhase(kern, q, ph, gy, gyOff, p0, len, pr, kc, nr, ps, bp), false, out, outOff, ldOut);
            }
            if (!direct) scatterPhase(q, ph, out, 0, len, p0, gx, gxOff);
        });
    }

    /**
     * Chunk {@code c} of the tile loops: tile {@code c % tilesPerSG} of sample/group {@code c / tilesPerSG}, i.e. the
     * phase it falls in, its first position and length, and the offsets of its data gradient, output gradient and
     * reordered weights.
     */
    private record PhaseTile(Phase ph, int p0, int len, int gxOff, int gyOff, int wOff, int kd) {
        static PhaseTile of(int c, ConvGeo q, Phase[] phases, int[] firstTile, int tl, int wGroup) {
            int tilesPerSG = firstTile[phases.length];
            int tile = c % tilesPerSG, sg = c / tilesPerSG, grp = sg % q.groups, s = sg / q.groups;
            int pi = 0;
            while (firstTile[pi + 1] <= tile) pi++;
            Phase ph = phases[pi];
            int p0 = (tile - firstTile[pi]) * tl;
            return new PhaseTile(ph, p0, Math.min(tl, ph.size - p0), (s * q.cin + grp * q.cinG) * q.inSize,
                    (s * q.cout + grp * q.coutG) * q.outSize, grp * wGroup + ph.wrOff, q.coutG * ph.nk);
        }
    }

    /** Index of the first tile of each phase when the phases' tiles of length tl follow one another; then the total. */
    private static int[] firstTiles(Phase[] phases, int tl) {
        int[] firstTile = new int[phases.length + 1];
        for (int i = 0; i < phases.length; i++) firstTile[i + 1] = firstTile[i] + ceilDiv(phases[i].size, tl);
        return firstTile;
    }

    /**
     * Data gradient of one phase tile for at most {@link CpuConv#SMALL_M} input channels: as the forward pass's fused
     * path, FMA chains in increasing row order over the phase's column matrix read in place.
     */
    private static void fused(CpuGemm.Kernel kern, ConvGeo q, Phase ph, float[] gy, int gyOff, float[] wr, int wOff, int kd,
                              float[] out, int outOff, int ldOut, int p0, int len) {
        int m = q.cinG;
        for (int i = 0; i < m; i++) Arrays.fill(out, outOff + i * ldOut, outOff + i * ldOut + len, 0f);
        Runs runs = Runs.of(p0, len, ph.cnt[1], ph.cnt[2]);
        for (int r = 0; r < kd; r++) {
            phaseRuns(q, ph, gyOff, r, runs);
            kern.fmaRuns(m, wr, wOff + r, kd, gy, runs.pos, runs.cnt, runs.s, runs.lo, runs.hi, runs.n, out, outOff, ldOut);
        }
    }

    /** Packed panels of a phase's column matrix: rows [r0, r0+kc) x phase positions [p0, p0+len). */
    private static void fillPhase(CpuGemm.Kernel kern, ConvGeo q, Phase ph, float[] gy, int gyOff, int p0, int len, int r0, int kc,
                                  int nr, int ps, float[] bp) {
        Runs runs = Runs.of(p0, len, ph.cnt[1], ph.cnt[2]);
        for (int p = 0; p < kc; p++) {
            phaseRuns(q, ph, gyOff, r0 + p, runs);
            kern.packRuns(gy, runs.pos, runs.cnt, runs.s, runs.lo, runs.hi, runs.n, bp, ps, nr, p);
            padColumns(bp, ps, nr, p, len);
        }
    }

    /**
     * Source offsets and valid ranges of row r = (co, t) of a phase's column matrix for the tile's runs (unit stride).
     */
    private static void phaseRuns(ConvGeo q, Phase ph, int gyOff, int r, Runs runs) {
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

    /**
     * Gathers the output-gradient column tile for positions {@code [p0, p0 + len)} of a phase's
     * sub-grid: {@code col[(co*nk + t)*len + j] = gy[gyOff + co*outSize + o]} where {@code o} is the
     * output position whose phase tap {@code t} reads that input position, or 0 where there is none.
     * Along the sub-grid, {@code o = u + mlo - tapStep} in every dimension (unit stride).
     */
    private static void gatherPhase(ConvGeo q, Phase ph, float[] gy, int gyOff, int nch, int p0, int len, float[] col) {
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
    private static void scatterPhase(ConvGeo q, Phase ph, float[] tmp, int tmpOff, int len, int p0, float[] gx, int gxOff) {
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
     * One phase of the input grid for the data gradient: the input positions
     * {@code i = first + stride*u} ({@code 0 <= u < cnt}) per dimension, all reached only by the kernel
     * taps {@code k = phase + stride*t} ({@code 0 <= t < nks}), from output {@code o = u + mlo - t}.
     */
    private static final class Phase {
        final int[] nks = new int[3], cnt = new int[3], mlo = new int[3], first = new int[3];
        int nk, size, wrOff;
        int[] taps;

        static Phase[] all(ConvGeo q) {
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
}
