package org.cryograd.em.recon;

import org.cryograd.em.geometry.Projector;
import org.cryograd.fft.Fft;
import org.cryograd.tensor.F;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.PadMode;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.Threads;

/**
 * Direct Fourier inversion, the central-section baseline: the 1-D Fourier transform of every detector row of a view
 * at angle {@code t} is the 2-D transform of that y-slice (an x-z plane) along the line through the origin in
 * direction {@code (cos t, sin t)} (the projector's convention {@code u = (x - cx) cos t + (z - cz) sin t + cx}).
 * The lines are gridded onto a Cartesian spectrum twice the size of the slice ({@code M = 2 max(nx, nz)}, so the
 * slice's wrap-around falls outside it) by bilinear splatting, every grid point divided by the sum of the weights
 * it received (points no line reached, the missing wedge and the gaps between lines at high frequency, stay 0), and
 * transformed back.
 *
 * <p>No ramp filter and no angular weights are needed: the per-point normalisation averages the lines that cross a
 * point instead of summing them. Interpolation in Fourier space is what makes this method cheap and what limits it
 * (no deapodisation; high frequencies between sparse lines are lost), which is why it serves as a baseline.
 * Works on any device (the computation runs on the CPU and the volume comes back to the tilt series' device); records
 * no gradient.
 */
public final class FourierInversion {
    /** Largest number of complex grid values inverse-transformed in one block (bounds the float workspace). */
    private static final long BLOCK = 1L << 23;

    private FourierInversion() {}

    /**
     * Reconstructs a volume {@code [nz, ny, nx]} from a tilt series {@code [views, ny, nx]}.
     *
     * @throws IllegalArgumentException if the tilt series does not match the projector
     */
    public static Tensor reconstruct(Projector p, Tensor tilts) {
        Wbp.checkTilts("FourierInversion.reconstruct", p, tilts);
        int views = p.views(), ny = tilts.dim(1), nx = p.nx(), nz = p.nz();
        int m = 2 * Math.max(nx, nz);
        double[] angles = p.anglesDeg();
        try (Grad g = Grad.disabled()) {
            Tensor spectra;
            try (Tensor padded = F.pad(tilts.to(org.cryograd.tensor.Device.cpu()), PadMode.ZERO, 0, m - nx)) {
                spectra = Fft.rfft(padded); // [views, ny, m/2 + 1, 2]
            }
            float[] rows = spectra.toArray();
            spectra.close();
            float[] out = new float[nz * ny * nx];
            int chunk = (int) Math.max(1, Math.min(ny, BLOCK / ((long) m * m)));
            for (int y0 = 0; y0 < ny; y0 += chunk) {
                int y1 = Math.min(ny, y0 + chunk), first = y0;
                float[] grid = new float[(y1 - y0) * m * m * 2];
                Threads.forRange(y1 - y0, 1, (a, b) -> {
                    for (int i = a; i < b; i++)
                        gridSlice(rows, first + i, views, ny, nx, nz, m, angles, grid, i * m * m * 2);
                });
                try (Tensor spec = Tensor.of(grid, y1 - y0, m, m, 2); Tensor img = Fft.ifftn(spec, 2)) {
                    float[] v = img.toArray();
                    for (int i = 0; i < y1 - y0; i++)
                        for (int z = 0; z < nz; z++)
                            for (int x = 0; x < nx; x++)
                                out[(z * ny + y0 + i) * nx + x] = v[((i * m + z) * m + x) * 2];
                }
            }
            return Tensor.of(tilts.device(), out, nz, ny, nx);
        }
    }

    /**
     * Grids every view's row {@code y} into the {@code m x m} spectrum (rows kz, columns kx) of one y-slice, written
     * as interleaved complex floats at {@code grid[offset..]}, with the phase that puts the slice's voxel (0, 0) at
     * the origin of the inverse transform.
     */
    private static void gridSlice(float[] rows, int y, int views, int ny, int nx, int nz, int m, double[] angles,
                                  float[] grid, int offset) {
        int half = m / 2 + 1;
        double cx = (nx - 1) / 2.0, cz = (nz - 1) / 2.0;
        double[] re = new double[m * m], im = new double[m * m], w = new double[m * m];
        for (int v = 0; v < views; v++) {
            double t = Math.toRadians(angles[v]), c = Math.cos(t), s = Math.sin(t);
            int base = (v * ny + y) * half * 2;
            for (int k = -(m / 2 - 1); k <= m / 2 - 1; k++) {
                int ka = Math.abs(k);
                double pr = rows[base + 2 * ka], pi = rows[base + 2 * ka + 1];
                if (k < 0) pi = -pi; // a real row's spectrum is Hermitian
                // the row's transform is relative to detector bin 0; relative to the centre cx it gains exp(+2 pi i k cx / m)
                double ph = 2 * Math.PI * k * cx / m, cr = Math.cos(ph), ci = Math.sin(ph);
                double vr = pr * cr - pi * ci, vi = pr * ci + pi * cr;
                double fx = k * c, fz = k * s;
                int x0 = (int) Math.floor(fx), z0 = (int) Math.floor(fz);
                double ax = fx - x0, az = fz - z0;
                for (int dz = 0; dz <= 1; dz++) {
                    double wz = dz == 0 ? 1 - az : az;
                    if (wz == 0) continue;
                    int iz = Math.floorMod(z0 + dz, m);
                    for (int dx = 0; dx <= 1; dx++) {
                        double wgt = wz * (dx == 0 ? 1 - ax : ax);
                        if (wgt == 0) continue;
                        int j = iz * m + Math.floorMod(x0 + dx, m);
                        re[j] += wgt * vr;
                        im[j] += wgt * vi;
                        w[j] += wgt;
                    }
                }
            }
        }
        for (int iz = 0; iz < m; iz++) {
            int kz = iz < m / 2 ? iz : iz - m;
            for (int ix = 0; ix < m; ix++) {
                int j = iz * m + ix;
                if (w[j] == 0) continue;
                int kx = ix < m / 2 ? ix : ix - m;
                // back from centre-relative to voxel-(0,0)-relative coordinates: exp(-2 pi i (kx cx + kz cz) / m)
                double ph = -2 * Math.PI * (kx * cx + kz * cz) / m, cr = Math.cos(ph), ci = Math.sin(ph);
                double vr = re[j] / w[j], vi = im[j] / w[j];
                grid[offset + 2 * j] = (float) (vr * cr - vi * ci);
                grid[offset + 2 * j + 1] = (float) (vr * ci + vi * cr);
            }
        }
    }
}
