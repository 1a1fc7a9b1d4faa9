package org.cryograd.fft;

import java.util.Arrays;
import org.cryograd.tensor.Tensor;

/**
 * Fourier shell (3-D) or ring (2-D) correlation of two maps of equal shape:
 * {@code FSC(s) = sum Re(F1 conj F2) / sqrt(sum |F1|^2 * sum |F2|^2)}, the sums over the Fourier voxels of shell
 * {@code s} (shells 1 voxel wide in normalised frequency up to Nyquist, defined in {@link Shells}).
 *
 * <p>Sums run over the full spectrum: the half spectrum of {@link Fft#rfftn} is used with each coefficient
 * counted twice except on the planes that hold their own Hermitian partners, so the values and voxel counts are
 * those of the full {@code fftn}. Transforms are in double precision and sums accumulate in double.
 *
 * <pre>{@code
 * FscCurve c = Fsc.compute(half1, half2, 1.35);      // maps [nz, ny, nx], 1.35 Å voxels
 * double res = c.resolution0143();                    // Å; NaN when it never crosses
 * c.writeCsv(Path.of("fsc.csv"));
 * }</pre>
 */
public final class Fsc {
    private Fsc() {}

    /** The FSC of two maps of the same shape (2-D {@code [ny, nx]} or 3-D {@code [nz, ny, nx]}), voxel size in Å. */
    public static FscCurve compute(Tensor a, Tensor b, double voxelSize) {
        int[] dims = check("Fsc.compute", a, b, voxelSize);
        return fromSpectra(FftEngine.rfft(a.toArray(), dims, dims.length), FftEngine.rfft(b.toArray(), dims, dims.length), dims, voxelSize, null);
    }

    /**
     * The FSC restricted to the Fourier voxels where {@code halfMask} (shape of the {@link FourierLayout#HALF}
     * layout, {@code [.., nx/2+1]}) is above 0.5. The mask should be Hermitian-symmetric (as every mask of this
     * package is) for the full-spectrum counting to be exact.
     */
    public static FscCurve compute(Tensor a, Tensor b, double voxelSize, Tensor halfMask) {
        int[] dims = check("Fsc.compute", a, b, voxelSize);
        FourierGrid g = new FourierGrid("Fsc.compute", dims, FourierLayout.HALF);
        if (!Arrays.equals(halfMask.dims(), g.shape))
            throw new IllegalArgumentException("Fsc.compute: mask shape " + Arrays.toString(halfMask.dims()) + " is not the half-spectrum shape "
                    + Arrays.toString(g.shape) + " of maps " + Arrays.toString(dims));
        float[] m = halfMask.toArray();
        boolean[] sel = new boolean[m.length];
        for (int i = 0; i < m.length; i++) sel[i] = m[i] > 0.5f;
        return fromSpectra(FftEngine.rfft(a.toArray(), dims, dims.length), FftEngine.rfft(b.toArray(), dims, dims.length), dims, voxelSize, sel);
    }

    static int[] check(String op, Tensor a, Tensor b, double voxelSize) {
        if (!Arrays.equals(a.dims(), b.dims()))
            throw new IllegalArgumentException(op + ": maps differ in shape: " + Arrays.toString(a.dims()) + " vs " + Arrays.toString(b.dims()));
        if (a.rank() < 2 || a.rank() > 3)
            throw new IllegalArgumentException(op + ": need 2-D [ny, nx] or 3-D [nz, ny, nx] maps, got shape " + Arrays.toString(a.dims()));
        if (!(voxelSize > 0) || Double.isInfinite(voxelSize))
            throw new IllegalArgumentException(op + ": voxel size must be a positive number of Å, got " + voxelSize);
        return a.dims();
    }

    /** The curve from two half spectra (interleaved, {@link FftEngine#rfft} layout), optionally restricted by {@code sel}. */
    static FscCurve fromSpectra(double[] f1, double[] f2, int[] dims, double voxelSize, boolean[] sel) {
        FourierGrid g = new FourierGrid("Fsc", dims, FourierLayout.HALF);
        int[] shell = Shells.index(FourierLayout.HALF, dims);
        int nyq = g.minDim() / 2;
        double[] num = new double[nyq + 1], p1 = new double[nyq + 1], p2 = new double[nyq + 1];
        long[] count = new long[nyq + 1];
        int nl = g.shape[g.rank() - 1];
        for (int i = 0; i < shell.length; i++) {
            int s = shell[i];
            if (s > nyq || (sel != null && !sel[i])) continue;
            int w = g.halfWeight(i % nl);
            double r1 = f1[2 * i], i1 = f1[2 * i + 1], r2 = f2[2 * i], i2 = f2[2 * i + 1];
            num[s] += w * (r1 * r2 + i1 * i2);
            p1[s] += w * (r1 * r1 + i1 * i1);
            p2[s] += w * (r2 * r2 + i2 * i2);
            count[s] += w;
        }
        double[] fsc = new double[nyq + 1], freq = new double[nyq + 1];
        for (int s = 0; s <= nyq; s++) {
            double d = Math.sqrt(p1[s] * p2[s]);
            fsc[s] = count[s] == 0 || d == 0 ? Double.NaN : num[s] / d;
            freq[s] = s / (g.minDim() * voxelSize);
        }
        return new FscCurve(freq, fsc, count, voxelSize);
    }
}
