package org.cryograd.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A 3-D array of float32 values with its voxel size: a volume, or a stack of images (a tilt series' views are its
 * sections). Values are in z-major order, {@code data[(z * ny + y) * nx + x]}: section by section, row by row, as an
 * MRC file stores them and as an ImageJ stack holds its slices.
 *
 * <p>The API does not copy {@code data} when it builds a record; do not change the array while a call that was given
 * the record runs. Every call returns records with arrays of their own.
 *
 * @param data      the values, {@code nx * ny * nz} of them
 * @param nx        width (columns), at least 1
 * @param ny        height (rows; the tilt axis of a tilt series), at least 1
 * @param nz        sections (thickness of a volume, views of a tilt series), at least 1
 * @param voxelSize voxel (pixel) size in Å, 0 when unknown
 */
public record VolumeData(float[] data, int nx, int ny, int nz, double voxelSize) {
    /**
     * Checks the shape and the voxel size.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public VolumeData {
        if (data == null) throw new IllegalArgumentException("VolumeData: data is null");
        if (nx < 1 || ny < 1 || nz < 1) throw new IllegalArgumentException("VolumeData: sizes must be at least 1, got " + nx + "x" + ny + "x" + nz);
        if ((long) nx * ny * nz != data.length)
            throw new IllegalArgumentException("VolumeData: " + data.length + " values do not fill " + nx + "x" + ny + "x" + nz + " (x,y,z) = "
                    + (long) nx * ny * nz + " voxels");
        if (!(voxelSize >= 0 && Double.isFinite(voxelSize)))
            throw new IllegalArgumentException("VolumeData: voxel size must be a finite number >= 0 Å (0: unknown), got " + voxelSize);
    }

    /**
     * Reads an MRC file (any mode; .gz and .bz2 too). The voxel size is the header's x voxel size (0 when the header
     * has none).
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it is not a valid MRC file or holds a NaN or infinite value (the message
     *                                  names the file and the first such voxel)
     */
    public static VolumeData read(Path mrc) throws IOException {
        return Mrc.read(mrc, null).volume();
    }

    /** The number of voxels, {@code nx * ny * nz}. */
    public long voxels() {
        return (long) nx * ny * nz;
    }

    /** {@code "nx x ny x nz (x,y,z)"}, as the command line writes sizes. */
    public String sizeText() {
        return nx + "x" + ny + "x" + nz + " (x,y,z)";
    }

    /**
     * Writes the values as a float32 MRC volume (space group 1), atomically (temporary file, then rename).
     *
     * @param labels header labels (each cut to 80 characters; at most 10)
     */
    public void writeMrc(Path path, List<String> labels) throws IOException {
        Mrc.write(path, this, false, labels);
    }

    /** Two records are equal when their shapes, voxel sizes and values (bit for bit) are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof VolumeData v && nx == v.nx && ny == v.ny && nz == v.nz && Double.compare(voxelSize, v.voxelSize) == 0
                && java.util.Arrays.equals(data, v.data);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(nx, ny, nz, voxelSize, java.util.Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "VolumeData[" + sizeText() + ", voxel " + (voxelSize > 0 ? voxelSize + " Å" : "unknown") + "]";
    }
}
