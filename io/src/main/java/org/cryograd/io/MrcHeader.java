package org.cryograd.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The 1024-byte MRC2014 main header, immutable. Create one with {@link #builder(int, int, int)}, change one with
 * {@link #toBuilder()}; {@link MrcReader} produces them from files.
 *
 * <p>Field names follow the MRC2014 specification (and mrcfile): {@code nx, ny, nz} are columns, rows and sections
 * of the data as presented (x, y, z; see axis order below); {@code mx, my, mz} the sampling grid; {@code cella} the cell size in Å, so the voxel size is
 * {@code cella / m}; {@code ispg} 0 = image stack, 1 = volume, 401..630 = volume stack of {@code nz / mz} volumes.
 *
 * <p>Axis order: {@link MrcReader} presents every single volume with x fastest, as tensors {@code [z, y, x]}. When a
 * file stores its axes in another order ({@code mapc, mapr, maps} not 1, 2, 3, as some CCP4 maps do), the reader
 * reorders the data and returns a header in standard order: {@code nx, ny, nz} are the sizes along x, y, z,
 * {@code nstart} is permuted with them, {@link #axisMap()} is {@code {1, 2, 3}} and {@link #fileAxisMap()} keeps the
 * file's order, so writing such a header back gives a standard file. {@code mx, my, mz}, {@code cella},
 * {@code cellb} and the origin are defined along x, y, z by MRC2014 whatever the storage order, so they are not
 * permuted. Image stacks and volume stacks are never reordered (their sections are images or volumes, not z).
 *
 * <p>The statistics ({@code dmin, dmax, dmean, rms}) of a header handed to {@link MrcWriter} are ignored: the
 * writer recomputes them from the data it stores. Likewise {@code nsymbt}, the map ID, the machine stamp and
 * {@code nlabl} are always written from the actual extended header, byte order and labels.
 */
public final class MrcHeader {
    /** Size of the main header in bytes. */
    public static final int SIZE = 1024;
    /** {@code imodStamp} value that says the following {@code imodFlags} word is meaningful. */
    static final int IMOD_STAMP = 1146047817;
    static final int EXTRA1_LENGTH = 8;
    static final int EXTRA2_LENGTH = 84;
    private static final int IMOD_STAMP_OFFSET_IN_EXTRA2 = 152 - 112;
    private static final int MAX_LABELS = 10;
    private static final int LABEL_LENGTH = 80;

    private final int nx, ny, nz;
    private final MrcMode mode;
    private final int nxstart, nystart, nzstart;
    private final int mx, my, mz;
    private final float cellaX, cellaY, cellaZ;
    private final float alpha, beta, gamma;
    private final int mapc, mapr, maps;
    private final int[] fileAxisMap;
    private final float dmin, dmax, dmean, rms;
    private final int ispg;
    private final int nsymbt;
    private final byte[] extra1;
    private final String exttyp;
    private final int nversion;
    private final byte[] extra2;
    private final float originX, originY, originZ;
    private final byte[] machineStamp;
    private final List<String> labels;
    private final ByteOrder byteOrder;

    private MrcHeader(Builder b) {
        nx = b.nx; ny = b.ny; nz = b.nz;
        mode = b.mode;
        nxstart = b.nxstart; nystart = b.nystart; nzstart = b.nzstart;
        mx = b.mx; my = b.my; mz = b.mz;
        cellaX = b.cellaX; cellaY = b.cellaY; cellaZ = b.cellaZ;
        alpha = b.alpha; beta = b.beta; gamma = b.gamma;
        mapc = b.mapc; mapr = b.mapr; maps = b.maps;
        fileAxisMap = b.fileAxisMap != null ? b.fileAxisMap.clone() : new int[] {mapc, mapr, maps};
        dmin = b.dmin; dmax = b.dmax; dmean = b.dmean; rms = b.rms;
        ispg = b.ispg;
        nsymbt = b.nsymbt;
        extra1 = b.extra1.clone();
        exttyp = b.exttyp;
        nversion = b.nversion;
        extra2 = b.extra2.clone();
        originX = b.originX; originY = b.originY; originZ = b.originZ;
        machineStamp = b.machineStamp != null ? b.machineStamp.clone() : stampFor(b.byteOrder);
        labels = List.copyOf(b.labels);
        byteOrder = b.byteOrder;
    }

    /**
     * A builder for a header describing {@code nx × ny × nz} data (columns, rows, sections): float32, little-endian,
     * a single volume ({@code ispg = 1}), grid = size, voxel size 0 (unknown, as mrcfile), cell angles 90°, standard
     * axis map, origin 0, no labels, no extended header, statistics marked undetermined.
     *
     * @param nx columns (fastest varying)
     * @param ny rows
     * @param nz sections (slowest varying)
     * @return a builder with the defaults above
     */
    public static Builder builder(int nx, int ny, int nz) {
        return new Builder(nx, ny, nz);
    }

    /** A builder starting from every field of this header. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    // ------------------------------------------------------------------ accessors

    /** Number of columns (x, fastest varying in the tensor; in the file too unless {@link #reordered()}). */
    public int nx() { return nx; }

    /** Number of rows. */
    public int ny() { return ny; }

    /** Number of sections (all sections of all volumes for a volume stack). */
    public int nz() { return nz; }

    /** The data mode. */
    public MrcMode mode() { return mode; }

    /** {@code {nxstart, nystart, nzstart}}: the grid location of the first column, row and section. */
    public int[] nstart() { return new int[] {nxstart, nystart, nzstart}; }

    /** {@code {mx, my, mz}}: grid sampling; {@code mz} is the depth of one volume in a volume stack. */
    public int[] grid() { return new int[] {mx, my, mz}; }

    /** {@code {cella.x, cella.y, cella.z}}: cell dimensions in Å. */
    public float[] cella() { return new float[] {cellaX, cellaY, cellaZ}; }

    /** {@code {alpha, beta, gamma}}: cell angles in degrees. */
    public float[] cellb() { return new float[] {alpha, beta, gamma}; }

    /**
     * Voxel size in Å along x, y, z: {@code cella / m} computed in double as mrcfile does, 0 where {@code m} is 0.
     *
     * @return {@code {x, y, z}}
     */
    public double[] voxelSize() {
        return new double[] {mx == 0 ? 0 : (double) cellaX / mx, my == 0 ? 0 : (double) cellaY / my,
                mz == 0 ? 0 : (double) cellaZ / mz};
    }

    /** {@code {mapc, mapr, maps}}: which axis (1 = x, 2 = y, 3 = z) columns, rows and sections correspond to. */
    public int[] axisMap() { return new int[] {mapc, mapr, maps}; }

    /**
     * The axis map of the file this header was read from. It differs from {@link #axisMap()} only when
     * {@link MrcReader} reordered the data to x, y, z (then {@code axisMap()} is {@code {1, 2, 3}}); for a header
     * that was built rather than read it equals {@code axisMap()} (it is informational and never written).
     *
     * @return {@code {mapc, mapr, maps}} as stored in the file
     */
    public int[] fileAxisMap() { return fileAxisMap.clone(); }

    /** Whether the reader reordered the file's data to x, y, z ({@link #fileAxisMap()} differs from {@link #axisMap()}). */
    public boolean reordered() { return !Arrays.equals(fileAxisMap, axisMap()); }

    /** Whether the axis map is a permutation of 1, 2, 3 (legacy files may hold anything). */
    boolean validAxisMap() {
        int[] sorted = axisMap();
        Arrays.sort(sorted);
        return sorted[0] == 1 && sorted[1] == 2 && sorted[2] == 3;
    }

    /**
     * This header as {@link MrcReader} presents data in x, y, z order: sizes and {@code nstart} permuted from
     * (columns, rows, sections) to (x, y, z), axis map 1, 2, 3, the file's map kept in {@link #fileAxisMap()}.
     * Requires a valid axis map.
     */
    MrcHeader inXyzOrder() {
        int[] map = axisMap();
        int[] crs = {nx, ny, nz}, start = {nxstart, nystart, nzstart};
        int[] size = new int[3], st = new int[3];
        for (int i = 0; i < 3; i++) {
            size[map[i] - 1] = crs[i];
            st[map[i] - 1] = start[i];
        }
        Builder b = toBuilder();
        b.nx = size[0]; b.ny = size[1]; b.nz = size[2];
        b.nxstart = st[0]; b.nystart = st[1]; b.nzstart = st[2];
        b.mapc = 1; b.mapr = 2; b.maps = 3;
        b.fileAxisMap = map;
        b.machineStamp = machineStamp.clone();
        b.nsymbt = nsymbt;
        return new MrcHeader(b);
    }

    /** Minimum data value as stored in the header ({@code dmin > dmax} means undetermined). */
    public float dmin() { return dmin; }

    /** Maximum data value as stored in the header. */
    public float dmax() { return dmax; }

    /** Mean data value as stored in the header. */
    public float dmean() { return dmean; }

    /** Standard deviation of the data about their mean, as stored in the header (negative = undetermined). */
    public float rms() { return rms; }

    /** Space group: 0 image stack, 1 volume, 401..630 volume stack. */
    public int ispg() { return ispg; }

    /** Whether this is an image stack ({@code ispg == 0}). */
    public boolean isImageStack() { return ispg == 0; }

    /** Whether this is a volume stack ({@code 401 <= ispg <= 630}). */
    public boolean isVolumeStack() { return isVolumeStackGroup(ispg); }

    /** Number of volumes: {@code nz / mz} for a volume stack, 1 otherwise. */
    public int volumeCount() { return isVolumeStack() && mz > 0 ? nz / mz : 1; }

    /** Length of the extended header in bytes, as read ({@link MrcWriter} sets it from the bytes it writes). */
    public int nsymbt() { return nsymbt; }

    /** Extended header type ({@code "CCP4"}, {@code "MRCO"}, {@code "SERI"}, {@code "FEI1"}, ...; "" if unset). */
    public String exttyp() { return exttyp; }

    /** MRC format version ({@code 20140} or {@code 20141} for MRC2014). */
    public int nversion() { return nversion; }

    /** The 8 application-specific bytes at offset 96, copied verbatim. */
    public byte[] extra1() { return extra1.clone(); }

    /** The 84 application-specific bytes at offset 112 (IMOD keeps its stamp and flags here), copied verbatim. */
    public byte[] extra2() { return extra2.clone(); }

    /** {@code {origin.x, origin.y, origin.z}} in Å. */
    public float[] origin() { return new float[] {originX, originY, originZ}; }

    /** The machine stamp bytes as read (a written file always gets 0x44 0x44 0 0 or 0x11 0x11 0 0). */
    public byte[] machineStamp() { return machineStamp.clone(); }

    /** The byte order of the file. */
    public ByteOrder byteOrder() { return byteOrder; }

    /** The text labels in use (at most 10, each at most 80 printable ASCII characters, trailing blanks removed). */
    public List<String> labels() { return labels; }

    /**
     * Whether mode-0 bytes are signed. MRC2014 says they are; old IMOD files that carry the IMOD stamp without
     * flag bit 1 hold unsigned bytes.
     *
     * @return {@code false} only for mode 0 with an IMOD stamp and the signed flag clear
     */
    public boolean bytesSigned() {
        if (mode != MrcMode.INT8) return true;
        ByteBuffer e = ByteBuffer.wrap(extra2).order(byteOrder);
        if (e.getInt(IMOD_STAMP_OFFSET_IN_EXTRA2) != IMOD_STAMP) return true;
        return (e.getInt(IMOD_STAMP_OFFSET_IN_EXTRA2 + 4) & 1) != 0;
    }

    /** Bytes of voxel data: {@code nx * ny * nz * bytesPerVoxel}. */
    public long dataBytes() {
        return (long) nx * ny * nz * mode.bytesPerVoxel();
    }

    /** Bytes of one section: {@code nx * ny * bytesPerVoxel}. */
    public long sectionBytes() {
        return (long) nx * ny * mode.bytesPerVoxel();
    }

    @Override
    public String toString() {
        return "MrcHeader[nx=" + nx + ", ny=" + ny + ", nz=" + nz + ", mode=" + mode.code() + " (" + mode + ")"
                + ", ispg=" + ispg + ", grid=" + Arrays.toString(grid()) + ", cella=" + Arrays.toString(cella())
                + ", origin=" + Arrays.toString(origin()) + ", axisMap=" + Arrays.toString(axisMap())
                + ", nsymbt=" + nsymbt + ", exttyp='" + exttyp + "', byteOrder=" + byteOrder
                + ", labels=" + labels.size() + "]";
    }

    static boolean isVolumeStackGroup(int ispg) {
        return ispg >= 401 && ispg <= 630;
    }

    static byte[] stampFor(ByteOrder order) {
        return order == ByteOrder.LITTLE_ENDIAN ? new byte[] {0x44, 0x44, 0, 0} : new byte[] {0x11, 0x11, 0, 0};
    }

    // ------------------------------------------------------------------ encoding

    /**
     * The 1024 header bytes in this header's byte order. The map ID is always "MAP ", the machine stamp matches the
     * byte order and {@code nlabl} is the number of labels.
     */
    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(byteOrder);
        b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, mode.code());
        b.putInt(16, nxstart).putInt(20, nystart).putInt(24, nzstart);
        b.putInt(28, mx).putInt(32, my).putInt(36, mz);
        b.putFloat(40, cellaX).putFloat(44, cellaY).putFloat(48, cellaZ);
        b.putFloat(52, alpha).putFloat(56, beta).putFloat(60, gamma);
        b.putInt(64, mapc).putInt(68, mapr).putInt(72, maps);
        b.putFloat(76, dmin).putFloat(80, dmax).putFloat(84, dmean);
        b.putInt(88, ispg).putInt(92, nsymbt);
        b.put(96, extra1);
        byte[] typ = exttyp.getBytes(StandardCharsets.ISO_8859_1);
        b.put(104, typ);
        b.putInt(108, nversion);
        b.put(112, extra2);
        b.putFloat(196, originX).putFloat(200, originY).putFloat(204, originZ);
        b.put(208, "MAP ".getBytes(StandardCharsets.US_ASCII));
        b.put(212, stampFor(byteOrder));
        b.putFloat(216, rms);
        b.putInt(220, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            byte[] text = labels.get(i).getBytes(StandardCharsets.US_ASCII);
            byte[] padded = new byte[LABEL_LENGTH];
            Arrays.fill(padded, (byte) ' '); // Fortran/CCP4/IMOD convention: labels are blank padded
            System.arraycopy(text, 0, padded, 0, text.length);
            b.put(224 + LABEL_LENGTH * i, padded);
        }
        return b.array();
    }

    /** Raw integer fields needed for validation before a header can be built. */
    record RawSizes(int nx, int ny, int nz, int mode, int nsymbt) {
        static RawSizes of(ByteBuffer h) {
            return new RawSizes(h.getInt(0), h.getInt(4), h.getInt(8), h.getInt(12), h.getInt(92));
        }
    }

    /**
     * Decodes a header whose sizes, mode and {@code nsymbt} the caller has already validated. Other fields are
     * taken as they are (a reader is lenient about fields that do not affect the data layout).
     */
    static MrcHeader decode(ByteBuffer src, ByteOrder order) {
        ByteBuffer h = src.duplicate().order(order);
        Builder b = new Builder(h.getInt(0), h.getInt(4), h.getInt(8));
        b.mode = MrcMode.fromCode(h.getInt(12));
        b.byteOrder = order;
        b.nxstart = h.getInt(16); b.nystart = h.getInt(20); b.nzstart = h.getInt(24);
        b.mx = h.getInt(28); b.my = h.getInt(32); b.mz = h.getInt(36);
        b.cellaX = h.getFloat(40); b.cellaY = h.getFloat(44); b.cellaZ = h.getFloat(48);
        b.alpha = h.getFloat(52); b.beta = h.getFloat(56); b.gamma = h.getFloat(60);
        b.mapc = h.getInt(64); b.mapr = h.getInt(68); b.maps = h.getInt(72);
        b.dmin = h.getFloat(76); b.dmax = h.getFloat(80); b.dmean = h.getFloat(84);
        b.ispg = h.getInt(88);
        b.nsymbt = h.getInt(92);
        h.get(96, b.extra1);
        byte[] typ = new byte[4];
        h.get(104, typ);
        b.exttyp = stripTrailing(new String(typ, StandardCharsets.ISO_8859_1), true);
        b.nversion = h.getInt(108);
        h.get(112, b.extra2);
        b.originX = h.getFloat(196); b.originY = h.getFloat(200); b.originZ = h.getFloat(204);
        b.machineStamp = new byte[4];
        h.get(212, b.machineStamp);
        b.rms = h.getFloat(216);
        int nlabl = Math.max(0, Math.min(MAX_LABELS, h.getInt(220)));
        List<String> texts = new ArrayList<>();
        int lastNonBlank = -1;
        for (int i = 0; i < MAX_LABELS; i++) {
            byte[] raw = new byte[LABEL_LENGTH];
            h.get(224 + LABEL_LENGTH * i, raw);
            String s = printable(raw);
            texts.add(s);
            if (!s.isBlank()) lastNonBlank = i;
        }
        // Keep labels up to nlabl, and any text a writer forgot to count; drop blank entries.
        int count = Math.max(nlabl, lastNonBlank + 1);
        for (int i = 0; i < count; i++) if (!texts.get(i).isBlank()) b.labels.add(texts.get(i));
        return new MrcHeader(b);
    }

    private static String printable(byte[] raw) {
        StringBuilder sb = new StringBuilder(raw.length);
        for (byte x : raw) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f) sb.append((char) c);
        }
        return stripTrailing(sb.toString(), false);
    }

    private static String stripTrailing(String s, boolean nulOnly) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == 0 || (!nulOnly && s.charAt(end - 1) == ' '))) end--;
        return s.substring(0, end);
    }

    // ------------------------------------------------------------------ builder

    /**
     * Builds {@link MrcHeader}s. Setters return this builder; {@link #build()} checks the result.
     *
     * <p>Voxel size: {@link #voxelSize(double, double, double)} is applied at {@link #build()} time as
     * {@code cella = voxelSize * m} with the final grid, so it may be called before or after changing the shape
     * or the stack type. {@link #shape}, {@link #imageStack()}, {@link #volume()} and {@link #volumeStack(int)}
     * keep the current voxel size; {@link #grid} and {@link #cella} are raw field setters.
     */
    public static final class Builder {
        private int nx, ny, nz;
        private MrcMode mode = MrcMode.FLOAT32;
        private int nxstart, nystart, nzstart;
        private int mx, my, mz;
        private float cellaX, cellaY, cellaZ;
        private float alpha = 90f, beta = 90f, gamma = 90f;
        private int mapc = 1, mapr = 2, maps = 3;
        private int[] fileAxisMap;
        private float dmin = 0f, dmax = -1f, dmean = -2f, rms = -1f;
        private int ispg = 1;
        private int nsymbt;
        private byte[] extra1 = new byte[EXTRA1_LENGTH];
        private String exttyp = "";
        private int nversion = 20141;
        private byte[] extra2 = new byte[EXTRA2_LENGTH];
        private float originX, originY, originZ;
        private byte[] machineStamp;
        private final List<String> labels = new ArrayList<>();
        private ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
        private double[] pendingVoxel;

        private Builder(int nx, int ny, int nz) {
            this.nx = nx; this.ny = ny; this.nz = nz;
            this.mx = nx; this.my = ny; this.mz = nz;
        }

        private Builder(MrcHeader h) {
            nx = h.nx; ny = h.ny; nz = h.nz;
            mode = h.mode;
            nxstart = h.nxstart; nystart = h.nystart; nzstart = h.nzstart;
            mx = h.mx; my = h.my; mz = h.mz;
            cellaX = h.cellaX; cellaY = h.cellaY; cellaZ = h.cellaZ;
            alpha = h.alpha; beta = h.beta; gamma = h.gamma;
            mapc = h.mapc; mapr = h.mapr; maps = h.maps;
            fileAxisMap = h.fileAxisMap.clone();
            dmin = h.dmin; dmax = h.dmax; dmean = h.dmean; rms = h.rms;
            ispg = h.ispg;
            nsymbt = h.nsymbt;
            extra1 = h.extra1.clone();
            exttyp = h.exttyp;
            nversion = h.nversion;
            extra2 = h.extra2.clone();
            originX = h.originX; originY = h.originY; originZ = h.originZ;
            labels.addAll(h.labels);
            byteOrder = h.byteOrder;
        }

        private void keepVoxelSize() {
            if (pendingVoxel == null) {
                pendingVoxel = new double[] {mx == 0 ? 0 : (double) cellaX / mx, my == 0 ? 0 : (double) cellaY / my,
                        mz == 0 ? 0 : (double) cellaZ / mz};
            }
        }

        /**
         * New data dimensions, keeping the voxel size: {@code mx = nx}, {@code my = ny}, and {@code mz} = 1 for an
         * image stack, {@code nz} for a volume, unchanged for a volume stack.
         *
         * @param nx columns
         * @param ny rows
         * @param nz sections
         * @return this builder
         */
        public Builder shape(int nx, int ny, int nz) {
            keepVoxelSize();
            this.nx = nx; this.ny = ny; this.nz = nz;
            mx = nx; my = ny;
            if (ispg == 0) mz = 1;
            else if (!isVolumeStackGroup(ispg)) mz = nz;
            return this;
        }

        /** Data mode. @param mode the mode @return this builder */
        public Builder mode(MrcMode mode) { this.mode = Objects.requireNonNull(mode, "mode"); return this; }

        /** Byte order of the file to write. @param order the order @return this builder */
        public Builder byteOrder(ByteOrder order) { this.byteOrder = Objects.requireNonNull(order, "byteOrder"); return this; }

        /** Image stack: {@code ispg = 0}, {@code mz = 1}, voxel size kept. @return this builder */
        public Builder imageStack() { keepVoxelSize(); ispg = 0; mz = 1; return this; }

        /** Single volume: {@code ispg = 1}, {@code mz = nz}, voxel size kept. @return this builder */
        public Builder volume() { keepVoxelSize(); ispg = 1; mz = nz; return this; }

        /**
         * Volume stack: {@code ispg = 401}, {@code mz = sectionsPerVolume} ({@code nz} must be a multiple).
         *
         * @param sectionsPerVolume depth of each volume
         * @return this builder
         */
        public Builder volumeStack(int sectionsPerVolume) { keepVoxelSize(); ispg = 401; mz = sectionsPerVolume; return this; }

        /** Raw space group number (no other field changes). @param ispg the number @return this builder */
        public Builder ispg(int ispg) { this.ispg = ispg; return this; }

        /** Raw grid sampling {@code mx, my, mz}. @param mx x @param my y @param mz z @return this builder */
        public Builder grid(int mx, int my, int mz) { this.mx = mx; this.my = my; this.mz = mz; pendingVoxel = null; return this; }

        /** Raw cell dimensions in Å. @param x x @param y y @param z z @return this builder */
        public Builder cella(float x, float y, float z) { cellaX = x; cellaY = y; cellaZ = z; pendingVoxel = null; return this; }

        /**
         * Voxel size in Å; sets {@code cella = size * m} (rounded to float) when {@link #build()} runs.
         *
         * @param x along columns
         * @param y along rows
         * @param z along sections
         * @return this builder
         */
        public Builder voxelSize(double x, double y, double z) { pendingVoxel = new double[] {x, y, z}; return this; }

        /** Isotropic voxel size in Å. @param size the size @return this builder */
        public Builder voxelSize(double size) { return voxelSize(size, size, size); }

        /** Cell angles in degrees. @param a alpha @param b beta @param g gamma @return this builder */
        public Builder cellb(float a, float b, float g) { alpha = a; beta = b; gamma = g; return this; }

        /** Grid start {@code nxstart, nystart, nzstart}. @param x x @param y y @param z z @return this builder */
        public Builder nstart(int x, int y, int z) { nxstart = x; nystart = y; nzstart = z; return this; }

        /** Axis map (a permutation of 1, 2, 3). @param c mapc @param r mapr @param s maps @return this builder */
        public Builder axisMap(int c, int r, int s) { mapc = c; mapr = r; maps = s; fileAxisMap = null; return this; } // a new layout, not a reordered file

        /** Origin in Å. @param x x @param y y @param z z @return this builder */
        public Builder origin(float x, float y, float z) { originX = x; originY = y; originZ = z; return this; }

        /** Statistics fields (informational: the writer recomputes them). @param dmin min @param dmax max @param dmean mean @param rms standard deviation @return this builder */
        public Builder statistics(float dmin, float dmax, float dmean, float rms) {
            this.dmin = dmin; this.dmax = dmax; this.dmean = dmean; this.rms = rms; return this;
        }

        /** Replaces the labels. @param labels at most 10 non-blank printable ASCII strings of at most 80 characters @return this builder */
        public Builder labels(List<String> labels) { this.labels.clear(); this.labels.addAll(labels); return this; }

        /** Appends a label. @param label non-blank printable ASCII, at most 80 characters @return this builder */
        public Builder addLabel(String label) { labels.add(Objects.requireNonNull(label, "label")); return this; }

        /** Extended header type, at most 4 ASCII characters (e.g. "MRCO", "SERI", "FEI1"). @param type the type @return this builder */
        public Builder exttyp(String type) { exttyp = Objects.requireNonNull(type, "exttyp"); return this; }

        /** Format version (20140 or 20141 for MRC2014). @param version the version @return this builder */
        public Builder nversion(int version) { nversion = version; return this; }

        /** The 8 application bytes at offset 96. @param bytes exactly 8 bytes @return this builder */
        public Builder extra1(byte[] bytes) { extra1 = checkLength(bytes, EXTRA1_LENGTH, "extra1"); return this; }

        /** The 84 application bytes at offset 112. @param bytes exactly 84 bytes @return this builder */
        public Builder extra2(byte[] bytes) { extra2 = checkLength(bytes, EXTRA2_LENGTH, "extra2"); return this; }

        /** {@code nsymbt}, informational: the writer sets it from the extended header it writes. */
        Builder nsymbt(int n) { nsymbt = n; return this; }

        private static byte[] checkLength(byte[] bytes, int n, String what) {
            Objects.requireNonNull(bytes, what);
            if (bytes.length != n) throw new IllegalArgumentException("MrcHeader." + what + ": needs " + n + " bytes, got " + bytes.length);
            return bytes.clone();
        }

        /**
         * Checks and builds the header.
         *
         * @return the header
         * @throws IllegalArgumentException naming the field when a size is not positive, the grid or cell is
         *     negative, a volume stack's {@code nz} is not a multiple of {@code mz}, the axis map is not a
         *     permutation of 1, 2, 3, or a label or {@code exttyp} is not printable ASCII of the allowed length
         */
        public MrcHeader build() {
            String[] names = {"nx", "ny", "nz"};
            int[] sizes = {nx, ny, nz};
            for (int i = 0; i < 3; i++)
                if (sizes[i] <= 0) throw new IllegalArgumentException("MrcHeader: " + names[i] + " = " + sizes[i] + " must be positive");
            if (mx < 0 || my < 0 || mz < 0)
                throw new IllegalArgumentException("MrcHeader: grid (mx, my, mz) = (" + mx + ", " + my + ", " + mz + ") must not be negative");
            if (isVolumeStackGroup(ispg) && (mz <= 0 || nz % mz != 0))
                throw new IllegalArgumentException("MrcHeader: volume stack (ispg " + ispg + ") needs nz = " + nz + " to be a positive multiple of mz = " + mz);
            if (ispg < 0) throw new IllegalArgumentException("MrcHeader: ispg = " + ispg + " must not be negative");
            int[] sorted = {mapc, mapr, maps};
            Arrays.sort(sorted);
            if (sorted[0] != 1 || sorted[1] != 2 || sorted[2] != 3)
                throw new IllegalArgumentException("MrcHeader: axis map (mapc, mapr, maps) = (" + mapc + ", " + mapr + ", " + maps + ") is not a permutation of 1, 2, 3");
            if (labels.size() > MAX_LABELS)
                throw new IllegalArgumentException("MrcHeader: " + labels.size() + " labels, at most " + MAX_LABELS + " fit");
            for (int i = 0; i < labels.size(); i++) {
                String l = labels.get(i);
                if (l.isBlank()) throw new IllegalArgumentException("MrcHeader: label " + i + " is blank (blank labels between text labels are invalid MRC2014)");
                if (l.length() > LABEL_LENGTH) throw new IllegalArgumentException("MrcHeader: label " + i + " has " + l.length() + " characters, at most " + LABEL_LENGTH + " fit");
                if (!isPrintableAscii(l)) throw new IllegalArgumentException("MrcHeader: label " + i + " contains characters that are not printable ASCII: '" + l + "'");
            }
            if (exttyp.length() > 4 || !isPrintableAscii(exttyp))
                throw new IllegalArgumentException("MrcHeader: exttyp '" + exttyp + "' must be at most 4 printable ASCII characters");
            if (pendingVoxel != null) {
                for (double v : pendingVoxel)
                    if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("MrcHeader: voxel size " + Arrays.toString(pendingVoxel) + " must be finite and not negative");
                cellaX = (float) (pendingVoxel[0] * mx);
                cellaY = (float) (pendingVoxel[1] * my);
                cellaZ = (float) (pendingVoxel[2] * mz);
                pendingVoxel = null;
            }
            if (!(cellaX >= 0 && cellaY >= 0 && cellaZ >= 0))
                throw new IllegalArgumentException("MrcHeader: cella (" + cellaX + ", " + cellaY + ", " + cellaZ + ") must not be negative");
            machineStamp = null; // a built header describes what will be written: the stamp follows the byte order
            return new MrcHeader(this);
        }

        private static boolean isPrintableAscii(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c >= 0x7f) return false;
            }
            return true;
        }
    }
}
