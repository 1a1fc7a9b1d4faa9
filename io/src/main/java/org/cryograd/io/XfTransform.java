package org.cryograd.io;

/**
 * One line of an IMOD {@code .xf} file: the 2-D linear transform and shift IMOD applies to a view (e.g. with
 * {@code newstack -xform}) to align it. A point {@code (x, y)} of the raw image, taken relative to the image
 * centre, goes to
 * <pre>
 *   x' = a11 x + a12 y + dx
 *   y' = a21 x + a22 y + dy
 * </pre>
 * in the transformed (aligned) image, also relative to its centre. IMOD's centre is {@code (n - 1) / 2} in 0-based
 * pixel indices (the middle of the image), and shifts are in pixels of the image the file was made for.
 *
 * @param a11 first row, first column
 * @param a12 first row, second column
 * @param a21 second row, first column
 * @param a22 second row, second column
 * @param dx  shift along x, pixels (applied after the matrix)
 * @param dy  shift along y, pixels
 */
public record XfTransform(double a11, double a12, double a21, double a22, double dx, double dy) {
    /** The identity: no rotation, no shift. */
    public static final XfTransform IDENTITY = new XfTransform(1, 0, 0, 1, 0, 0);

    /** Requires finite values. */
    public XfTransform {
        double[] v = {a11, a12, a21, a22, dx, dy};
        for (double x : v) if (!Double.isFinite(x)) throw new IllegalArgumentException("XfTransform: value " + x + " is not finite");
    }

    /**
     * A rotation by {@code deg} degrees (counter-clockwise, x towards y), scaled by {@code scale}, then shifted.
     *
     * @param deg   rotation angle in degrees
     * @param scale magnification factor (1 for none)
     * @param dx    shift along x, pixels
     * @param dy    shift along y, pixels
     * @return {@code scale * [[cos, -sin], [sin, cos]]} with the shift
     */
    public static XfTransform rotation(double deg, double scale, double dx, double dy) {
        double t = Math.toRadians(deg), c = Math.cos(t) * scale, s = Math.sin(t) * scale;
        return new XfTransform(c, -s, s, c, dx, dy);
    }

    /** The determinant {@code a11 a22 - a12 a21}. */
    public double determinant() {
        return a11 * a22 - a12 * a21;
    }
}
