package org.cryograd.dual;

/**
 * How far a network's output is translated against its input: the shift {@code (dz, dy, dx)} that maximises
 * {@code |corr(out(x + d), in(x))|} (Pearson over the overlap of both standardised volumes; the absolute value because a
 * translation between domains may invert contrast), found on the integer shifts within {@code ±maxShift} and refined
 * to a fraction of a voxel per axis by a three-point Gaussian fit through the peak and its two neighbours (a parabola
 * where a neighbour's correlation is not positive).
 *
 * <p>Why: a cycle-consistent GAN has an exact symmetry the losses cannot see, Dn translating by {@code +d} and Gs by
 * {@code -d}; when training drifts into it, every denoised tomogram is silently misregistered with its input
 * (particle coordinates picked on it are off by {@code d}), and every simulation with its density map. The input is
 * the only reference needed, so the check runs on the training data itself.
 *
 * @param dz        z shift of the output relative to the input, voxels
 * @param dy        y shift
 * @param dx        x shift
 * @param peak      the correlation at that shift (signed)
 * @param atZero    the correlation without a shift
 */
public record Registration(double dz, double dy, double dx, double peak, double atZero) {

    /** Whether the best integer shift is zero (every component below half a voxel). */
    public boolean registered() {
        return Math.abs(dz) < 0.5 && Math.abs(dy) < 0.5 && Math.abs(dx) < 0.5;
    }

    /** The shift as {@code {dz, dy, dx}}. */
    public double[] shift() {
        return new double[] {dz, dy, dx};
    }

    /** {@code "(dz, dy, dx)"}, two decimals. */
    public String shiftText() {
        return text(shift());
    }

    /** {@code "(dz, dy, dx)"} of a shift, two decimals. */
    public static String text(double[] d) {
        return String.format(java.util.Locale.ROOT, "(%.2f, %.2f, %.2f)", d[0], d[1], d[2]);
    }

    /**
     * Measures the translation of {@code out} against {@code in} (same {@code [nz, ny, nx]} shape), searching
     * {@code ±maxShift} voxels per axis (clamped to a quarter of each edge) on the central region of at most
     * {@code 64^3} voxels.
     */
    public static Registration measure(float[] out, float[] in, int nz, int ny, int nx, int maxShift) {
        if (out.length != in.length || in.length != (long) nz * ny * nx)
            throw new IllegalArgumentException("Registration.measure: " + out.length + " and " + in.length + " voxels for shape [" + nz + ", " + ny + ", " + nx + "]");
        if (maxShift < 0) throw new IllegalArgumentException("Registration.measure: maxShift must be >= 0, got " + maxShift);
        Volume ca = centre(new Volume(out, nz, ny, nx)), cb = centre(new Volume(in, nz, ny, nx));
        int cz = ca.nz(), cy = ca.ny(), cx = ca.nx();
        float[] a = ca.data(), b = cb.data();
        int mz = Math.min(maxShift, cz / 4), my = Math.min(maxShift, cy / 4), mx = Math.min(maxShift, cx / 4);
        int sy = 2 * my + 1, sx = 2 * mx + 1;
        double[] corr = new double[(2 * mz + 1) * sy * sx]; // every searched shift's correlation, for the refinement
        int best = -1;
        for (int dz = -mz, i = 0; dz <= mz; dz++)
            for (int dy = -my; dy <= my; dy++)
                for (int dx = -mx; dx <= mx; dx++, i++) {
                    corr[i] = overlapCorrelation(a, b, cz, cy, cx, dz, dy, dx);
                    if (best < 0 || Math.abs(corr[i]) > Math.abs(corr[best]) + 1e-12) best = i;
                }
        int zeroAt = (mz * sy + my) * sx + mx;
        if (Math.abs(corr[zeroAt]) >= Math.abs(corr[best]) - 1e-12) best = zeroAt; // ties keep zero
        int[] at = {best / (sy * sx) - mz, best / sx % sy - my, best % sx - mx}, lim = {mz, my, mx}, step = {sy * sx, sx, 1};
        double[] d = new double[3];
        for (int axis = 0; axis < 3; axis++) {
            d[axis] = at[axis];
            if (Math.abs(at[axis]) == lim[axis]) continue; // at the edge of the search: no neighbour outside
            d[axis] += peakOffset(Math.abs(corr[best - step[axis]]), Math.abs(corr[best]), Math.abs(corr[best + step[axis]]));
        }
        return new Registration(d[0], d[1], d[2], corr[best], corr[zeroAt]);
    }

    /**
     * Where the maximum lies between three equally spaced samples {@code lo, mid, hi} with {@code mid} the largest, as
     * an offset from {@code mid} in {@code [-1/2, 1/2]}: the vertex of the Gaussian through them (of the parabola
     * where a sample is not positive).
     */
    static double peakOffset(double lo, double mid, double hi) {
        double l = lo, m = mid, h = hi;
        if (lo > 0 && mid > 0 && hi > 0) {
            l = Math.log(lo);
            m = Math.log(mid);
            h = Math.log(hi);
        }
        double curv = l - 2 * m + h;
        if (!(curv < 0)) return 0;
        return Math.max(-0.5, Math.min(0.5, 0.5 * (l - h) / curv));
    }

    /** The central region of at most {@code 64^3} voxels of {@code v} (where the check looks). */
    static Volume centre(Volume v) {
        int cz = Math.min(v.nz(), 64), cy = Math.min(v.ny(), 64), cx = Math.min(v.nx(), 64);
        int z0 = (v.nz() - cz) / 2, y0 = (v.ny() - cy) / 2, x0 = (v.nx() - cx) / 2;
        float[] c = new float[cz * cy * cx];
        for (int z = 0; z < cz; z++)
            for (int y = 0; y < cy; y++)
                System.arraycopy(v.data(), ((z0 + z) * v.ny() + y0 + y) * v.nx() + x0, c, (z * cy + y) * cx, cx);
        return new Volume(c, cz, cy, cx);
    }

    /** Pearson correlation of {@code a(x + d)} and {@code b(x)} over the voxels where both exist. */
    static double overlapCorrelation(float[] a, float[] b, int nz, int ny, int nx, int dz, int dy, int dx) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        long n = 0;
        for (int z = Math.max(0, -dz); z < Math.min(nz, nz - dz); z++)
            for (int y = Math.max(0, -dy); y < Math.min(ny, ny - dy); y++) {
                int ra = ((z + dz) * ny + y + dy) * nx + dx, rb = (z * ny + y) * nx;
                for (int x = Math.max(0, -dx); x < Math.min(nx, nx - dx); x++) {
                    double p = a[ra + x], q = b[rb + x];
                    sa += p;
                    sb += q;
                    saa += p * p;
                    sbb += q * q;
                    sab += p * q;
                }
                n += Math.max(0, Math.min(nx, nx - dx) - Math.max(0, -dx));
            }
        if (n < 2) return 0;
        double cov = sab - sa * sb / n, va = saa - sa * sa / n, vb = sbb - sb * sb / n;
        return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
    }
}
