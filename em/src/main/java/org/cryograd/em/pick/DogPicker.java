package org.cryograd.em.pick;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.cryograd.fft.Filters;
import org.cryograd.tensor.Tensor;

/**
 * Difference-of-Gaussians particle picking (Voss et al. 2009), as the DUAL paper uses it: the DoG response
 * {@code G(sigma1) * v - G(sigma2) * v} with {@code sigma2 = k sigma1} (Gaussians as
 * {@code scipy.ndimage.gaussian_filter}, reflect borders, truncate 4), negated for dark particles; candidates are the
 * voxels whose response is {@code >=} all 26 neighbours (voxels outside the volume do not count) and at least
 * {@code border} voxels from every face; candidates are taken in decreasing response (ties by index) and a candidate
 * closer than {@code nmsDistance} to one already taken is dropped (greedy non-maximum suppression), until
 * {@code topN} are taken.
 *
 * @param sigma1      the smaller Gaussian's sigma (voxels); about {@code radius / sqrt(3)} for a blob of that radius
 * @param k           {@code sigma2 / sigma1} (> 1; the paper uses 1.1)
 * @param nmsDistance minimum distance between two picks (voxels)
 * @param topN        at most this many picks
 * @param polarity    whether particles are brighter or darker than the background
 * @param border      picks at least this far from every face (voxels)
 */
public record DogPicker(double sigma1, double k, double nmsDistance, int topN, Polarity polarity, int border) {

    /** Particle contrast. */
    public enum Polarity {
        /** Particles are brighter than the background (density maps, phase-flipped data). */
        BRIGHT,
        /** Particles are darker (uncorrected cryo-ET). */
        DARK
    }

    /** Checks the parameters. */
    public DogPicker {
        if (!(sigma1 > 0) || Double.isInfinite(sigma1)) throw new IllegalArgumentException("DogPicker: sigma1 must be positive, got " + sigma1);
        if (!(k > 1) || Double.isInfinite(k)) throw new IllegalArgumentException("DogPicker: k must be > 1, got " + k);
        if (!(nmsDistance >= 0)) throw new IllegalArgumentException("DogPicker: nmsDistance must be >= 0, got " + nmsDistance);
        if (topN < 1) throw new IllegalArgumentException("DogPicker: topN must be >= 1, got " + topN);
        if (polarity == null) throw new IllegalArgumentException("DogPicker: polarity is null");
        if (border < 0) throw new IllegalArgumentException("DogPicker: border must be >= 0, got " + border);
    }

    /** The DoG response {@code [nz, ny, nx]} (already negated for {@link Polarity#DARK}). */
    public float[] response(float[] volume, int nz, int ny, int nx) {
        if ((long) nz * ny * nx != volume.length)
            throw new IllegalArgumentException("DogPicker: volume of " + volume.length + " voxels does not have shape [" + nz + ", " + ny + ", " + nx + "]");
        float[] a, b;
        try (Tensor v = Tensor.of(volume.clone(), nz, ny, nx)) {
            try (Tensor g1 = Filters.gaussianSeparable(v, 3, sigma1)) {
                a = g1.toArray();
            }
            try (Tensor g2 = Filters.gaussianSeparable(v, 3, sigma1 * k)) {
                b = g2.toArray();
            }
        }
        float sign = polarity == Polarity.BRIGHT ? 1 : -1;
        for (int i = 0; i < a.length; i++) a[i] = sign * (a[i] - b[i]);
        return a;
    }

    /** The picks, best first. */
    public List<Pick> pick(float[] volume, int nz, int ny, int nx) {
        float[] r = response(volume, nz, ny, nx);
        List<int[]> cand = new ArrayList<>();
        for (int z = border; z < nz - border; z++)
            for (int y = border; y < ny - border; y++)
                for (int x = border; x < nx - border; x++)
                    if (isLocalMax(r, nz, ny, nx, z, y, x)) cand.add(new int[] {(z * ny + y) * nx + x});
        cand.sort(Comparator.<int[]>comparingDouble(c -> -r[c[0]]).thenComparingInt(c -> c[0]));
        List<Pick> picks = new ArrayList<>();
        double d2 = nmsDistance * nmsDistance;
        for (int[] c : cand) {
            if (picks.size() == topN) break;
            int i = c[0];
            Pick p = new Pick(i % nx, (i / nx) % ny, i / (nx * ny), r[i]);
            boolean free = true;
            for (Pick q : picks)
                if (q.distanceSquared(p) < d2) {
                    free = false;
                    break;
                }
            if (free) picks.add(p);
        }
        return picks;
    }

    private static boolean isLocalMax(float[] r, int nz, int ny, int nx, int z, int y, int x) {
        float v = r[(z * ny + y) * nx + x];
        for (int dz = -1; dz <= 1; dz++) {
            int zz = z + dz;
            if (zz < 0 || zz >= nz) continue;
            for (int dy = -1; dy <= 1; dy++) {
                int yy = y + dy;
                if (yy < 0 || yy >= ny) continue;
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx;
                    if (xx < 0 || xx >= nx || (dx | dy | dz) == 0) continue;
                    if (r[(zz * ny + yy) * nx + xx] > v) return false;
                }
            }
        }
        return true;
    }
}
