package org.cryograd.em.geometry;

import org.cryograd.io.XfTransform;

/**
 * The geometry and exposure of one view of a tilt series.
 *
 * <p><b>Model.</b> Let {@code q} be a point of the ideal projection (the view of a single-axis tilt about the y
 * axis through the detector centre, what {@link Projector#project} computes) and {@code c = ((nx-1)/2, (ny-1)/2)}
 * the image centre in 0-based pixel indices. The recorded (raw) image shows it at
 * <pre>   r = c + m R(rotationDeg) (q - c) + (shiftX, shiftY)</pre>
 * with {@code R} the counter-clockwise rotation (x towards y) and {@code m} the magnification. So
 * {@code rotationDeg} is the angle of the tilt axis in the raw image, counter-clockwise from y (SerialEM's and IMOD's
 * "tilt axis angle", AreTomo's {@code ROT}, RELION's {@code rlnTomoZRot}), and the shift is where the projected
 * rotation centre lands, in raw pixels (AreTomo's {@code TX, TY}; RELION's {@code rlnTomoX/YShiftAngst} divided by the
 * pixel size). IMOD's {@code .xf} line maps raw to aligned, {@code q - c = A (r - c) + d}, so {@code A = (m R)^-1}
 * and {@code d = -A (shiftX, shiftY)} ({@link #toXf()}, {@link #fromXf}). The ideal geometry is rotation 0,
 * magnification 1, shift 0.
 *
 * @param tiltDeg        tilt angle, degrees (the convention of {@link org.cryograd.fft.TiltAxis})
 * @param rotationDeg    in-plane rotation (tilt axis angle from y, counter-clockwise), degrees
 * @param magnification  magnification of the raw view relative to the ideal projection (1: none)
 * @param shiftX         x shift, raw pixels
 * @param shiftY         y shift, raw pixels
 * @param xTiltDeg       tilt of the specimen about x (IMOD's x-axis tilt, RELION's {@code rlnTomoXTilt}), degrees;
 *                       recorded but not applied by the single-axis projector
 * @param excluded       left out of reconstructions
 * @param preExposure    electrons/Å² received before this view (NaN: unknown)
 * @param dose           electrons/Å² of this view (NaN: unknown)
 * @param defocus        the view's defocus, or null when unknown
 */
public record ViewGeometry(double tiltDeg, double rotationDeg, double magnification, double shiftX, double shiftY, double xTiltDeg,
                           boolean excluded, double preExposure, double dose, Defocus defocus) {
    /** Validates: finite angles and shifts, positive magnification, non-negative (or NaN) exposures. */
    public ViewGeometry {
        for (double x : new double[] {tiltDeg, rotationDeg, shiftX, shiftY, xTiltDeg})
            if (!Double.isFinite(x)) throw new IllegalArgumentException("ViewGeometry: value " + x + " is not finite (tilt " + tiltDeg + ")");
        if (!(magnification > 0) || Double.isInfinite(magnification))
            throw new IllegalArgumentException("ViewGeometry: magnification must be positive, got " + magnification);
        if (preExposure < 0 || dose < 0 || Double.isInfinite(preExposure) || Double.isInfinite(dose))
            throw new IllegalArgumentException("ViewGeometry: exposures must be non-negative (or NaN), got pre " + preExposure + ", dose " + dose);
    }

    /** The ideal view at this tilt: no rotation, shift, x-tilt, exposure or defocus information. */
    public static ViewGeometry ideal(double tiltDeg) {
        return new ViewGeometry(tiltDeg, 0, 1, 0, 0, 0, false, Double.NaN, Double.NaN, null);
    }

    /** Whether the raw view is the ideal projection (rotation 0, magnification 1, shift 0). */
    public boolean isIdentity() {
        return rotationDeg == 0 && magnification == 1 && shiftX == 0 && shiftY == 0;
    }

    /** The IMOD {@code .xf} line that aligns this view: {@code A = (m R)^-1}, {@code d = -A shift}. */
    public XfTransform toXf() {
        double t = Math.toRadians(-rotationDeg), c = Math.cos(t) / magnification, s = Math.sin(t) / magnification;
        double a11 = c, a12 = -s, a21 = s, a22 = c;
        return new XfTransform(a11, a12, a21, a22, -(a11 * shiftX + a12 * shiftY), -(a21 * shiftX + a22 * shiftY));
    }

    /**
     * Rotation, magnification and shift from an IMOD {@code .xf} line (the inverse of {@link #toXf()}). The matrix is
     * taken as its nearest rotation times scale; what is left (stretch, skew) is returned by {@link #xfResidual}.
     *
     * @return {@code {rotationDeg, magnification, shiftX, shiftY}}
     */
    public static double[] fromXf(XfTransform x) {
        // nearest similarity [[p, -q], [q, p]] to A (least squares): p = (a11 + a22)/2, q = (a21 - a12)/2
        double p = 0.5 * (x.a11() + x.a22()), q = 0.5 * (x.a21() - x.a12());
        double scaleA = Math.hypot(p, q), angleA = Math.atan2(q, p);
        // raw = c + (A^-1)(q - c) - A^-1 d: rotation -angleA, magnification 1/scaleA
        double det = x.determinant();
        double i11 = x.a22() / det, i12 = -x.a12() / det, i21 = -x.a21() / det, i22 = x.a11() / det;
        double sx = -(i11 * x.dx() + i12 * x.dy()), sy = -(i21 * x.dx() + i22 * x.dy());
        return new double[] {-Math.toDegrees(angleA), 1 / scaleA, sx, sy};
    }

    /** How far an {@code .xf} matrix is from a rotation times scale: the largest entry of the difference, relative to the scale. */
    public static double xfResidual(XfTransform x) {
        double p = 0.5 * (x.a11() + x.a22()), q = 0.5 * (x.a21() - x.a12());
        double scale = Math.hypot(p, q);
        double r = Math.max(Math.max(Math.abs(x.a11() - p), Math.abs(x.a22() - p)), Math.max(Math.abs(x.a12() + q), Math.abs(x.a21() - q)));
        return r / scale;
    }

    /** This view with another tilt angle. */
    public ViewGeometry withTilt(double deg) {
        return new ViewGeometry(deg, rotationDeg, magnification, shiftX, shiftY, xTiltDeg, excluded, preExposure, dose, defocus);
    }

    /** This view with another in-plane alignment. */
    public ViewGeometry withAlignment(double rotDeg, double mag, double sx, double sy) {
        return new ViewGeometry(tiltDeg, rotDeg, mag, sx, sy, xTiltDeg, excluded, preExposure, dose, defocus);
    }

    /** This view with an x-axis tilt. */
    public ViewGeometry withXTilt(double deg) {
        return new ViewGeometry(tiltDeg, rotationDeg, magnification, shiftX, shiftY, deg, excluded, preExposure, dose, defocus);
    }

    /** This view excluded or included. */
    public ViewGeometry withExcluded(boolean on) {
        return new ViewGeometry(tiltDeg, rotationDeg, magnification, shiftX, shiftY, xTiltDeg, on, preExposure, dose, defocus);
    }

    /** This view with exposure information. */
    public ViewGeometry withExposure(double pre, double own) {
        return new ViewGeometry(tiltDeg, rotationDeg, magnification, shiftX, shiftY, xTiltDeg, excluded, pre, own, defocus);
    }

    /** This view with a defocus (null: unknown). */
    public ViewGeometry withDefocus(Defocus d) {
        return new ViewGeometry(tiltDeg, rotationDeg, magnification, shiftX, shiftY, xTiltDeg, excluded, preExposure, dose, d);
    }
}
