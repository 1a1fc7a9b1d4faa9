package org.cryograd.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.cryograd.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes MRC2014 files that {@code mrcfile.validate} accepts, atomically (temporary file, then rename).
 *
 * <pre>{@code
 * MrcWriter.write(Path.of("map.mrc"), volume, 1.34);                          // float32 volume, 1.34 Å voxels
 * MrcHeader h = MrcHeader.builder(nx, ny, nz).mode(MrcMode.INT16).voxelSize(2.1).addLabel("denoised").build();
 * MrcWriter.write(Path.of("map16.mrc"), volume, h);
 * }</pre>
 *
 * <p>What the writer takes from the header: mode, byte order, space group, grid, cell, cell angles, start,
 * axis map, origin, labels, {@code exttyp}, the extra bytes and {@code nversion} (upgraded to 20141 when it is
 * not an MRC2014 version). What it sets itself: {@code nsymbt} (the extended header length), the statistics
 * (computed from the values as stored, i.e. after rounding to the mode; {@code rms} is the standard deviation about
 * the mean, as mrcfile computes it; complex data get only {@code rms}, and data containing NaN or infinity get the
 * "undetermined" markers), the map ID "MAP ", the machine stamp and {@code nlabl}. Mode 0 is written as signed
 * bytes (MRC2014), except when the header carries IMOD's stamp with the "signed" flag clear
 * ({@link MrcHeader#bytesSigned()} false, as read from an old IMOD file): then the bytes are written unsigned
 * (0..255) so that the flags stay true and IMOD reads the file back as it was.
 *
 * <p>The tensor's last two dimensions must be {@code [ny, nx]} (or {@code [ny, nx, 2]} for complex mode) and its
 * leading dimensions must multiply to {@code nz}, so {@code [nz, ny, nx]}, {@code [ny, nx]} (nz = 1) and
 * {@code [volumes, mz, ny, nx]} all work.
 */
public final class MrcWriter {
    private static final Logger LOG = LoggerFactory.getLogger(MrcWriter.class);
    private static final int CHUNK_BYTES = 1 << 20;

    private MrcWriter() {}

    /**
     * Writes {@code data} as a float32, little-endian volume ({@code [nz, ny, nx]}) or image ({@code [ny, nx]}).
     *
     * @param path the file to create or replace
     * @param data the values
     * @param voxelSize isotropic voxel size in Å (0 = unknown)
     * @throws IOException if the file cannot be written
     */
    public static void write(Path path, Tensor data, double voxelSize) throws IOException {
        int[] d = data.dims();
        MrcHeader.Builder b;
        if (d.length == 2) b = MrcHeader.builder(d[1], d[0], 1).imageStack();
        else if (d.length == 3) b = MrcHeader.builder(d[2], d[1], d[0]);
        else throw new IllegalArgumentException("MrcWriter.write: " + path + ": expected a [ny, nx] or [nz, ny, nx] tensor, got " + Arrays.toString(d));
        write(path, data, b.voxelSize(voxelSize).build(), new byte[0]);
    }

    /**
     * Writes {@code data} with the metadata of {@code header} and no extended header.
     *
     * @param path the file to create or replace
     * @param data values, shaped as described in the class documentation
     * @param header metadata; sizes must match {@code data}
     * @throws IOException if the file cannot be written
     */
    public static void write(Path path, Tensor data, MrcHeader header) throws IOException {
        write(path, data, header, new byte[0]);
    }

    /**
     * Writes {@code data} with the metadata of {@code header} and the given extended header.
     *
     * @param path the file to create or replace
     * @param data values, shaped as described in the class documentation
     * @param header metadata; sizes must match {@code data}
     * @param extendedHeader raw extended header bytes written after the main header ({@code nsymbt} is set to
     *     their length); set {@code exttyp} in the header to say what they are
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if shapes disagree, or a value does not fit an integer or float16 mode
     */
    public static void write(Path path, Tensor data, MrcHeader header, byte[] extendedHeader) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(extendedHeader, "extendedHeader");
        checkShape(path, data.dims(), header);
        float[] values = data.toArray();
        MrcMode mode = header.mode();
        Stats stats = mode.isComplex() ? complexStats(values) : realStats(path, values, header);
        if (extendedHeader.length > 0 && header.exttyp().isBlank())
            LOG.warn("{}: writing a {}-byte extended header without exttyp; set it (e.g. \"MRCO\") so readers know its layout", path, extendedHeader.length);

        MrcHeader.Builder hb = header.toBuilder().nsymbt(extendedHeader.length)
                .statistics(stats.dmin, stats.dmax, stats.dmean, stats.rms);
        if (header.nversion() != 20140 && header.nversion() != 20141) hb.nversion(20141);
        byte[] head = hb.build().encode();
        ByteOrder order = header.byteOrder();

        AtomicFiles.write(path, ch -> {
            writeAll(ch, ByteBuffer.wrap(head));
            writeAll(ch, ByteBuffer.wrap(extendedHeader));
            writeData(ch, values, mode, order);
        });
    }

    private static void checkShape(Path path, int[] d, MrcHeader h) {
        boolean complex = h.mode().isComplex();
        int tail = complex ? 3 : 2;
        boolean ok = d.length >= tail;
        long lead = 1;
        if (ok) {
            int k = d.length - tail;
            ok = d[k] == h.ny() && d[k + 1] == h.nx() && (!complex || d[k + 2] == 2);
            for (int i = 0; i < k; i++) lead *= d[i];
            ok &= lead == h.nz();
        }
        if (!ok)
            throw new IllegalArgumentException("MrcWriter.write: " + path + ": tensor shape " + Arrays.toString(d)
                    + " does not match header nz=" + h.nz() + ", ny=" + h.ny() + ", nx=" + h.nx() + " (mode " + h.mode()
                    + "): expected [..., ny, nx" + (complex ? ", 2" : "") + "] with leading dimensions multiplying to nz");
    }

    // ------------------------------------------------------------------ statistics

    private record Stats(float dmin, float dmax, float dmean, float rms) {
        static final Stats UNDETERMINED = new Stats(0f, -1f, -2f, -1f);
    }

    /** The value {@code v} becomes once stored in {@code mode}; throws if it does not fit. */
    private static float stored(Path path, float v, int index, MrcHeader h) {
        MrcMode mode = h.mode();
        switch (mode) {
            case FLOAT32:
                return v;
            case FLOAT16: {
                float q = Half.toFloat(Half.fromFloat(v));
                if (Float.isInfinite(q) && !Float.isInfinite(v))
                    throw outOfRange(path, v, index, h, "[-65504, 65504] (float16)");
                return q;
            }
            default: {
                boolean unsignedBytes = mode == MrcMode.INT8 && !h.bytesSigned();
                double lo = unsignedBytes ? 0 : mode == MrcMode.INT8 ? -128 : mode == MrcMode.INT16 ? -32768 : 0;
                double hi = unsignedBytes ? 255 : mode == MrcMode.INT8 ? 127 : mode == MrcMode.INT16 ? 32767 : 65535;
                double q = Math.rint(v);
                if (!(q >= lo && q <= hi)) throw outOfRange(path, v, index, h, "[" + (long) lo + ", " + (long) hi + "]");
                return (float) q;
            }
        }
    }

    private static IllegalArgumentException outOfRange(Path path, float v, int index, MrcHeader h, String range) {
        long plane = (long) h.nx() * h.ny();
        return new IllegalArgumentException("MrcWriter.write: " + path + ": value " + v + " at (z=" + index / plane
                + ", y=" + (index % plane) / h.nx() + ", x=" + index % h.nx() + ") does not fit mode " + h.mode().code()
                + " (" + h.mode() + ") range " + range);
    }

    private static Stats realStats(Path path, float[] values, MrcHeader h) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        boolean finite = true;
        for (int i = 0; i < values.length; i++) {
            float q = stored(path, values[i], i, h);
            if (!Float.isFinite(q)) finite = false;
            if (q < min) min = q;
            if (q > max) max = q;
            sum += q;
        }
        if (!finite) {
            LOG.warn("{}: data contain NaN or infinite values; header statistics are marked undetermined", path);
            return Stats.UNDETERMINED;
        }
        double mean = sum / values.length;
        double ss = 0;
        for (int i = 0; i < values.length; i++) {
            double dv = stored(path, values[i], i, h) - mean;
            ss += dv * dv;
        }
        return new Stats(min, max, (float) mean, (float) Math.sqrt(ss / values.length));
    }

    /** mrcfile leaves min, max and mean undetermined for complex data and stores the std of the complex values. */
    private static Stats complexStats(float[] values) {
        int n = values.length / 2;
        double sr = 0, si = 0;
        for (int i = 0; i < n; i++) {
            sr += values[2 * i];
            si += values[2 * i + 1];
        }
        double mr = sr / n, mi = si / n, ss = 0;
        for (int i = 0; i < n; i++) {
            double a = values[2 * i] - mr, b = values[2 * i + 1] - mi;
            ss += a * a + b * b;
        }
        if (!Double.isFinite(ss)) {
            LOG.warn("complex data contain NaN or infinite values; header statistics are marked undetermined");
            return Stats.UNDETERMINED;
        }
        return new Stats(0f, -1f, -2f, (float) Math.sqrt(ss / n));
    }

    // ------------------------------------------------------------------ data

    private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static void writeData(FileChannel ch, float[] values, MrcMode mode, ByteOrder order) throws IOException {
        int perValue = mode.isComplex() ? 4 : mode.bytesPerVoxel();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(order);
        for (int i = 0; i < values.length; i++) {
            if (buf.remaining() < perValue) {
                buf.flip();
                writeAll(ch, buf);
                buf.clear();
            }
            float v = values[i];
            switch (mode) {
                case INT8: buf.put((byte) (int) Math.rint(v)); break; // (int) first: 200 -> 0xC8 for unsigned bytes
                case INT16: buf.putShort((short) Math.rint(v)); break;
                case UINT16: buf.putShort((short) (int) Math.rint(v)); break;
                case FLOAT16: buf.putShort(Half.fromFloat(v)); break;
                default: buf.putFloat(v); break;
            }
        }
        buf.flip();
        writeAll(ch, buf);
    }
}
