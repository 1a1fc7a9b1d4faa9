package org.cryograd.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An AreTomo ({@code AreTomo2}/{@code AreTomo3}) alignment file, {@code .aln}.
 *
 * <p>Layout: comment lines {@code # AreTomo Alignment / Priims bprmMn}, {@code # RawSize = nx ny nz},
 * {@code # NumPatches = n}, one {@code # DarkFrame = i j tilt} per view AreTomo removed (0-based section {@code i}
 * of the raw stack and its nominal tilt), {@code # AlphaOffset = a}, {@code # BetaOffset = b}, optionally
 * {@code # Thickness = t}; then the column header {@code # SEC ROT GMAG TX TY SMEAN SFIT SCALE BASE TILT} and one
 * row per kept view: {@code SEC} its 0-based index among the kept views, {@code ROT} the tilt axis angle (degrees,
 * counter-clockwise from the image y axis), {@code GMAG} a magnification factor, {@code TX TY} the shift of the view
 * in pixels of the raw stack, {@code SMEAN SFIT SCALE BASE} fit statistics, and {@code TILT} the tilt angle
 * (degrees, {@code AlphaOffset} included). AreTomo's own IMOD export writes, for each row, the {@code .xf} line
 * {@code A = R(-ROT)}, {@code (DX, DY) = -A (TX, TY)}; {@link #toXf(Row)} does the same.
 *
 * <p>Columns are found by name in the header, so another order or extra columns still read. The local-alignment
 * section after {@code # Local Alignment} (per-patch shifts) is not read: only its presence and line count are
 * recorded ({@link #localAlignmentLines()}); reconstructions here use the global alignment.
 */
public final class AreTomoAln {
    /** The columns a row must have. */
    public static final List<String> COLUMNS = List.of("SEC", "ROT", "GMAG", "TX", "TY", "SMEAN", "SFIT", "SCALE", "BASE", "TILT");

    /**
     * One global-alignment row.
     *
     * @param sec   0-based index among the views AreTomo kept (dark frames removed)
     * @param rot   tilt axis angle, degrees
     * @param gmag  magnification factor
     * @param tx    x shift, pixels
     * @param ty    y shift, pixels
     * @param smean fit statistic
     * @param sfit  fit statistic
     * @param scale fit statistic
     * @param base  fit statistic
     * @param tilt  tilt angle, degrees
     * @param line  1-based line in the file
     */
    public record Row(int sec, double rot, double gmag, double tx, double ty, double smean, double sfit, double scale, double base, double tilt,
                      int line) {}

    /**
     * A view AreTomo removed.
     *
     * @param section 0-based section in the raw stack
     * @param index   the second number of the line (AreTomo's own index)
     * @param tilt    nominal tilt angle, degrees
     * @param line    1-based line
     */
    public record DarkFrame(int section, int index, double tilt, int line) {}

    private final Path file;
    private final int[] rawSize;
    private final int numPatches;
    private final List<DarkFrame> darkFrames;
    private final double alphaOffset;
    private final double betaOffset;
    private final double thickness;
    private final List<Row> rows;
    private final int localAlignmentLines;

    private AreTomoAln(Path file, int[] rawSize, int numPatches, List<DarkFrame> darkFrames, double alphaOffset, double betaOffset, double thickness,
                       List<Row> rows, int localAlignmentLines) {
        this.file = file;
        this.rawSize = rawSize;
        this.numPatches = numPatches;
        this.darkFrames = List.copyOf(darkFrames);
        this.alphaOffset = alphaOffset;
        this.betaOffset = betaOffset;
        this.thickness = thickness;
        this.rows = List.copyOf(rows);
        this.localAlignmentLines = localAlignmentLines;
    }

    /** The file read. */
    public Path file() { return file; }

    /** {@code RawSize} (nx, ny, views of the raw stack), or null when the header lacks it. */
    public int[] rawSize() { return rawSize == null ? null : rawSize.clone(); }

    /** {@code NumPatches} (0: global alignment only). */
    public int numPatches() { return numPatches; }

    /** The removed views, in file order. */
    public List<DarkFrame> darkFrames() { return darkFrames; }

    /** {@code AlphaOffset} in degrees (0 when absent). */
    public double alphaOffset() { return alphaOffset; }

    /** {@code BetaOffset} in degrees (0 when absent). */
    public double betaOffset() { return betaOffset; }

    /** {@code Thickness} in pixels, or NaN when absent. */
    public double thickness() { return thickness; }

    /** The global-alignment rows ordered by {@code SEC}. */
    public List<Row> rows() { return rows; }

    /** Number of non-empty lines in the local-alignment section (ignored), 0 when there is none. */
    public int localAlignmentLines() { return localAlignmentLines; }

    /**
     * For each section of the raw stack ({@code RawSize} views, or rows + dark frames when the size is absent), the
     * index into {@link #rows()} of its alignment, or -1 for a dark (removed) frame. Kept views map to rows in
     * order.
     *
     * @throws FileFormatException if dark frames and rows do not add up to the raw stack
     */
    public int[] rawSectionRows() throws FileFormatException {
        int n = rawSize != null ? rawSize[2] : rows.size() + darkFrames.size();
        if (n != rows.size() + darkFrames.size())
            throw new FileFormatException(file, "RawSize", -1, "RawSize says " + n + " views but there are " + rows.size() + " alignment rows and "
                    + darkFrames.size() + " dark frames");
        int[] map = new int[n];
        boolean[] dark = new boolean[n];
        for (DarkFrame d : darkFrames) {
            if (d.section() < 0 || d.section() >= n)
                throw new FileFormatException(file, "DarkFrame", d.line(), "dark frame section " + d.section() + " outside the raw stack's 0.." + (n - 1));
            if (dark[d.section()]) throw new FileFormatException(file, "DarkFrame", d.line(), "dark frame section " + d.section() + " is listed twice");
            dark[d.section()] = true;
        }
        int r = 0;
        for (int s = 0; s < n; s++) map[s] = dark[s] ? -1 : r++;
        return map;
    }

    /** AreTomo's own {@code .xf} export of a row: {@code A = R(-ROT)}, {@code (DX, DY) = -A (TX, TY)} (GMAG not applied). */
    public static XfTransform toXf(Row r) {
        double t = Math.toRadians(-r.rot()), c = Math.cos(t), s = Math.sin(t);
        double a11 = c, a12 = -s, a21 = s, a22 = c;
        return new XfTransform(a11, a12, a21, a22, -(a11 * r.tx() + a12 * r.ty()), -(a21 * r.tx() + a22 * r.ty()));
    }

    /**
     * Reads an {@code .aln} file.
     *
     * @throws FileFormatException naming file, line and field (column) of the first bad value, or when the column
     *                             header or the rows are missing
     */
    public static AreTomoAln read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        List<String> lines = TextFiles.read(path, "an AreTomo .aln file").lines().toList();
        int[] raw = null;
        int patches = 0;
        double alpha = 0, beta = 0, thick = Double.NaN;
        List<DarkFrame> darks = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> col = null;
        int local = 0;
        boolean inLocal = false;
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String l = lines.get(i).strip();
            if (l.isEmpty()) continue;
            if (l.startsWith("#")) {
                String c = l.substring(1).strip();
                String key = c.contains("=") ? c.substring(0, c.indexOf('=')).strip() : c;
                String val = c.contains("=") ? c.substring(c.indexOf('=') + 1).strip() : "";
                if (c.toLowerCase(Locale.ROOT).startsWith("local alignment")) {
                    inLocal = true;
                } else if (key.equals("RawSize")) {
                    String[] t = Tokens.split(val);
                    if (t.length != 3) throw new FileFormatException(path, "RawSize", line, "RawSize needs 3 integers (nx ny views), got '" + val + "'");
                    raw = new int[3];
                    for (int k = 0; k < 3; k++) raw[k] = Tokens.integer(t[k], path, line, "RawSize");
                } else if (key.equals("NumPatches")) {
                    patches = Tokens.integer(val, path, line, "NumPatches");
                } else if (key.equals("DarkFrame")) {
                    String[] t = Tokens.split(val);
                    Tokens.require(t, 3, new String[] {"section", "index", "tilt"}, path, line, "DarkFrame");
                    darks.add(new DarkFrame(Tokens.integer(t[0], path, line, "DarkFrame"), Tokens.integer(t[1], path, line, "DarkFrame"),
                            Tokens.number(t[2], path, line, "DarkFrame"), line));
                } else if (key.equals("AlphaOffset")) {
                    alpha = Tokens.number(val, path, line, "AlphaOffset");
                } else if (key.equals("BetaOffset")) {
                    beta = Tokens.number(val, path, line, "BetaOffset");
                } else if (key.equals("Thickness")) {
                    thick = Tokens.number(val, path, line, "Thickness");
                } else if (c.startsWith("SEC")) {
                    String[] names = Tokens.split(c);
                    col = new HashMap<>();
                    for (int k = 0; k < names.length; k++) col.put(names[k].toUpperCase(Locale.ROOT), k);
                    for (String need : COLUMNS)
                        if (!col.containsKey(need))
                            throw new FileFormatException(path, need, line, "column header has no " + need + " (columns: " + String.join(" ", names) + ")");
                }
                continue;
            }
            if (inLocal) {
                local++;
                continue;
            }
            if (col == null) throw new FileFormatException(path, null, line, "data line before the column header '# SEC ROT GMAG TX TY ...'");
            String[] t = Tokens.split(l);
            if (t.length < col.size())
                throw new FileFormatException(path, null, line, "row has " + t.length + " values, the header names " + col.size());
            double[] v = new double[COLUMNS.size()];
            for (int k = 1; k < COLUMNS.size(); k++) v[k] = Tokens.number(t[col.get(COLUMNS.get(k))], path, line, COLUMNS.get(k));
            int sec = Tokens.integer(t[col.get("SEC")], path, line, "SEC");
            rows.add(new Row(sec, v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], line));
        }
        if (col == null) throw new FileFormatException(path, "SEC", -1, "has no column header '# SEC ROT GMAG TX TY SMEAN SFIT SCALE BASE TILT'");
        if (rows.isEmpty()) throw new FileFormatException(path, null, -1, "has no global-alignment rows");
        rows.sort((a, b) -> Integer.compare(a.sec(), b.sec()));
        for (int k = 0; k < rows.size(); k++)
            if (rows.get(k).sec() != k)
                throw new FileFormatException(path, "SEC", rows.get(k).line(), "SEC values must be 0.." + (rows.size() - 1) + " once each; found "
                        + Arrays.toString(rows.stream().mapToInt(Row::sec).toArray()));
        for (Row r : rows)
            if (!(r.gmag() > 0)) throw new FileFormatException(path, "GMAG", r.line(), "field 'GMAG' = " + r.gmag() + " must be positive");
        return new AreTomoAln(path, raw, patches, darks, alpha, beta, thick, rows, local);
    }
}
