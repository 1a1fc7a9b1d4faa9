package org.cryograd.em.sim;

/**
 * A macromolecule placed in the specimen.
 *
 * @param classNumber 1-based class (the label in the label map)
 * @param name        template name
 * @param x           centre, voxels (0-based index along x)
 * @param y           centre, voxels
 * @param z           centre, voxels
 * @param rotation    row-major 3x3 matrix {@code A}: the particle is the template rotated by {@code A}
 * @param radiusA     bounding radius, Å
 */
public record PlacedParticle(int classNumber, String name, double x, double y, double z, double[] rotation, double radiusA) {
    /** RELION Euler angles of {@link #rotation}. */
    public EulerAngles euler() {
        return EulerAngles.of(rotation);
    }
}
