package org.cryograd.fft;

import java.util.Arrays;
import org.cryograd.tensor.Tensor;

/**
 * The acquired views of a single-axis tilt series: tilt angles in degrees and the tilt axis (volumes
 * {@code [nz, ny, nx]}, light axis z; angle convention in {@link TiltAxis}). It defines the "present" and
 * "missing" Fourier regions of a directional FSC (Van Veen et al. 2024, sec. 3.6.1).
 *
 * <p><b>Present region.</b> Each view samples one central plane; with signed frequency indices {@code k} and
 * plane normal {@code (-sin theta, cos theta)} in physical frequency {@code (f_u, f_z)}, a voxel's distance to
 * the plane, in voxels of the Fourier grid, is {@code |k_u m_u + k_z m_z| / |m|} with
 * {@code m = (-sin theta / n_u, cos theta / n_z)} (for a cubic grid simply {@code |k . normal|}). A voxel is
 * present when that distance is at most 1/2 (+1e-9) for any view: one slab, one voxel thick, per tilt angle.
 * Missing is the rest. Like {@link WedgeMask}, masks are constant along the tilt axis and Hermitian-symmetric.
 *
 * @param anglesDeg tilt angles in degrees, in any order
 * @param axis the tilt axis
 */
public record TiltGeometry(double[] anglesDeg, TiltAxis axis) {
    private static final double EPS = 1e-9;

    /** Validates and copies the angles. */
    public TiltGeometry {
        if (anglesDeg == null || anglesDeg.length == 0) throw new IllegalArgumentException("TiltGeometry: no tilt angles");
        if (axis == null) throw new IllegalArgumentException("TiltGeometry: tilt axis is null");
        for (double a : anglesDeg)
            if (!Double.isFinite(a)) throw new IllegalArgumentException("TiltGeometry: tilt angle " + a + " is not finite");
        anglesDeg = anglesDeg.clone();
    }

    /** Angles {@code min, min + step, ...} up to {@code max} (inclusive within 1e-6 of a step). */
    public static TiltGeometry range(double minDeg, double maxDeg, double stepDeg, TiltAxis axis) {
        if (!(stepDeg > 0) || !(maxDeg >= minDeg))
            throw new IllegalArgumentException("TiltGeometry.range: need step > 0 and max >= min, got min=" + minDeg + ", max=" + maxDeg + ", step=" + stepDeg);
        int n = (int) Math.floor((maxDeg - minDeg) / stepDeg + 1e-6) + 1;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = minDeg + i * stepDeg;
        return new TiltGeometry(a, axis);
    }

    /** The default scheme of the methods: -60 to 60 degrees in steps of 2 (61 views) about y. */
    public static TiltGeometry standard() {
        return range(-60, 60, 2, TiltAxis.Y);
    }

    /** A copy of the angles. */
    @Override
    public double[] anglesDeg() {
        return anglesDeg.clone();
    }

    /** The number of views. */
    public int views() {
        return anglesDeg.length;
    }

    /** 1 on the present region (within half a voxel of an acquired view's plane), else 0. {@code dims = {nz, ny, nx}}. */
    public Tensor presentMask(FourierLayout layout, int... dims) {
        FourierGrid g = TiltPlanes.grid("TiltGeometry.presentMask", dims, layout);
        return TiltPlanes.toTensor(presentArray(g), g.shape, false);
    }

    /** 1 on the missing region ({@code 1 - presentMask}). {@code dims = {nz, ny, nx}}. */
    public Tensor missingMask(FourierLayout layout, int... dims) {
        FourierGrid g = TiltPlanes.grid("TiltGeometry.missingMask", dims, layout);
        return TiltPlanes.toTensor(presentArray(g), g.shape, true);
    }

    boolean[] presentArray(FourierGrid g) {
        int nu = g.dims[axis.inPlaneAxis()], nz = g.dims[0];
        int v = anglesDeg.length;
        double[] mu = new double[v], mz = new double[v];
        for (int i = 0; i < v; i++) { // plane normal in index units, normalised
            double t = Math.toRadians(anglesDeg[i]);
            double a = -Math.sin(t) / nu, b = Math.cos(t) / nz, len = Math.hypot(a, b);
            mu[i] = a / len;
            mz[i] = b / len;
        }
        return TiltPlanes.mask(g, axis, (ku, kz, nu2, nz2) -> {
            for (int i = 0; i < v; i++)
                if (Math.abs(ku * mu[i] + kz * mz[i]) <= 0.5 + EPS) return true;
            return false;
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TiltGeometry t && t.axis == axis && Arrays.equals(t.anglesDeg, anglesDeg);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(anglesDeg) + axis.hashCode();
    }

    @Override
    public String toString() {
        return "TiltGeometry[" + anglesDeg.length + " views, " + anglesDeg[0] + ".." + anglesDeg[anglesDeg.length - 1] + " deg, axis " + axis + "]";
    }
}
