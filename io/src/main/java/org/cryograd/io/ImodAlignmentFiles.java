package org.cryograd.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * IMOD's per-view alignment files: {@code .xf}/{@code .prexf} transforms ({@link XfTransform}: six numbers per
 * view, {@code A11 A12 A21 A22 DX DY}, one line per view in stack order) and {@code .xtilt} x-axis tilts (one angle
 * in degrees per view, as written by {@code tiltalign}).
 *
 * <p>Reading tolerates blank lines, extra whitespace and Windows line ends; any other content is a
 * {@link FileFormatException} naming the file, line and field ({@code "ts.xf:3: field 'A22' = 'x' is not a number"},
 * {@code "ts.xf:5: line has 4 values, expected 6 (missing 'DX')"}). A line with more than six values is refused too.
 * Writing uses IMOD's layout ({@code %12.7f} for the matrix, {@code %12.3f} for the shifts, as {@code xftoxg}
 * writes them) unless exact output is asked for, then the shortest decimals that read back to the same doubles.
 */
public final class ImodAlignmentFiles {
    private static final String[] XF_FIELDS = {"A11", "A12", "A21", "A22", "DX", "DY"};

    private ImodAlignmentFiles() {}

    /**
     * Reads an {@code .xf} file.
     *
     * @param path the file
     * @return one transform per view, in file order
     * @throws FileFormatException naming file, line and field of the first bad value, or if there is no line
     * @throws IOException         if the file cannot be read
     */
    public static List<XfTransform> readXf(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        List<String> lines = TextFiles.read(path, "an IMOD .xf file").lines().toList();
        List<XfTransform> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] t = Tokens.split(lines.get(i));
            if (t.length == 0) continue;
            int line = i + 1;
            Tokens.require(t, 6, XF_FIELDS, path, line, "line");
            if (t.length > 6) throw new FileFormatException(path, null, line, "line has " + t.length + " values, expected 6 (A11 A12 A21 A22 DX DY)");
            double[] v = new double[6];
            for (int k = 0; k < 6; k++) v[k] = Tokens.number(t[k], path, line, XF_FIELDS[k]);
            XfTransform x = new XfTransform(v[0], v[1], v[2], v[3], v[4], v[5]);
            if (Math.abs(x.determinant()) < 1e-9)
                throw new FileFormatException(path, "A11", line, "the 2x2 matrix " + t[0] + " " + t[1] + " " + t[2] + " " + t[3] + " is singular");
            out.add(x);
        }
        if (out.isEmpty()) throw new FileFormatException(path, null, -1, "contains no transforms");
        return out;
    }

    /** Writes an {@code .xf} file in IMOD's fixed layout (7 decimals for the matrix, 3 for the shifts). */
    public static void writeXf(Path path, List<XfTransform> transforms) throws IOException {
        writeXf(path, transforms, false);
    }

    /**
     * Writes an {@code .xf} file atomically.
     *
     * @param exact true: shortest decimals that read back exactly; false: IMOD's {@code %12.7f x4, %12.3f x2}
     */
    public static void writeXf(Path path, List<XfTransform> transforms, boolean exact) throws IOException {
        Objects.requireNonNull(path, "path");
        if (transforms.isEmpty()) throw new IllegalArgumentException("ImodAlignmentFiles.writeXf: " + path + ": no transforms");
        StringBuilder sb = new StringBuilder();
        for (XfTransform x : transforms) {
            if (exact) {
                sb.append(Tokens.format(x.a11())).append(' ').append(Tokens.format(x.a12())).append(' ').append(Tokens.format(x.a21())).append(' ')
                        .append(Tokens.format(x.a22())).append(' ').append(Tokens.format(x.dx())).append(' ').append(Tokens.format(x.dy()));
            } else {
                sb.append(String.format(java.util.Locale.ROOT, "%12.7f%12.7f%12.7f%12.7f%12.3f%12.3f", x.a11(), x.a12(), x.a21(), x.a22(), x.dx(), x.dy()));
            }
            sb.append('\n');
        }
        AtomicFiles.write(path, sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads an {@code .xtilt} file: one x-axis tilt angle in degrees per view.
     *
     * @throws FileFormatException naming file and line of the first bad line
     */
    public static double[] readXtilt(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        List<String> lines = TextFiles.read(path, "an IMOD .xtilt file").lines().toList();
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] t = Tokens.split(lines.get(i));
            if (t.length == 0) continue;
            if (t.length > 1) throw new FileFormatException(path, null, i + 1, "line has " + t.length + " values; expected one x-tilt angle per line");
            out.add(Tokens.number(t[0], path, i + 1, "x-tilt"));
        }
        if (out.isEmpty()) throw new FileFormatException(path, null, -1, "contains no x-tilt angles");
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Writes an {@code .xtilt} file: one angle per line, shortest exact decimals. */
    public static void writeXtilt(Path path, double[] xTiltDeg) throws IOException {
        TiltAngles.write(path, xTiltDeg);
    }
}
