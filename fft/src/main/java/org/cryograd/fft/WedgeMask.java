package org.cryograd.fft;

import org.cryograd.tensor.Tensor;

/**
 * Missing-wedge masks in Fourier space for a continuous tilt range, for volumes {@code [nz, ny, nx]} (light axis z).
 *
 * <p>A tilt range {@code [minDeg, maxDeg]} about {@link TiltAxis} samples every central plane of the angles in the
 * range (angle convention in {@link TiltAxis}). A Fourier voxel with signed frequency indices {@code k_u} (the
 * in-plane axis) and {@code k_z} lies on the plane of angle {@code phi = atan(f_z / f_u)} with
 * {@code f = k / n} the normalised frequencies (so non-cubic grids use physical directions); it is
 * <em>measured</em> when {@code phi + 180 j} lies in {@code [minDeg, maxDeg]} for some integer {@code j}
 * (inclusive, 1e-9 degree tolerance), and voxels on the tilt axis ({@code k_u = k_z = 0}) are always measured.
 * The rest is the missing wedge. Masks are binary, constant along the tilt axis, and Hermitian-symmetric (see
 * {@link FourierLayout}: a component on an even size's Nyquist bin counts with both signs).
 *
 * <p>Masks are float tensors of 0 and 1 in {@link FourierLayout#FULL} ({@code [nz, ny, nx]}) or
 * {@link FourierLayout#HALF} ({@code [nz, ny, nx/2+1]}) layout, in FFT order; multiply them with
 * {@link Fft#multiply} into a spectrum from {@link Fft#fftn} or {@link Fft#rfftn}.
 */
public final class WedgeMask {
    private static final double EPS_DEG = 1e-9;

    private WedgeMask() {}

    /** 1 where the tilt range samples Fourier space, 0 in the missing wedge. {@code dims = {nz, ny, nx}}. */
    public static Tensor measured(TiltAxis axis, double minDeg, double maxDeg, FourierLayout layout, int... dims) {
        FourierGrid g = TiltPlanes.grid("WedgeMask.measured", dims, layout);
        return TiltPlanes.toTensor(measuredArray(g, axis, minDeg, maxDeg), g.shape, false);
    }

    /** 1 in the missing wedge, 0 where the tilt range samples Fourier space: {@code 1 - measured(...)}. */
    public static Tensor missing(TiltAxis axis, double minDeg, double maxDeg, FourierLayout layout, int... dims) {
        FourierGrid g = TiltPlanes.grid("WedgeMask.missing", dims, layout);
        return TiltPlanes.toTensor(measuredArray(g, axis, minDeg, maxDeg), g.shape, true);
    }

    static boolean[] measuredArray(FourierGrid g, TiltAxis axis, double minDeg, double maxDeg) {
        if (axis == null) throw new IllegalArgumentException("WedgeMask: tilt axis is null");
        if (!(minDeg <= maxDeg) || Double.isInfinite(minDeg) || Double.isInfinite(maxDeg))
            throw new IllegalArgumentException("WedgeMask: need finite minDeg <= maxDeg, got [" + minDeg + ", " + maxDeg + "]");
        return TiltPlanes.mask(g, axis, (ku, kz, nu, nz) -> {
            if (ku == 0 && kz == 0) return true;
            double phi = Math.toDegrees(Math.atan2((double) kz / nz, (double) ku / nu)); // (-180, 180]
            // bring phi to the first representative >= minDeg - eps, then test against maxDeg
            double shifted = phi + 180.0 * Math.ceil((minDeg - EPS_DEG - phi) / 180.0);
            return shifted <= maxDeg + EPS_DEG;
        });
    }
}
