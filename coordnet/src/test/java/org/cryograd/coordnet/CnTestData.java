package org.cryograd.coordnet;

import org.cryograd.em.geometry.Projector;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Tensor;

/** Small phantoms and tilt series for the coordinate-network tests. */
final class CnTestData {
    private CnTestData() {}

    /**
     * A volume {@code [nz, ny, nx]} of a few solid and hollow spheres (partial-volume values from 4x4x4
     * supersampling), smooth along y, values in [0, 1]. Sphere centres and radii are fractions of the box size.
     */
    static float[] spheres(int nx, int ny, int nz) {
        // {cx, cy, cz, r, shell} as fractions of (nx, ny, nz, min size); shell 0 = solid
        double[][] s = {{0.30, 0.35, 0.5, 0.30, 0}, {0.70, 0.55, 0.45, 0.33, 0.12}, {0.55, 0.15, 0.55, 0.20, 0}, {0.25, 0.85, 0.5, 0.25, 0.1}};
        double m = Math.min(nx, Math.min(ny, nz));
        float[] v = new float[nz * ny * nx];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) {
                    int hits = 0;
                    for (int k = 0; k < 64; k++) {
                        double px = x + ((k & 3) - 1.5) / 4, py = y + (((k >> 2) & 3) - 1.5) / 4, pz = z + (((k >> 4) & 3) - 1.5) / 4;
                        for (double[] q : s) {
                            double dx = px - q[0] * (nx - 1), dy = py - q[1] * (ny - 1), dz = pz - q[2] * (nz - 1);
                            double d = Math.sqrt(dx * dx + dy * dy + dz * dz), r = q[3] * m * 1.6;
                            if (d <= r && (q[4] == 0 || d >= r - q[4] * m * 1.6)) {
                                hits++;
                                break;
                            }
                        }
                    }
                    v[(z * ny + y) * nx + x] = hits / 64f;
                }
        return v;
    }

    /** The noiseless tilt series of a volume, -60..60 degrees in steps of {@code step}. */
    static Projector projector(int nx, int nz, double step) {
        return new Projector(TiltGeometry.range(-60, 60, step, TiltAxis.Y), nx, nz);
    }

    static double pearson(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    static Tensor tensor(float[] v, int nx, int ny, int nz) {
        return Tensor.of(v, nz, ny, nx);
    }
}
