package org.cryograd.em.sim;

import org.cryograd.io.XfTransform;

/**
 * Resamples one view through an IMOD transform ({@link XfTransform}, the {@code .xf} line that aligns the raw view):
 * the simulator's detector frame. Bilinear and clamped at the edges, since the specimen continues beyond the box
 * (reconstruction aligns recorded stacks with {@code em.geometry.StackAlignment}, cubic and zero outside).
 */
public final class ViewWarp {
    private ViewWarp() {}

    /** The rotation angle of the transform's matrix, degrees counter-clockwise. */
    public static double angleDeg(XfTransform t) {
        return Math.toDegrees(Math.atan2(t.a21(), t.a11()));
    }

    /**
     * The raw view of an aligned image: {@code raw(x) = aligned(x')} with bilinear interpolation, clamped to the
     * aligned image's edges (the specimen continues beyond the simulated box).
     */
    public static float[] toRaw(XfTransform t, float[] aligned, int ny, int nx) {
        double a11 = t.a11(), a12 = t.a12(), a21 = t.a21(), a22 = t.a22(), dx = t.dx(), dy = t.dy();
        double cx = (nx - 1) / 2.0, cy = (ny - 1) / 2.0;
        float[] out = new float[ny * nx];
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++) {
                double px = a11 * (x - cx) + a12 * (y - cy) + dx + cx, py = a21 * (x - cx) + a22 * (y - cy) + dy + cy;
                out[y * nx + x] = bilinear(aligned, ny, nx, px, py);
            }
        return out;
    }

    /** The aligned view of a raw image: the inverse of {@link #toRaw} ({@code aligned(x') = raw(x)}), clamped at the edges. */
    public static float[] toAligned(XfTransform t, float[] raw, int ny, int nx) {
        double a11 = t.a11(), a12 = t.a12(), a21 = t.a21(), a22 = t.a22(), dx = t.dx(), dy = t.dy();
        double det = a11 * a22 - a12 * a21;
        double i11 = a22 / det, i12 = -a12 / det, i21 = -a21 / det, i22 = a11 / det;
        double cx = (nx - 1) / 2.0, cy = (ny - 1) / 2.0;
        float[] out = new float[ny * nx];
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++) {
                double qx = x - cx - dx, qy = y - cy - dy;
                out[y * nx + x] = bilinear(raw, ny, nx, i11 * qx + i12 * qy + cx, i21 * qx + i22 * qy + cy);
            }
        return out;
    }

    static float bilinear(float[] img, int ny, int nx, double x, double y) {
        x = Math.max(0, Math.min(nx - 1, x));
        y = Math.max(0, Math.min(ny - 1, y));
        int x0 = Math.min(nx - 2, (int) Math.floor(x)), y0 = Math.min(ny - 2, (int) Math.floor(y));
        if (nx == 1) x0 = 0;
        if (ny == 1) y0 = 0;
        double fx = x - x0, fy = y - y0;
        int x1 = Math.min(nx - 1, x0 + 1), y1 = Math.min(ny - 1, y0 + 1);
        double top = img[y0 * nx + x0] * (1 - fx) + img[y0 * nx + x1] * fx;
        double bot = img[y1 * nx + x0] * (1 - fx) + img[y1 * nx + x1] * fx;
        return (float) (top * (1 - fy) + bot * fy);
    }
}
