package org.cryograd.em.sim;

/**
 * A potential map on a cubic-voxel grid, values in volts, layout {@code [nz][ny][nx]} (x fastest). Its centre, the
 * point that placements and Euler angles refer to, is voxel {@code (nx/2, ny/2, nz/2)} (integer division, as a
 * RELION box).
 *
 * @param name      a label (template or file name)
 * @param data      values, V
 * @param nx        size along x
 * @param ny        size along y
 * @param nz        size along z
 * @param voxelSize voxel size, Å
 */
public record DensityMap(String name, float[] data, int nx, int ny, int nz, double voxelSize) {
    /** Validates sizes. */
    public DensityMap {
        if (nx < 1 || ny < 1 || nz < 1 || (long) nx * ny * nz != data.length)
            throw new IllegalArgumentException("DensityMap " + name + ": " + data.length + " values for " + nx + "x" + ny + "x" + nz);
        if (!(voxelSize > 0) || Double.isInfinite(voxelSize)) throw new IllegalArgumentException("DensityMap " + name + ": voxel size must be > 0 Å, got " + voxelSize);
    }

    /** The value at integer indices, 0 outside. */
    public float at(int x, int y, int z) {
        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) return 0f;
        return data[(z * ny + y) * nx + x];
    }

    /** Trilinear interpolation at fractional indices; 0 outside. */
    public double sample(double x, double y, double z) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y), z0 = (int) Math.floor(z);
        if (x0 < -1 || y0 < -1 || z0 < -1 || x0 >= nx || y0 >= ny || z0 >= nz) return 0;
        double fx = x - x0, fy = y - y0, fz = z - z0;
        double c00 = at(x0, y0, z0) * (1 - fx) + at(x0 + 1, y0, z0) * fx;
        double c10 = at(x0, y0 + 1, z0) * (1 - fx) + at(x0 + 1, y0 + 1, z0) * fx;
        double c01 = at(x0, y0, z0 + 1) * (1 - fx) + at(x0 + 1, y0, z0 + 1) * fx;
        double c11 = at(x0, y0 + 1, z0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1, z0 + 1) * fx;
        return (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
    }

    /** The largest value. */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (float v : data) m = Math.max(m, v);
        return m;
    }

    /** The sum of all values times the voxel volume: the integrated potential, V·Å³. */
    public double integral() {
        double s = 0;
        for (float v : data) s += v;
        return s * voxelSize * voxelSize * voxelSize;
    }

    /**
     * The bounding radius in Å: the largest distance from the centre to the centre of a voxel holding more than
     * {@code fraction} of the maximum, plus half a voxel diagonal.
     */
    public double radius(double fraction) {
        double t = fraction * max(), r2 = 0;
        int cx = nx / 2, cy = ny / 2, cz = nz / 2;
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    if (data[(z * ny + y) * nx + x] > t) {
                        double d = (double) (x - cx) * (x - cx) + (double) (y - cy) * (y - cy) + (double) (z - cz) * (z - cz);
                        r2 = Math.max(r2, d);
                    }
        return (Math.sqrt(r2) + Math.sqrt(3) / 2) * voxelSize;
    }

    /** This map with every value times {@code s}. */
    public DensityMap scaled(double s) {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) (data[i] * s);
        return new DensityMap(name, d, nx, ny, nz, voxelSize);
    }

    /**
     * This map resampled to another voxel size about the same centre: each new voxel is the average of
     * {@code s^3} trilinear samples spread over its extent, {@code s = ceil(new / old)} (a box prefilter when
     * shrinking, plain trilinear when enlarging). Sizes become {@code max(1, round(n old / new))}.
     */
    public DensityMap resampled(double newVoxel) {
        if (!(newVoxel > 0) || Double.isInfinite(newVoxel)) throw new IllegalArgumentException("DensityMap.resampled: voxel size must be > 0 Å, got " + newVoxel);
        if (Math.abs(newVoxel - voxelSize) < 1e-9 * voxelSize) return this;
        double r = newVoxel / voxelSize;
        int mx = Math.max(1, (int) Math.round(nx / r)), my = Math.max(1, (int) Math.round(ny / r)), mz = Math.max(1, (int) Math.round(nz / r));
        int s = (int) Math.ceil(r - 1e-9);
        double[] off = new double[s];
        for (int j = 0; j < s; j++) off[j] = ((j + 0.5) / s - 0.5) * r;
        float[] out = new float[mx * my * mz];
        for (int z = 0; z < mz; z++)
            for (int y = 0; y < my; y++)
                for (int x = 0; x < mx; x++) {
                    double sx = nx / 2 + (x - mx / 2) * r, sy = ny / 2 + (y - my / 2) * r, sz = nz / 2 + (z - mz / 2) * r, acc = 0;
                    for (double oz : off)
                        for (double oy : off)
                            for (double ox : off) acc += sample(sx + ox, sy + oy, sz + oz);
                    out[(z * my + y) * mx + x] = (float) (acc / ((double) s * s * s));
                }
        return new DensityMap(name, out, mx, my, mz, newVoxel);
    }
}
