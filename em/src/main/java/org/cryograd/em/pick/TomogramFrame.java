package org.cryograd.em.pick;

/**
 * The tomogram that picks are expressed in: its size in voxels and its voxel size in Å (0 when unknown, as an MRC
 * header with an empty cell). Voxel {@code i} (0-based) along an axis of {@code n} voxels lies at
 * {@code (i - n/2) · voxelSize} Å from the tomogram's centre: RELION 5's centre convention (see {@link ParticleCoordinates}).
 *
 * @param nx        voxels along x (columns)
 * @param ny        voxels along y (rows)
 * @param nz        voxels along z (sections)
 * @param voxelSize Å per voxel; 0 when unknown
 */
public record TomogramFrame(int nx, int ny, int nz, double voxelSize) {

    /** Checks the sizes and the voxel size. */
    public TomogramFrame {
        if (nx < 1 || ny < 1 || nz < 1) throw new IllegalArgumentException("tomogram size must be positive, got " + nx + " x " + ny + " x " + nz);
        if (!(voxelSize >= 0) || Double.isInfinite(voxelSize))
            throw new IllegalArgumentException("voxel size must be a finite number >= 0 Å, got " + voxelSize);
    }

    /** Whether the voxel size is known (greater than 0). */
    public boolean hasVoxelSize() {
        return voxelSize > 0;
    }

    /** This frame with another voxel size. @param v Å per voxel @return a copy */
    public TomogramFrame withVoxelSize(double v) {
        return new TomogramFrame(nx, ny, nz, v);
    }

    /** The centre along x in voxels: {@code nx / 2} (RELION 5: {@code rlnTomoSizeX / 2.0}). */
    public double centreX() {
        return nx / 2.0;
    }

    /** The centre along y in voxels: {@code ny / 2}. */
    public double centreY() {
        return ny / 2.0;
    }

    /** The centre along z in voxels: {@code nz / 2}. */
    public double centreZ() {
        return nz / 2.0;
    }
}
