package org.cryograd.tensor.cpu;

import java.util.Arrays;

/**
 * Reading the forward pass's column matrix {@code col[(ci, tap), position]} (input values, 0 in the padding) without
 * building it: gathered tiles for the scalar path, and {@link Runs} (source offsets and valid ranges along x) for the
 * SIMD paths. Shared by {@link CpuConvForward} and {@link CpuConvBackwardWeight}; the data gradient reads its own
 * (phase) column matrix in {@link CpuConvBackwardData}.
 */
final class ConvColumns {
    private ConvColumns() {}

    /** The runs of a tile of positions along the fastest axis, and per-row source offsets and valid ranges. */
    static final class Runs {
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
     * Source offsets and valid ranges of row r = (ci, tap) of the forward column matrix for the tile's runs:
     * position t of run u reads {@code x[s[u] + t*sw]} for {@code lo[u] <= t < hi[u]}, else 0.
     */
    static void inputRuns(ConvGeo q, int xOff, int r, Runs runs) {
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
     * Gathers the input column tile for output positions {@code [q0, q0 + len)}:
     * {@code col[(ci*ks + tap)*len + j] = x[xOff + ci*inSize + input position of (q0 + j, tap)]}, or 0 in
     * the padding.
     */
    static void gatherInput(ConvGeo q, float[] x, int xOff, int nch, int q0, int len, float[] col) {
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

    /** Zeros packed row p beyond column len up to the end of its last panel. */
    static void padColumns(float[] bp, int ps, int nr, int p, int len) {
        int np = ConvGeo.ceilDiv(len, nr);
        if (len < np * nr) {
            int d = (np - 1) * ps + p * nr;
            Arrays.fill(bp, d + len - (np - 1) * nr, d + nr, 0f);
        }
    }
}
