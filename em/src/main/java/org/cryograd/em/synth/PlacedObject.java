package org.cryograd.em.synth;

/**
 * One object of a grand model.
 *
 * @param kind    what it is
 * @param classId the pseudo-molecule class (0-based) for {@link Kind#PARTICLE}, -1 otherwise
 * @param x       centre x in voxels (0-based index of the voxel column)
 * @param y       centre y in voxels
 * @param z       centre z in voxels
 * @param radius  bounding radius in voxels
 */
public record PlacedObject(Kind kind, int classId, double x, double y, double z, double radius) {

    /** Object kinds. */
    public enum Kind {
        /** A Gaussian-blob pseudo-molecule (macromolecular complex). */
        PARTICLE,
        /** A vesicle: hollow membrane shell. */
        VESICLE,
        /** A gold fiducial: small dense ball. */
        FIDUCIAL
    }

    /**
     * The label written to STAR files ({@code _rlnClassNumber}): {@code classId + 1} for particles, {@code classes + 1}
     * for vesicles, {@code classes + 2} for fiducials.
     */
    public int classNumber(int classes) {
        return switch (kind) {
            case PARTICLE -> classId + 1;
            case VESICLE -> classes + 1;
            case FIDUCIAL -> classes + 2;
        };
    }

    /** A readable class name: {@code class<k>}, {@code vesicle} or {@code fiducial}. */
    public String className() {
        return switch (kind) {
            case PARTICLE -> "class" + classId;
            case VESICLE -> "vesicle";
            case FIDUCIAL -> "fiducial";
        };
    }

    /** Squared distance between the centres. */
    public double distanceSquared(double ox, double oy, double oz) {
        double dx = x - ox, dy = y - oy, dz = z - oz;
        return dx * dx + dy * dy + dz * dz;
    }
}
