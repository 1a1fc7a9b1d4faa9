package org.cryograd.polar.sim;

import java.util.List;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * A 3-D density made of isotropic Gaussian blobs, in pixel units about the box centre. Its projection along z after
 * a rotation is computed analytically (a sum of 2-D Gaussians), so projections and the sampled volume agree
 * without interpolation error.
 *
 * @param blobs the blobs
 */
public record PseudoMolecule(List<Blob> blobs) {
    /**
     * One blob: {@code amplitude * exp(-|x - c|² / (2 sigma²))}.
     *
     * @param x         centre x (pixels from the box centre)
     * @param y         centre y
     * @param z         centre z
     * @param sigma     width in pixels
     * @param amplitude peak density
     */
    public record Blob(double x, double y, double z, double sigma, double amplitude) {}

    /** Copies the list. */
    public PseudoMolecule {
        blobs = List.copyOf(blobs);
        if (blobs.isEmpty()) throw new IllegalArgumentException("PseudoMolecule: no blobs");
    }

    /**
     * A random chain-like molecule: a 3-D random walk of {@code count} blobs (step about 1.6 blob widths), centred
     * on its centre of mass and scaled to fit within {@code radius} pixels; widths and amplitudes vary by blob.
     *
     * @param rng    stream (one per class, so each class has its own shape)
     * @param count  number of blobs
     * @param radius largest distance of a blob centre from the box centre, in pixels
     * @param sigma  typical blob width in pixels
     */
    public static PseudoMolecule random(Rng rng, int count, double radius, double sigma) {
        double[][] p = new double[count][3];
        double[] dir = {1, 0, 0};
        for (int i = 1; i < count; i++) {
            // a persistent walk: new direction = old + noise, so shapes are elongated and distinct
            double[] g = {gauss(rng), gauss(rng), gauss(rng)};
            for (int a = 0; a < 3; a++) dir[a] = 0.6 * dir[a] + 0.8 * g[a];
            double norm = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
            for (int a = 0; a < 3; a++) p[i][a] = p[i - 1][a] + 1.6 * sigma * dir[a] / norm;
        }
        double[] c = new double[3];
        for (double[] q : p) for (int a = 0; a < 3; a++) c[a] += q[a] / count;
        double far = 1e-9;
        for (double[] q : p) {
            for (int a = 0; a < 3; a++) q[a] -= c[a];
            far = Math.max(far, Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]));
        }
        double scale = Math.min(1.0, radius / far);
        Blob[] b = new Blob[count];
        for (int i = 0; i < count; i++)
            b[i] = new Blob(p[i][0] * scale, p[i][1] * scale, p[i][2] * scale, sigma * (0.75 + 0.5 * rng.nextDouble()), 0.5 + rng.nextDouble());
        return new PseudoMolecule(List.of(b));
    }

    static double gauss(Rng rng) {
        double u = Math.max(rng.nextDouble(), 1e-300), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * The projection along z of the molecule rotated by {@code r} (blob centres {@code r c}) and shifted by
     * {@code (dx, dy)} pixels, on an {@code n x n} grid centred at pixel {@code (n/2, n/2)}: the line integral
     * {@code Σ amplitude · sigma · sqrt(2π) · exp(-d² / (2 sigma²))}.
     */
    public float[] project(double[] r, double dx, double dy, int n) {
        float[] img = new float[n * n];
        double c = n / 2;
        for (Blob b : blobs) {
            double[] q = Rotations.apply(r, new double[] {b.x, b.y, b.z});
            double bx = c + q[0] + dx, by = c + q[1] + dy, s2 = 2 * b.sigma * b.sigma, a = b.amplitude * b.sigma * Math.sqrt(2 * Math.PI);
            int reach = (int) Math.ceil(5 * b.sigma);
            for (int y = Math.max(0, (int) by - reach); y <= Math.min(n - 1, (int) by + reach); y++) {
                double ey = (y - by) * (y - by);
                for (int x = Math.max(0, (int) bx - reach); x <= Math.min(n - 1, (int) bx + reach); x++)
                    img[y * n + x] += (float) (a * Math.exp(-((x - bx) * (x - bx) + ey) / s2));
            }
        }
        return img;
    }

    /** The density sampled on an {@code n³} grid {@code [z, y, x]} centred at voxel {@code (n/2, n/2, n/2)}. */
    public Tensor volume(int n) {
        float[] v = new float[n * n * n];
        double c = n / 2;
        for (Blob b : blobs) {
            double bx = c + b.x, by = c + b.y, bz = c + b.z, s2 = 2 * b.sigma * b.sigma;
            int reach = (int) Math.ceil(5 * b.sigma);
            for (int z = Math.max(0, (int) bz - reach); z <= Math.min(n - 1, (int) bz + reach); z++)
                for (int y = Math.max(0, (int) by - reach); y <= Math.min(n - 1, (int) by + reach); y++)
                    for (int x = Math.max(0, (int) bx - reach); x <= Math.min(n - 1, (int) bx + reach); x++) {
                        double d2 = (x - bx) * (x - bx) + (y - by) * (y - by) + (z - bz) * (z - bz);
                        v[(z * n + y) * n + x] += (float) (b.amplitude * Math.exp(-d2 / s2));
                    }
        }
        return Tensor.of(v, n, n, n);
    }
}
