package org.cryograd.em.pick;

/**
 * One picked (or true) particle position in voxels: {@code x} = column, {@code y} = row, {@code z} = section of a
 * {@code [nz, ny, nx]} volume, 0-based.
 *
 * @param x     x coordinate
 * @param y     y coordinate
 * @param z     z coordinate
 * @param score figure of merit (the DoG response for picks; NaN when unknown)
 */
public record Pick(double x, double y, double z, double score) {

    /** A position without a score. */
    public static Pick at(double x, double y, double z) {
        return new Pick(x, y, z, Double.NaN);
    }

    /** Squared Euclidean distance to another position. */
    public double distanceSquared(Pick o) {
        double dx = x - o.x, dy = y - o.y, dz = z - o.z;
        return dx * dx + dy * dy + dz * dz;
    }
}
