package org.cryograd.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.MrcWriter;
import org.cryograd.io.NonFiniteVoxels;
import org.cryograd.io.TiltAngles;
import org.cryograd.tensor.Tensor;

/** Reading and writing the API's files as the command line does, with one-line errors that name the file. */
final class Mrc {
    /** The label {@code cryograd simulate tilts} writes and {@code cryograd reconstruct} reads the volume thickness from. */
    static final String THICKNESS_LABEL = "cryograd: tilt series of a volume of thickness nz=";
    private static final Pattern THICKNESS = Pattern.compile(Pattern.quote(THICKNESS_LABEL) + "(\\d+)");

    private Mrc() {}

    /** What a read gives: the values, the thickness label's value (0 none) and the header. */
    record Read(VolumeData volume, int recordedThickness, MrcHeader header) {}

    /** Checks that {@code path} is a readable regular file. */
    static void file(Path path) {
        if (path == null) throw new IllegalArgumentException("no file given");
        if (!Files.exists(path)) throw new IllegalArgumentException(path + ": no such file");
        if (Files.isDirectory(path)) throw new IllegalArgumentException(path + ": is a directory, not a file");
        if (!Files.isReadable(path)) throw new IllegalArgumentException(path + ": cannot be read (permissions)");
    }

    /** Reads an MRC file and refuses it when a value is NaN or infinite. */
    static Read read(Path path, String what) throws IOException {
        file(path);
        String p = what == null ? "" : what + " ";
        MrcFile f;
        try {
            f = MrcFile.read(path);
        } catch (FileFormatException e) {
            throw new IllegalArgumentException(p + "not a valid MRC file: " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(p + path + ": no such file", e);
        }
        NonFiniteVoxels.Found bad = NonFiniteVoxels.scan(path, f.header(), f.data());
        if (bad != null) throw new IllegalArgumentException(p + bad.message() + "; the data must be finite");
        Tensor t = f.data();
        if (t.rank() != 3) throw new IllegalArgumentException(p + path + ": expected a 3-D volume or stack, got shape " + t.shape());
        int[] d = t.dims();
        VolumeData v = new VolumeData(t.toArray(), d[2], d[1], d[0], voxelSize(f.header()));
        t.close();
        return new Read(v, recordedThickness(f.header()), f.header());
    }

    /** The x voxel size in Å from a header, or 0 when unknown. */
    static double voxelSize(MrcHeader h) {
        double v = h.voxelSize()[0];
        return v > 0 && Double.isFinite(v) ? v : 0;
    }

    /** The thickness recorded by {@code cryograd simulate tilts}, or 0. */
    static int recordedThickness(MrcHeader h) {
        for (String l : h.labels()) {
            Matcher m = THICKNESS.matcher(l);
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        return 0;
    }

    /** Reads a .tlt/.rawtlt file. */
    static double[] angles(Path path) throws IOException {
        file(path);
        try {
            return TiltAngles.read(path);
        } catch (FileFormatException e) {
            throw new IllegalArgumentException("bad tilt-angle file: " + e.getMessage(), e);
        }
    }

    /** Writes tilt angles, one per line, atomically. */
    static void writeAngles(Path path, double[] anglesDeg) throws IOException {
        TiltAngles.write(path, anglesDeg);
    }

    /**
     * Writes a float32 MRC atomically, with the header the command line writes.
     *
     * @param stack true for a tilt series (image stack, space group 0), false for a volume
     */
    static void write(Path path, VolumeData v, boolean stack, List<String> labels) throws IOException {
        if (Files.isDirectory(path)) throw new IllegalArgumentException(path + ": is a directory; give a file name");
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        MrcHeader.Builder b = MrcHeader.builder(v.nx(), v.ny(), v.nz());
        if (stack) b.imageStack();
        else b.volume();
        b.voxelSize(v.voxelSize());
        for (String l : labels) b.addLabel(l.length() > 80 ? l.substring(0, 80) : l);
        try (Tensor t = tensor(v)) {
            MrcWriter.write(path, t, b.build());
        }
    }

    /** Writes a tilt series as an image stack: the thickness label first (when known), then {@code labels}. */
    static void writeTilts(Path path, TiltSeries ts, List<String> labels) throws IOException {
        List<String> all = new ArrayList<>();
        if (ts.thickness() > 0) all.add(THICKNESS_LABEL + ts.thickness());
        all.addAll(labels);
        write(path, ts.views(), true, all);
    }

    /** The values as a CPU tensor {@code [nz, ny, nx]} (a copy). */
    static Tensor tensor(VolumeData v) {
        return Tensor.of(v.data(), v.nz(), v.ny(), v.nx());
    }

    /** A volume from a CPU or device tensor {@code [nz, ny, nx]}. */
    static VolumeData volume(Tensor t, double voxelSize) {
        int[] d = t.dims();
        return new VolumeData(t.toArray(), d[2], d[1], d[0], voxelSize);
    }
}
