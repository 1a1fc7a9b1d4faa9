package org.cryograd.fft;

import org.cryograd.tensor.Tensor;

/**
 * Directional FSC of two volumes {@code [nz, ny, nx]} for a tilt geometry (Van Veen et al. 2024, sec. 3.6.1):
 * the FSC over the "present" Fourier region (within half a voxel of an acquired view's central plane) and over
 * the "missing" region (the rest), with the shells of {@link Fsc}. Regions are defined in {@link TiltGeometry}.
 *
 * @param present the FSC over the present region
 * @param missing the FSC over the missing region (NaN on shells with no missing voxels)
 */
public record DirectionalFsc(FscCurve present, FscCurve missing) {
    /** Validates the curves. */
    public DirectionalFsc {
        if (present == null || missing == null) throw new IllegalArgumentException("DirectionalFsc: null curve");
    }

    /** Computes both curves; the volumes are transformed once. */
    public static DirectionalFsc compute(Tensor a, Tensor b, double voxelSize, TiltGeometry geometry) {
        int[] dims = Fsc.check("DirectionalFsc.compute", a, b, voxelSize);
        if (dims.length != 3)
            throw new IllegalArgumentException("DirectionalFsc.compute: need volumes [nz, ny, nx], got shape " + java.util.Arrays.toString(dims));
        if (geometry == null) throw new IllegalArgumentException("DirectionalFsc.compute: tilt geometry is null");
        boolean[] present = geometry.presentArray(new FourierGrid("DirectionalFsc.compute", dims, FourierLayout.HALF));
        boolean[] missing = new boolean[present.length];
        for (int i = 0; i < present.length; i++) missing[i] = !present[i];
        double[] f1 = FftEngine.rfft(a.toArray(), dims, 3), f2 = FftEngine.rfft(b.toArray(), dims, 3);
        return new DirectionalFsc(Fsc.fromSpectra(f1, f2, dims, voxelSize, present), Fsc.fromSpectra(f1, f2, dims, voxelSize, missing));
    }
}
