package org.cryograd.em.eval;

import org.cryograd.fft.Fft;
import org.cryograd.fft.FourierLayout;
import org.cryograd.tensor.Tensor;

/**
 * Radially averaged power spectrum of a volume {@code [nz, ny, nx]}: {@code P(s) = mean over Fourier voxels k in shell
 * s of |F(k)|^2 / N}, with {@code F} the unnormalised DFT and {@code N} the number of voxels (so white noise of
 * variance {@code s2} has {@code P = s2} everywhere). Shells follow fft's {@code Shells}: frequency {@code f = k/n}
 * per axis in cycles/voxel, {@code r = min(n) |f|}, shell {@code floor(r + 1/2)}, shells {@code 0 .. min(n)/2}; the
 * corners beyond Nyquist are left out. Computed from the half spectrum with Hermitian weights.
 */
public final class RadialSpectrum {
    private RadialSpectrum() {}

    /** The spectrum, one value per shell {@code 0 .. min(nz, ny, nx)/2}. */
    public static double[] compute(float[] volume, int nz, int ny, int nx) {
        if ((long) nz * ny * nx != volume.length)
            throw new IllegalArgumentException("RadialSpectrum: volume of " + volume.length + " voxels does not have shape [" + nz + ", " + ny + ", " + nx + "]");
        float[] spec;
        try (Tensor v = Tensor.of(volume.clone(), nz, ny, nx); Tensor f = Fft.rfftn(v, 3)) {
            spec = f.toArray();
        }
        int hx = nx / 2 + 1, n = Math.min(nz, Math.min(ny, nx)), shells = n / 2 + 1;
        double[] sum = new double[shells], count = new double[shells];
        for (int z = 0; z < nz; z++) {
            double fz = signed(z, nz) / (double) nz;
            for (int y = 0; y < ny; y++) {
                double fy = signed(y, ny) / (double) ny;
                for (int x = 0; x < hx; x++) {
                    double fx = x / (double) nx;
                    int s = (int) Math.floor(n * Math.sqrt(fz * fz + fy * fy + fx * fx) + 0.5);
                    if (s >= shells) continue;
                    // bins 0 < x < nx/2 stand for x and -x (the same radius and modulus)
                    double w = FourierLayout.halfMultiplicity(x, nx);
                    int i = ((z * ny + y) * hx + x) * 2;
                    double re = spec[i], im = spec[i + 1];
                    sum[s] += w * (re * re + im * im);
                    count[s] += w;
                }
            }
        }
        double[] p = new double[shells];
        for (int s = 0; s < shells; s++) p[s] = count[s] > 0 ? sum[s] / count[s] / volume.length : Double.NaN;
        return p;
    }

    private static int signed(int i, int n) {
        return i <= (n - 1) / 2 ? i : i - n;
    }
}
