package org.cryograd.fft;

import org.cryograd.tensor.Tensor;

/**
 * Radial shells of Fourier space, the binning of {@link Fsc} and radial profiles.
 *
 * <p>With {@code n_a} the grid sizes, {@code k_a} the signed frequency index of a voxel along axis {@code a} and
 * {@code N = min_a n_a}, the voxel's radius is {@code r = N * sqrt(sum_a (k_a / n_a)^2)}: its normalised
 * frequency {@code |f|} (cycles per voxel) in units of {@code 1/N}. For a cubic grid this is plain
 * {@code |k|} in voxel units; for a non-cubic grid, measuring in normalised frequency keeps the shells spherical
 * in physical frequency, and using the smallest size keeps every shell at least one voxel thick along every axis.
 * The shell index is {@code floor(r + 1/2)} (nearest integer, ties up), so shell {@code s} holds radii in
 * {@code [s - 1/2, s + 1/2)}, 1 voxel wide. Shell {@code s} sits at spatial frequency
 * {@code s / (N * voxelSize)}; shells up to {@link #nyquist} ({@code N/2}) are complete spheres, higher ones are
 * the grid's corners.
 */
public final class Shells {
    private Shells() {}

    /** The shell index of every element of a Fourier array of {@code layout} for a grid {@code dims} (1 to 3 sizes), row-major. */
    public static int[] index(FourierLayout layout, int... dims) {
        FourierGrid g = new FourierGrid("Shells.index", dims, layout);
        int[] out = new int[g.size];
        int r = g.rank();
        int[] sh = g.shape;
        double nmin = g.minDim();
        double[][] f2 = new double[r][];
        for (int a = 0; a < r; a++) {
            f2[a] = new double[sh[a]];
            for (int i = 0; i < sh[a]; i++) {
                double f = (double) g.signed(a, i) / dims[a];
                f2[a][i] = f * f;
            }
        }
        int n1 = r >= 2 ? sh[r - 2] : 1, n0 = r == 3 ? sh[0] : 1, nl = sh[r - 1];
        int p = 0;
        for (int i0 = 0; i0 < n0; i0++) {
            double s0 = r == 3 ? f2[0][i0] : 0;
            for (int i1 = 0; i1 < n1; i1++) {
                double s1 = s0 + (r >= 2 ? f2[r - 2][i1] : 0);
                for (int i2 = 0; i2 < nl; i2++) out[p++] = (int) Math.floor(nmin * Math.sqrt(s1 + f2[r - 1][i2]) + 0.5);
            }
        }
        return out;
    }

    /** {@link #index} as a float tensor of the layout's shape (integer values). */
    public static Tensor indexTensor(FourierLayout layout, int... dims) {
        int[] idx = index(layout, dims);
        float[] v = new float[idx.length];
        for (int i = 0; i < v.length; i++) v[i] = idx[i];
        return Tensor.of(v, new FourierGrid("Shells.indexTensor", dims, layout).shape);
    }

    /** The last complete shell, {@code min(dims)/2}: the Nyquist frequency for even sizes. */
    public static int nyquist(int... dims) {
        return new FourierGrid("Shells.nyquist", dims, FourierLayout.FULL).minDim() / 2;
    }

    /** The spatial frequency (1/Å) of shell {@code shell} for voxels of {@code voxelSize} Å on a grid {@code dims}. */
    public static double frequency(int shell, double voxelSize, int... dims) {
        if (!(voxelSize > 0)) throw new IllegalArgumentException("Shells.frequency: voxel size must be > 0, got " + voxelSize);
        return shell / (new FourierGrid("Shells.frequency", dims, FourierLayout.FULL).minDim() * voxelSize);
    }
}
