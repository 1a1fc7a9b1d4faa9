package org.cryograd.em.sim;

import java.util.Locale;

/**
 * One line of an IMOD {@code .xf} file: the 2-D transform {@code x' = A (x - c) + d + c} that takes a raw image's
 * pixel {@code x} to its place {@code x'} in the aligned image (tilt axis along y), {@code A = [[a11, a12], [a21,
 * a22]]}, shift {@code d} in pixels, {@code c} the image centre ({@code (n - 1)/2} in 0-based pixel indices, i.e.
 * IMOD's {@code n/2} with pixel edges at integers). Applying it to a raw view is what {@code newstack -xform} does.
 *
 * @param a11 matrix element
 * @param a12 matrix element
 * @param a21 matrix element
 * @param a22 matrix element
 * @param dx  shift along x, pixels
 * @param dy  shift along y, pixels
 */
public record Xf(double a11, double a12, double a21, double a22, double dx, double dy) {
    /** The rotation by {@code angleDeg} (counter-clockwise) followed by the shift {@code (dx, dy)} pixels. */
    public static Xf rotation(double angleDeg, double dx, double dy) {
        double a = Math.toRadians(angleDeg), c = Math.cos(a), s = Math.sin(a);
        return new Xf(c, -s, s, c, dx, dy);
    }

    /** The identity. */
    public static Xf identity() {
        return new Xf(1, 0, 0, 1, 0, 0);
    }

    /** The rotation angle of {@code A}, degrees counter-clockwise. */
    public double angleDeg() {
        return Math.toDegrees(Math.atan2(a21, a11));
    }

    /** The line as IMOD writes it: four matrix elements ({@code %12.7f}) and two shifts ({@code %12.3f}). */
    public String format() {
        return String.format(Locale.ROOT, "%12.7f%12.7f%12.7f%12.7f%12.3f%12.3f", a11, a12, a21, a22, dx, dy);
    }

    /**
     * The raw view of an aligned image: {@code raw(x) = aligned(x')} with bilinear interpolation, clamped to the
     * aligned image's edges (the specimen continues beyond the simulated box).
     */
    public float[] toRaw(float[] aligned, int ny, int nx) {
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
    public float[] toAligned(float[] raw, int ny, int nx) {
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
