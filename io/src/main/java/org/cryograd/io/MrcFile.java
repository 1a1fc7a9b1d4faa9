package org.cryograd.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.cryograd.tensor.Tensor;

/**
 * A whole MRC file in memory: header, extended header and data. The one-call way to read and write;
 * use {@link MrcReader} for z-ranges of large files. gzip- and bzip2-compressed files are read transparently, and
 * data are always presented x fastest ({@code [z, y, x]}), reordered if the file stores its axes in another order
 * (see {@link MrcReader}; {@link MrcHeader#fileAxisMap()} tells the file's order).
 *
 * <pre>{@code
 * MrcFile f = MrcFile.read(Path.of("in.mrc"));          // f.data() is [nz, ny, nx] float32
 * Tensor out = f.data().mul(2f);
 * f.withData(out).write(Path.of("out.mrc"));           // same mode, voxel size, origin, labels, extended header
 * }</pre>
 *
 * @param header the main header
 * @param extendedHeader the extended header bytes (not copied; do not modify)
 * @param data the voxel values, {@code [nz, ny, nx]} or {@code [nz, ny, nx, 2]} for complex mode
 */
public record MrcFile(MrcHeader header, byte[] extendedHeader, Tensor data) {
    /** Checks that no component is null. */
    public MrcFile {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(extendedHeader, "extendedHeader");
        Objects.requireNonNull(data, "data");
    }

    /**
     * Reads header, extended header and all data.
     *
     * @param path an MRC file, possibly gzip or bzip2 compressed
     * @return its content
     * @throws FileFormatException if the file is malformed (the message names the file and field)
     * @throws IOException if it cannot be read
     */
    public static MrcFile read(Path path) throws IOException {
        try (MrcReader r = MrcReader.open(path)) {
            return new MrcFile(r.header(), r.extendedHeader(), r.readAll());
        }
    }

    /**
     * Reads only the header (as {@link MrcReader#header()} presents it). A compressed file is decompressed as a
     * stream, without keeping its data, to check its CRCs and learn its size.
     *
     * @param path an MRC file, possibly gzip or bzip2 compressed
     * @return its main header
     * @throws FileFormatException if the file is malformed
     * @throws IOException if it cannot be read
     */
    public static MrcHeader readHeader(Path path) throws IOException {
        return MrcReader.readHeader(path);
    }

    /**
     * The same header and extended header with new data; the header's sizes follow the data's last dimensions
     * (voxel size kept), so a cropped or resampled volume can be written with the original metadata.
     *
     * @param newData {@code [nz, ny, nx]} (or {@code [nz, ny, nx, 2]} for complex mode)
     * @return a new file object
     */
    public MrcFile withData(Tensor newData) {
        int[] d = newData.dims();
        int tail = header.mode().isComplex() ? 1 : 0;
        if (d.length != 3 + tail)
            throw new IllegalArgumentException("MrcFile.withData: expected a rank-" + (3 + tail) + " tensor, got shape " + java.util.Arrays.toString(d));
        MrcHeader h = d[0] == header.nz() && d[1] == header.ny() && d[2] == header.nx() ? header
                : header.toBuilder().shape(d[2], d[1], d[0]).build();
        return new MrcFile(h, extendedHeader, newData);
    }

    /**
     * Writes this file atomically with {@link MrcWriter}.
     *
     * @param path the file to create or replace
     * @throws IOException if it cannot be written
     */
    public void write(Path path) throws IOException {
        MrcWriter.write(path, data, header, extendedHeader);
    }
}
