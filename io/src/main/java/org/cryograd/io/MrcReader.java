package org.cryograd.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * Reads an MRC2014 file: the header on {@link #open}, voxel data on demand, whole or by z-range.
 *
 * <pre>{@code
 * try (MrcReader r = MrcReader.open(Path.of("tomo.mrc"))) {
 *     MrcHeader h = r.header();
 *     Tensor slab = r.readSlices(100, 110);     // [10, ny, nx], nothing else is loaded
 * }
 * }</pre>
 *
 * <p>Data come back as float32 tensors of shape {@code [nz, ny, nx]} (x fastest), with a trailing dimension of 2
 * (real, imaginary) for complex mode. A volume stack is {@code nz = volumes × mz} sections; {@code readVolume(i)}
 * or a reshape to {@code [volumes, mz, ny, nx]} separates them.
 *
 * <p><b>Axis order.</b> A volume whose axis map ({@code mapc, mapr, maps}) is a permutation other than 1, 2, 3 is
 * reordered on read so that tensors are always {@code [z, y, x]}; {@link #header()} then describes the data as
 * presented (standard order, see {@link MrcHeader#fileAxisMap()}). {@link #readSlices} works on such files too:
 * when the file's sections are z it reads only those sections; otherwise z runs along the file's columns or rows,
 * so every section is read (one at a time) to gather the range. Image and volume stacks are never reordered.
 *
 * <p><b>Compression.</b> gzip and bzip2 files are recognised by their first bytes (not their name) and read
 * transparently (see {@link Compression}). Their content is decompressed once, on {@link #open}: into memory when
 * it is smaller than both 2 GiB and a quarter of the maximum heap, otherwise into a temporary file in
 * {@code java.io.tmpdir} that is deleted when the reader is closed (on Linux and macOS it is unlinked as soon as it
 * is opened, so nothing is left behind even if the JVM dies). CRCs are checked during that pass, so a corrupt
 * file fails on {@code open}.
 *
 * <p>Voxel data of an uncompressed file are read through memory mapping ({@link FileChannel#map}) in windows of at
 * most 1 GiB, so files over 2 GB work and a z-range touches only the pages it needs. A reader holds one open channel
 * and is safe to use from several threads at once.
 *
 * <p>Byte order comes from the machine stamp (0x44 0x44 or 0x44 0x41 little-endian, 0x11 0x11 big-endian). When
 * the stamp is missing or wrong, the order in which {@code nx, ny, nz, mode, nsymbt} are sane and fit the file
 * size is used, with a warning. A header that is not sane in either order gives a {@link FileFormatException}
 * naming the file and the first bad field.
 */
public final class MrcReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MrcReader.class);
    /** Largest mapped window; well under the 2 GB limit of one {@link java.nio.MappedByteBuffer}. */
    static final long DEFAULT_WINDOW_BYTES = 1L << 30;
    /** Largest Java array (and so tensor) length that is safe on common JVMs. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private final Path path;
    private final ByteSource source;
    private final Compression compression;
    private final MrcHeader fileHeader; // sizes in file order (columns, rows, sections)
    private final MrcHeader header;     // as presented: x, y, z
    private final byte[] extendedHeader;
    private final long dataOffset;
    private final long windowBytes;

    private MrcReader(Path path, ByteSource source, Compression compression, MrcHeader fileHeader, byte[] extendedHeader,
            long windowBytes) {
        this.path = path;
        this.source = source;
        this.compression = compression;
        this.fileHeader = fileHeader;
        this.header = presented(fileHeader);
        this.extendedHeader = extendedHeader;
        this.dataOffset = MrcHeader.SIZE + (long) extendedHeader.length;
        long bpv = fileHeader.mode().bytesPerVoxel();
        this.windowBytes = Math.max(bpv, windowBytes / bpv * bpv); // windows never split a voxel
    }

    /** The header as data are presented: reordered to x, y, z when the file's axis map asks for it. */
    private static MrcHeader presented(MrcHeader h) {
        boolean standard = Arrays.equals(h.axisMap(), new int[] {1, 2, 3});
        if (standard || !h.validAxisMap() || h.isImageStack() || h.isVolumeStack()) return h;
        return h.inXyzOrder();
    }

    /**
     * Opens {@code path}, reads and checks the header and the extended header.
     *
     * @param path an MRC file
     * @return an open reader; close it to release the file
     * @throws FileFormatException if the file is shorter than its header says, or a header field is invalid
     * @throws IOException if the file cannot be read
     */
    public static MrcReader open(Path path) throws IOException {
        return open(path, DEFAULT_WINDOW_BYTES);
    }

    /** As {@link #open(Path)} with a chosen mapping window (tests use tiny windows to exercise the splitting). */
    static MrcReader open(Path path, long windowBytes) throws IOException {
        return open(path, windowBytes, defaultMemoryLimit(), null);
    }

    /**
     * As {@link #open(Path)} with a chosen window, in-memory limit for decompressed content and directory for the
     * temporary file ({@code null}: {@code java.io.tmpdir}); tests use them to force and observe temporary files.
     */
    static MrcReader open(Path path, long windowBytes, long memoryLimit, Path tmpDir) throws IOException {
        Objects.requireNonNull(path, "path");
        Compression c = Compression.detect(path);
        ByteSource src = c == Compression.NONE ? ByteSource.file(path) : ByteSource.decompressed(path, c, memoryLimit, tmpDir);
        try {
            long size = src.size();
            ByteBuffer raw = ByteBuffer.allocate(Math.toIntExact(Math.min(size, MrcHeader.SIZE)));
            src.read(raw, 0);
            MrcHeader h = parseHeader(path, c, raw, size);
            byte[] ext = new byte[h.nsymbt()];
            ByteBuffer e = ByteBuffer.wrap(ext);
            src.read(e, MrcHeader.SIZE);
            return new MrcReader(path, src, c, h, ext, windowBytes);
        } catch (IOException | RuntimeException e) {
            src.close();
            throw e;
        }
    }

    /**
     * The header as {@link #header()} would give it, without keeping the data: a compressed file is decompressed
     * as a stream (its CRCs checked) only to learn its size.
     */
    static MrcHeader readHeader(Path path) throws IOException {
        Compression c = Compression.detect(path);
        if (c == Compression.NONE) {
            try (MrcReader r = open(path)) {
                return r.header();
            }
        }
        try (InputStream in = Compression.open(path, c)) {
            byte[] head = in.readNBytes(MrcHeader.SIZE);
            long size = head.length + in.transferTo(OutputStream.nullOutputStream());
            return presented(parseHeader(path, c, ByteBuffer.wrap(head), size));
        }
    }

    /** Checks and decodes the first {@code min(size, 1024)} bytes of content that is {@code size} bytes long. */
    private static MrcHeader parseHeader(Path path, Compression c, ByteBuffer raw, long size) throws FileFormatException {
        String what = c == Compression.NONE ? "file is " : "decompressed (" + c.label() + ") content is ";
        if (size < MrcHeader.SIZE)
            throw new FileFormatException(path, null, -1, what + size + " bytes, shorter than the "
                    + MrcHeader.SIZE + "-byte MRC header");
        ByteOrder order = detectByteOrder(path, raw, size);
        MrcHeader h = MrcHeader.decode(raw, order);
        long needed = MrcHeader.SIZE + (long) h.nsymbt() + h.dataBytes();
        if (size > needed)
            LOG.warn("{}: {}{} bytes, {} more than the header needs; the extra bytes are ignored", path, what, size, size - needed);
        warnOddFields(path, h);
        return h;
    }

    /** Decompressed content up to this size stays in memory: below the array limit and a quarter of the heap. */
    private static long defaultMemoryLimit() {
        return Math.min(MAX_VALUES, Runtime.getRuntime().maxMemory() / 4);
    }

    // ------------------------------------------------------------------ header checks

    static ByteOrder detectByteOrder(Path path, ByteBuffer raw, long fileSize) throws FileFormatException {
        int s0 = raw.get(212) & 0xff, s1 = raw.get(213) & 0xff;
        ByteOrder stamped = s0 == 0x44 && (s1 == 0x44 || s1 == 0x41) ? ByteOrder.LITTLE_ENDIAN
                : s0 == 0x11 && s1 == 0x11 ? ByteOrder.BIG_ENDIAN : null;
        if (stamped != null) {
            FileFormatException asStamped = check(path, raw, stamped, fileSize);
            if (asStamped == null) return stamped;
            ByteOrder other = stamped == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            if (check(path, raw, other, fileSize) == null) {
                LOG.warn("{}: machine stamp {} says {} but the header is only consistent as {}; reading as {}",
                        path, stamp(raw), stamped, other, other);
                return other;
            }
            throw asStamped;
        }
        FileFormatException asLittle = check(path, raw, ByteOrder.LITTLE_ENDIAN, fileSize);
        if (asLittle == null) {
            LOG.warn("{}: invalid machine stamp {}; nx/ny/nz/mode are sane as little-endian, reading as little-endian", path, stamp(raw));
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (check(path, raw, ByteOrder.BIG_ENDIAN, fileSize) == null) {
            LOG.warn("{}: invalid machine stamp {}; nx/ny/nz/mode are sane as big-endian, reading as big-endian", path, stamp(raw));
            return ByteOrder.BIG_ENDIAN;
        }
        String detail = asLittle.getMessage().substring(path.toString().length() + 2); // drop "<path>: "
        throw new FileFormatException(path, "machst", -1, "header field 'machst' = " + stamp(raw)
                + " is not a valid machine stamp, and the header is not consistent in either byte order (as little-endian: "
                + detail + ")");
    }

    /** The first problem with the header read in {@code order}, or {@code null} if sizes, mode and length agree. */
    private static FileFormatException check(Path path, ByteBuffer raw, ByteOrder order, long fileSize) {
        MrcHeader.RawSizes r = MrcHeader.RawSizes.of(raw.duplicate().order(order));
        MrcMode mode = MrcMode.fromCode(r.mode());
        if (mode == null)
            return new FileFormatException(path, "mode", -1, "header field 'mode' = " + r.mode()
                    + " is not a supported MRC mode (supported: 0, 1, 2, 4, 6, 12)");
        String[] names = {"nx", "ny", "nz"};
        int[] sizes = {r.nx(), r.ny(), r.nz()};
        for (int i = 0; i < 3; i++)
            if (sizes[i] <= 0)
                return new FileFormatException(path, names[i], -1, "header field '" + names[i] + "' = " + sizes[i] + " must be positive");
        if (r.nsymbt() < 0)
            return new FileFormatException(path, "nsymbt", -1, "header field 'nsymbt' = " + r.nsymbt()
                    + " (extended header length) must not be negative");
        long needed;
        try {
            long data = Math.multiplyExact(Math.multiplyExact((long) r.nx() * r.ny(), (long) r.nz()), (long) mode.bytesPerVoxel());
            needed = Math.addExact(MrcHeader.SIZE + (long) r.nsymbt(), data);
        } catch (ArithmeticException e) {
            needed = -1; // beyond any real file
        }
        if (needed < 0 || needed > fileSize)
            return new FileFormatException(path, "nx/ny/nz", -1, "file is " + fileSize + " bytes but the header (nx="
                    + r.nx() + ", ny=" + r.ny() + ", nz=" + r.nz() + ", mode=" + r.mode() + ", nsymbt=" + r.nsymbt()
                    + ") needs " + (needed < 0 ? "more than 2^63" : Long.toString(needed)));
        return null;
    }

    private static void warnOddFields(Path path, MrcHeader h) {
        int[] map = h.axisMap();
        int[] sorted = map.clone();
        Arrays.sort(sorted);
        if (sorted[0] != 1 || sorted[1] != 2 || sorted[2] != 3)
            LOG.warn("{}: axis map (mapc, mapr, maps) = {} is not a permutation of 1, 2, 3; data are read in file order", path, Arrays.toString(map));
        else if ((map[0] != 1 || map[1] != 2) && (h.isImageStack() || h.isVolumeStack()))
            LOG.warn("{}: axis map (mapc, mapr, maps) = {} on a {} stack is not applied; data are read in file order",
                    path, Arrays.toString(map), h.isImageStack() ? "image" : "volume");
        int[] grid = h.grid();
        if (h.isVolumeStack() && (grid[2] <= 0 || h.nz() % grid[2] != 0))
            LOG.warn("{}: volume stack (ispg {}) with nz = {} not a multiple of mz = {}", path, h.ispg(), h.nz(), grid[2]);
        if (h.mode() == MrcMode.INT8 && !h.bytesSigned())
            LOG.info("{}: IMOD flags mark mode-0 bytes as unsigned; reading them as 0..255", path);
    }

    private static String stamp(ByteBuffer raw) {
        return String.format("0x%02x 0x%02x 0x%02x 0x%02x", raw.get(212) & 0xff, raw.get(213) & 0xff,
                raw.get(214) & 0xff, raw.get(215) & 0xff);
    }

    // ------------------------------------------------------------------ accessors

    /** The file this reader was opened on. */
    public Path path() { return path; }

    /**
     * The main header, describing the data as this reader presents them: when the file's axes were reordered to
     * x, y, z ({@link MrcHeader#reordered()}), sizes and start follow x, y, z and the axis map is 1, 2, 3.
     */
    public MrcHeader header() { return header; }

    /** How the file is compressed ({@link Compression#NONE} for a plain MRC file). */
    public Compression compression() { return compression; }

    /** A copy of the extended header bytes ({@code nsymbt} of them, possibly none), uninterpreted. */
    public byte[] extendedHeader() { return extendedHeader.clone(); }

    /** Byte offset of the first voxel in the (decompressed) content: 1024 + {@code nsymbt}. */
    public long dataOffset() { return dataOffset; }

    /**
     * Shape of the tensor {@link #readAll()} returns.
     *
     * @return {@code [nz, ny, nx]}, or {@code [nz, ny, nx, 2]} for complex data
     */
    public int[] shape() {
        return header.mode().isComplex() ? new int[] {header.nz(), header.ny(), header.nx(), 2}
                : new int[] {header.nz(), header.ny(), header.nx()};
    }

    // ------------------------------------------------------------------ data

    /**
     * All voxels as a float32 tensor.
     *
     * @return a tensor of shape {@link #shape()}
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the data have more values than one tensor can hold (read by z-range)
     */
    public Tensor readAll() throws IOException {
        return readSlices(0, header.nz());
    }

    /**
     * Sections {@code z0} (inclusive) to {@code z1} (exclusive), mapping only that part of the file.
     *
     * @param z0 first section, {@code 0 <= z0 < z1}
     * @param z1 end section, {@code <= nz}
     * @return a tensor of shape {@code [z1 - z0, ny, nx]} (plus a trailing 2 for complex data)
     * @throws IOException if the file cannot be read (for example because it shrank since it was opened)
     * @throws IllegalArgumentException if the range is empty or outside {@code [0, nz]}, or too large for a tensor
     */
    public Tensor readSlices(int z0, int z1) throws IOException {
        if (z0 < 0 || z1 > header.nz() || z0 >= z1)
            throw new IllegalArgumentException("MrcReader.readSlices: " + path + ": z-range [" + z0 + ", " + z1
                    + ") is empty or outside [0, " + header.nz() + ")");
        MrcMode mode = header.mode();
        long voxels = (long) (z1 - z0) * header.nx() * header.ny();
        long values = mode.isComplex() ? 2 * voxels : voxels;
        if (values > MAX_VALUES)
            throw new IllegalArgumentException("MrcReader.readSlices: " + path + ": sections [" + z0 + ", " + z1 + ") hold "
                    + values + " values, more than one tensor can hold; read a smaller z-range");
        float[] out = new float[(int) values];
        if (header.reordered()) gather(z0, z1, out);
        else decode(dataOffset + z0 * header.sectionBytes(), voxels * mode.bytesPerVoxel(), out);
        int[] shape = mode.isComplex() ? new int[] {z1 - z0, header.ny(), header.nx(), 2}
                : new int[] {z1 - z0, header.ny(), header.nx()};
        return Tensor.of(out, shape);
    }

    /**
     * Volume {@code index} of a volume stack ({@code ispg} 401..630), i.e. sections {@code index*mz .. (index+1)*mz}.
     *
     * @param index volume number, {@code 0 <= index < header().volumeCount()}
     * @return a tensor of shape {@code [mz, ny, nx]} (plus a trailing 2 for complex data)
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if this is not a volume stack or the index is out of range
     */
    public Tensor readVolume(int index) throws IOException {
        if (!header.isVolumeStack())
            throw new IllegalArgumentException("MrcReader.readVolume: " + path + " is not a volume stack (ispg = " + header.ispg() + ")");
        int mz = header.grid()[2];
        if (index < 0 || index >= header.volumeCount())
            throw new IllegalArgumentException("MrcReader.readVolume: " + path + ": volume " + index + " outside [0, " + header.volumeCount() + ")");
        return readSlices(index * mz, (index + 1) * mz);
    }

    /**
     * Sections {@code z0..z1} of a reordered file: walks the file's sections (only those in range when sections are
     * z), decodes the rows in range and scatters each voxel to its x, y, z place.
     */
    private void gather(int z0, int z1, float[] out) throws IOException {
        int[] map = fileHeader.axisMap(); // file axis (columns, rows, sections) -> 1 = x, 2 = y, 3 = z
        int nc = fileHeader.nx(), nr = fileHeader.ny(), ns = fileHeader.nz();
        int vpv = fileHeader.mode().isComplex() ? 2 : 1;
        long[] stride = {1, header.nx(), (long) header.nx() * header.ny()}; // output voxels per step in x, y, z
        int[] lo = {0, 0, 0}, hi = {nc, nr, ns};
        for (int a = 0; a < 3; a++)
            if (map[a] == 3) {
                lo[a] = z0;
                hi[a] = z1;
            }
        long sc = stride[map[0] - 1], sr = stride[map[1] - 1], ss = stride[map[2] - 1];
        long base = -(long) z0 * stride[2];
        long rowBytes = (long) nc * fileHeader.mode().bytesPerVoxel();
        int rows = hi[1] - lo[1];
        if ((long) rows * nc * vpv > MAX_VALUES)
            throw new IllegalArgumentException("MrcReader.readSlices: " + path + ": a section of " + nc + " x " + nr
                    + " voxels is too large to reorder; the file's axis map is " + Arrays.toString(map));
        float[] buf = new float[rows * nc * vpv];
        for (int s = lo[2]; s < hi[2]; s++) {
            decode(dataOffset + s * fileHeader.sectionBytes() + lo[1] * rowBytes, rows * rowBytes, buf);
            for (int r = lo[1]; r < hi[1]; r++) {
                int src = (r - lo[1]) * nc * vpv;
                long o = base + s * ss + r * sr;
                for (int c = lo[0]; c < hi[0]; c++) {
                    int dst = (int) (o + c * sc) * vpv;
                    out[dst] = buf[src + c * vpv];
                    if (vpv == 2) out[dst + 1] = buf[src + c * vpv + 1];
                }
            }
        }
    }

    private void decode(long position, long length, float[] out) throws IOException {
        int bpv = header.mode().bytesPerVoxel();
        long pos = position, left = length;
        int o = 0;
        while (left > 0) {
            long n = Math.min(left, windowBytes);
            ByteBuffer window = source.window(path, pos, n);
            window.order(header.byteOrder());
            o = decodeWindow(window, (int) (n / bpv), out, o);
            pos += n;
            left -= n;
        }
    }

    private int decodeWindow(ByteBuffer b, int voxels, float[] out, int o) {
        switch (header.mode()) {
            case INT8:
                if (header.bytesSigned()) for (int i = 0; i < voxels; i++) out[o++] = b.get();
                else for (int i = 0; i < voxels; i++) out[o++] = b.get() & 0xff;
                return o;
            case INT16:
                for (int i = 0; i < voxels; i++) out[o++] = b.getShort();
                return o;
            case UINT16:
                for (int i = 0; i < voxels; i++) out[o++] = b.getShort() & 0xffff;
                return o;
            case FLOAT32:
                b.asFloatBuffer().get(out, o, voxels);
                return o + voxels;
            case COMPLEX64:
                b.asFloatBuffer().get(out, o, 2 * voxels);
                return o + 2 * voxels;
            case FLOAT16:
                for (int i = 0; i < voxels; i++) out[o++] = Half.toFloat(b.getShort());
                return o;
            default:
                throw new IllegalStateException("unhandled mode " + header.mode());
        }
    }

    /** Closes the file (and deletes the temporary file of a large compressed file). Tensors already read stay valid. */
    @Override
    public void close() throws IOException {
        source.close();
    }
}
