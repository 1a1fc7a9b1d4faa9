package org.cryograd.fft;

/**
 * The tilt axis of a tilt series, for volumes laid out {@code [z, y, x]} (the light/beam axis is z).
 *
 * <p>Angle convention (used by {@link TiltGeometry} and {@link WedgeMask}): with {@code u} the axis that is
 * neither the tilt axis nor z ({@code x} for {@link #Y}, {@code y} for {@link #X}), the view at tilt angle
 * {@code theta} integrates along the ray direction {@code (u, z) = (-sin theta, cos theta)}, so its detector
 * coordinate is {@code u cos theta + z sin theta}. By the central-slice theorem it samples the central Fourier
 * plane that contains the tilt axis and the direction {@code (k_u, k_z) = (cos theta, sin theta)}. At
 * {@code theta = 0} that is the plane {@code k_z = 0}.
 */
public enum TiltAxis {
    /** Tilt about y (the usual single-axis tomography geometry): rotation in the x-z plane. */
    Y,
    /** Tilt about x: rotation in the y-z plane. */
    X;

    /** The array axis (0 = z, 1 = y, 2 = x) of the in-plane direction {@code u} that rotates with z. */
    int inPlaneAxis() {
        return this == Y ? 2 : 1;
    }
}
