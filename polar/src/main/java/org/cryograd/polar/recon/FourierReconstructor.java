package org.cryograd.polar.recon;

import org.cryograd.fft.Ctf;
import org.cryograd.fft.FourierLayout;
import org.cryograd.fft.Fft;
import org.cryograd.polar.sim.Rotations;
import org.cryograd.tensor.Tensor;

/**
 * 3-D reconstruction from projection images with known orientations by direct Fourier insertion: each image's DFT
 * (centre at pixel {@code N/2}, known shift undone by a phase ramp) is a central slice {@code V̂(R^T k)}; slices
 * are spread trilinearly into an {@code N³} grid with CTF weighting, and the volume is
 * {@code IDFT(Σ c F / (Σ c² + τ))}. {@code τ} is {@code regularization} times the mean of the non-zero
 * {@code Σ c²} (a Wiener-like constant that keeps CTF zeros from blowing up). Frequencies beyond {@code N/2} are
 * dropped. The volume is {@code [z, y, x]} centred at voxel {@code N/2}, the convention of
 * {@link org.cryograd.polar.sim.PseudoMolecule#volume}.
 */
public final class FourierReconstructor {
    private FourierReconstructor() {}

    /**
     * Reconstructs.
     *
     * @param images         {@code [M, N, N]} (any leading shape with {@code M} images)
     * @param rotations      each image's rotation (row-major 3 x 3)
     * @param shifts         each image's {@code (dx, dy)} shift in pixels (undone)
     * @param ctfs           each image's CTF (null entries: no CTF)
     * @param pixelSize      Å per pixel
     * @param regularization {@code τ} relative to the mean CTF weight, e.g. {@code 0.05}
     * @return the volume {@code [N, N, N]}
     */
    public static Tensor reconstruct(Tensor images, double[][] rotations, double[][] shifts, Ctf[] ctfs, double pixelSize, double regularization) {
        int[] d = images.dims();
        int n = d[d.length - 1], m = (int) (images.numel() / ((long) n * n));
        if (rotations.length != m || shifts.length != m || ctfs.length != m)
            throw new IllegalArgumentException("FourierReconstructor: " + m + " images but " + rotations.length + " rotations, " + shifts.length
                    + " shifts, " + ctfs.length + " CTFs");
        Tensor centred = Fft.ifftshift(images.reshape(m, n, n), 1, 2);
        float[] spec = Fft.fftn(Fft.complex(centred, Tensor.zeros(m, n, n)), 2).toArray();
        int n3 = n * n * n;
        double[] numRe = new double[n3], numIm = new double[n3], den = new double[n3];
        double lim = n / 2.0;
        for (int b = 0; b < m; b++) {
            float[] c = ctfs[b] == null ? null : ctfs[b].image(FourierLayout.FULL, pixelSize, n, n).toArray();
            for (int iy = 0; iy < n; iy++) {
                int ky = iy <= n / 2 ? iy : iy - n;
                for (int ix = 0; ix < n; ix++) {
                    int kx = ix <= n / 2 ? ix : ix - n;
                    if (kx * kx + ky * ky > lim * lim) continue;
                    int o = ((b * n + iy) * n + ix) * 2;
                    double phase = 2 * Math.PI * (kx * shifts[b][0] + ky * shifts[b][1]) / n;
                    double cr = Math.cos(phase), ci = Math.sin(phase);
                    double fr = spec[o] * cr - spec[o + 1] * ci, fi = spec[o] * ci + spec[o + 1] * cr;
                    double w = c == null ? 1 : c[iy * n + ix];
                    double[] k3 = Rotations.applyTransposed(rotations[b], new double[] {kx, ky, 0});
                    splat(numRe, numIm, den, n, k3, w * fr, w * fi, w * w);
                }
            }
        }
        double mean = 0;
        int nz = 0;
        for (double v : den)
            if (v > 0) {
                mean += v;
                nz++;
            }
        double tau = regularization * (nz == 0 ? 1 : mean / nz);
        float[] vol = new float[n3 * 2];
        for (int i = 0; i < n3; i++) {
            if (den[i] <= 0) continue;
            vol[2 * i] = (float) (numRe[i] / (den[i] + tau));
            vol[2 * i + 1] = (float) (numIm[i] / (den[i] + tau));
        }
        Tensor real = Fft.real(Fft.ifftn(Tensor.of(vol, n, n, n, 2), 3));
        return Fft.fftshift(real, 0, 1, 2);
    }

    private static void splat(double[] re, double[] im, double[] den, int n, double[] k, double vr, double vi, double w) {
        int x0 = (int) Math.floor(k[0]), y0 = (int) Math.floor(k[1]), z0 = (int) Math.floor(k[2]);
        double fx = k[0] - x0, fy = k[1] - y0, fz = k[2] - z0;
        double lim = n / 2.0;
        for (int dz = 0; dz < 2; dz++)
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++) {
                    int x = x0 + dx, y = y0 + dy, z = z0 + dz;
                    if (x * x + y * y + z * z > lim * lim) continue;
                    double t = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy) * (dz == 0 ? 1 - fz : fz);
                    if (t <= 0) continue;
                    int i = (Math.floorMod(z, n) * n + Math.floorMod(y, n)) * n + Math.floorMod(x, n);
                    re[i] += t * vr;
                    im[i] += t * vi;
                    den[i] += t * w;
                }
    }
}
