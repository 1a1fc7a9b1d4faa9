package org.cryograd.em.denoise;

import java.util.stream.IntStream;

/**
 * 3-D non-local means, the algorithm of scikit-image 0.19's {@code denoise_nl_means(image, patch_size, patch_distance,
 * h, fast_mode=True, sigma)} for a single-channel volume (Darbon et al. 2008; the loop over shifts with integral
 * images), reproduced step by step so the outputs agree to float precision:
 * <ul>
 *   <li>an even patch size {@code s} becomes {@code s + 1}; {@code offset = s / 2}; the volume is padded by
 *       {@code offset + d + 1} on every side with numpy's {@code 'reflect'} mode (no edge repeat);</li>
 *   <li>for every shift {@code t} with {@code t_z, t_y in [-d, d]}, {@code t_x in [0, d]}: the patch distance is the
 *       box sum of {@code (v(p) - v(p + t))^2 - 2 sigma^2} over the {@code (s-1)^3} voxels {@code p - offset + 1 ..
 *       p + offset} per axis (skimage's integral-image corners), clipped at 0 and divided by {@code h^2 s^3};</li>
 *   <li>distances above 5 are skipped; otherwise the weight {@code alpha * fastExp(-distance)} ({@code alpha = 1/2}
 *       for {@code t_x = 0}, which is visited from both sides) is added symmetrically to both voxels' weights and
 *       weighted sums; {@code fastExp} is skimage's Schraudolph approximation (double version);</li>
 *   <li>the result is the weighted sum over the weight sum, cropped back to the input's size.</li>
 * </ul>
 * The shifts are split into a fixed number of chunks, each accumulated on its own and then summed in chunk order, so
 * results do not depend on the number of threads (sums run in a different order from skimage's, ~1e-12 apart).
 *
 * @param patchSize     patch size {@code s} (voxels per axis)
 * @param patchDistance search distance {@code d}: shifts up to {@code d} voxels per axis
 * @param h             cut-off, in intensity units
 * @param sigma         known noise standard deviation subtracted from the distances (0 = off)
 */
public record NonLocalMeans(int patchSize, int patchDistance, double h, double sigma) implements VolumeDenoiser {
    private static final double DISTANCE_CUTOFF = 5.0;
    private static final int CHUNKS = 8;

    /** Checks the parameters. */
    public NonLocalMeans {
        if (patchSize < 1) throw new IllegalArgumentException("NonLocalMeans: patchSize must be >= 1, got " + patchSize);
        if (patchDistance < 0) throw new IllegalArgumentException("NonLocalMeans: patchDistance must be >= 0, got " + patchDistance);
        if (!(h > 0) || Double.isInfinite(h)) throw new IllegalArgumentException("NonLocalMeans: h must be positive, got " + h);
        if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("NonLocalMeans: sigma must be >= 0, got " + sigma);
    }

    /** skimage's fast exponential: the high word of a double set to {@code (int)(2^20/ln 2 * y) + 1072632447}. */
    static double fastExp(double y) {
        long hi = (int) (1512775.3951951856938 * y) + 1072632447L;
        return Double.longBitsToDouble(hi << 32);
    }

    @Override
    public float[] denoise(float[] volume, int nz, int ny, int nx) {
        VolumeDenoiser.checkShape("NonLocalMeans", volume, nz, ny, nx);
        if (nz < 2 || ny < 2 || nx < 2) throw new IllegalArgumentException("NonLocalMeans: every axis needs >= 2 voxels, got [" + nz + ", " + ny + ", " + nx + "]");
        int s = patchSize % 2 == 0 ? patchSize + 1 : patchSize;
        int off = s / 2, d = patchDistance, pad = off + d + 1;
        int np = nz + 2 * pad, nr = ny + 2 * pad, nc = nx + 2 * pad;
        double[] padded = new double[np * nr * nc];
        for (int p = 0; p < np; p++) {
            int sz = reflect(p - pad, nz);
            for (int r = 0; r < nr; r++) {
                int sy = reflect(r - pad, ny);
                for (int c = 0; c < nc; c++) padded[(p * nr + r) * nc + c] = volume[(sz * ny + sy) * nx + reflect(c - pad, nx)];
            }
        }
        double norm = h * h * s * s * s, varDiff = 2 * sigma * sigma;
        int shifts = (2 * d + 1) * (2 * d + 1) * (d + 1);
        int chunks = Math.min(CHUNKS, shifts);
        double[][] weights = new double[chunks][], sums = new double[chunks][];
        IntStream.range(0, chunks).parallel().forEach(k -> {
            double[] w = new double[padded.length], acc = new double[padded.length], integral = new double[padded.length];
            for (int t = (int) ((long) shifts * k / chunks); t < (int) ((long) shifts * (k + 1) / chunks); t++) {
                int tp = t / ((2 * d + 1) * (d + 1)) - d, tr = (t / (d + 1)) % (2 * d + 1) - d, tc = t % (d + 1);
                accumulate(padded, np, nr, nc, tp, tr, tc, off, norm, varDiff, integral, w, acc);
            }
            weights[k] = w;
            sums[k] = acc;
        });
        float[] out = new float[volume.length];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) {
                    int i = ((z + pad) * nr + y + pad) * nc + x + pad;
                    double w = 0, a = 0;
                    for (int k = 0; k < chunks; k++) {
                        w += weights[k][i];
                        a += sums[k][i];
                    }
                    out[(z * ny + y) * nx + x] = (float) (a / w);
                }
        return out;
    }

    private static void accumulate(double[] v, int np, int nr, int nc, int tp, int tr, int tc, int off, double norm, double varDiff,
                                   double[] integral, double[] w, double[] acc) {
        double alpha = tc == 0 ? 0.5 : 1;
        int plane = nr * nc, shift = (tp * nr + tr) * nc + tc;
        // integral image of the squared difference (skimage's _integral_image_3d; its ranges, its recurrence)
        int p0 = Math.max(1, -tp), p1 = Math.min(np, np - tp), r0 = Math.max(1, -tr), r1 = Math.min(nr, nr - tr);
        for (int p = p0; p < p1; p++)
            for (int r = r0; r < r1; r++) {
                int base = (p * nr + r) * nc;
                for (int c = 1; c < nc - tc; c++) {
                    int i = base + c;
                    double diff = v[i] - v[i + shift];
                    integral[i] = diff * diff - varDiff + integral[i - plane] + integral[i - nc] + integral[i - 1]
                            + integral[i - plane - nc - 1] - integral[i - plane - nc] - integral[i - nc - 1] - integral[i - plane - 1];
                }
            }
        int pmin = Math.max(off, off - tp), pmax = Math.min(np - off, np - off - tp);
        int rmin = Math.max(off, off - tr), rmax = Math.min(nr - off, nr - off - tr);
        int cmin = off, cmax = nc - off - tc;
        int dp = off * plane, dr = off * nc;
        for (int p = pmin; p < pmax; p++)
            for (int r = rmin; r < rmax; r++)
                for (int c = cmin; c < cmax; c++) {
                    int i = (p * nr + r) * nc + c;
                    double dist = integral[i + dp + dr + off] - integral[i - dp - dr - off]
                            + integral[i - dp - dr + off] + integral[i - dp + dr - off] + integral[i + dp - dr - off]
                            - integral[i - dp + dr + off] - integral[i + dp - dr + off] - integral[i + dp + dr - off];
                    dist = Math.max(dist, 0.0) / norm;
                    if (dist > DISTANCE_CUTOFF) continue;
                    double wt = alpha * fastExp(-dist);
                    int j = i + shift;
                    w[i] += wt;
                    w[j] += wt;
                    acc[i] += wt * v[j];
                    acc[j] += wt * v[i];
                }
    }

    /** numpy's {@code 'reflect'} padding index (period {@code 2(n-1)}, edge not repeated). */
    static int reflect(int i, int n) {
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
