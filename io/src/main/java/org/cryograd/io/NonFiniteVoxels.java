package org.cryograd.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.cryograd.tensor.NonFinite;
import org.cryograd.tensor.Tensor;

/**
 * Finds NaN and infinite voxels in MRC data, so a reader can refuse them with one message that names the file, the
 * count and the first position in MRC terms: {@code x, y, z} (column, row, section) for a volume, {@code x, y,
 * section} for an image stack or tilt series, all from 0. Integer modes cannot hold such values and are not scanned.
 *
 * <pre>{@code
 * NonFiniteVoxels.Found f = NonFiniteVoxels.scan(reader);           // one pass, slab by slab
 * if (f != null) throw new FileFormatException(path, "data", -1, f.detail());
 * }</pre>
 */
public final class NonFiniteVoxels {
    /** Values read per slab by {@link #scan(MrcReader)}: bounds the memory a scan needs (64 MiB of floats). */
    private static final long SLAB_VALUES = 1L << 24;

    private NonFiniteVoxels() {}

    /**
     * Where the non-finite values of one file are.
     *
     * @param file   the file
     * @param counts how many of each kind, out of how many values
     * @param x      column of the first one (from 0)
     * @param y      row of the first one
     * @param z      section of the first one
     * @param stack  whether the file is an image stack or tilt series (the position then says "section")
     */
    public record Found(Path file, NonFinite counts, int x, int y, int z, boolean stack) {
        /** The problem without the file name: {@code "1 non-finite value (1 NaN) of 1536, the first at x=3, y=2, z=1 (from 0)"}. */
        public String detail() {
            return String.format(Locale.ROOT, "%s, the first (%s) at x=%d, y=%d, %s=%d (from 0)", counts.summary(),
                    NonFinite.name(counts.firstValue()), x, y, stack ? "section" : "z", z);
        }

        /** {@link #detail()} after the file name. */
        public String message() {
            return file + ": " + detail();
        }
    }

    /**
     * Scans the data of an open reader, a slab of sections at a time (nothing is kept).
     *
     * @return where the non-finite values are, or {@code null} when every value is finite
     * @throws IOException if the data cannot be read
     */
    public static Found scan(MrcReader r) throws IOException {
        return scan(r, SLAB_VALUES);
    }

    /** {@link #scan(MrcReader)} with a chosen slab size (tests use tiny slabs to cross slab boundaries). */
    static Found scan(MrcReader r, long slabValues) throws IOException {
        MrcHeader h = r.header();
        if (h.mode().isInteger() || h.nz() == 0) return null;
        long perSection = (long) h.nx() * h.ny() * (h.mode().isComplex() ? 2 : 1);
        int step = (int) Math.max(1, Math.min(h.nz(), slabValues / Math.max(1, perSection)));
        NonFinite n = new NonFinite();
        for (int z0 = 0; z0 < h.nz(); z0 += step) {
            int z1 = Math.min(h.nz(), z0 + step);
            try (Tensor slab = r.readSlices(z0, z1)) {
                float[] a = slab.toArray();
                n.add(a, 0, a.length);
            }
        }
        return found(r.path(), h, n);
    }

    /**
     * Scans data already read from {@code file} (a tensor of {@link MrcReader#shape()}).
     *
     * @return where the non-finite values are, or {@code null} when every value is finite
     */
    public static Found scan(Path file, MrcHeader h, Tensor data) {
        if (h.mode().isInteger()) return null;
        return found(file, h, NonFinite.of(data));
    }

    /**
     * Opens {@code file} and scans it.
     *
     * @return where the non-finite values are, or {@code null} when every value is finite
     * @throws FileFormatException if the file is not a valid MRC file
     * @throws IOException         if it cannot be read
     */
    public static Found scan(Path file) throws IOException {
        try (MrcReader r = MrcReader.open(file)) {
            return scan(r);
        }
    }

    /**
     * Refuses data with a non-finite value.
     *
     * @throws FileFormatException naming the file, the count and the first position (field {@code "data"})
     */
    public static void requireFinite(Path file, MrcHeader h, Tensor data) throws FileFormatException {
        Found f = scan(file, h, data);
        if (f != null) throw new FileFormatException(file, "data", -1, f.detail());
    }

    private static Found found(Path file, MrcHeader h, NonFinite n) {
        if (!n.any()) return null;
        long voxel = h.mode().isComplex() ? n.firstIndex() / 2 : n.firstIndex();
        long plane = (long) h.nx() * h.ny();
        int z = (int) (voxel / plane), y = (int) (voxel % plane / h.nx()), x = (int) (voxel % h.nx());
        return new Found(file, n, x, y, z, h.isImageStack());
    }
}
