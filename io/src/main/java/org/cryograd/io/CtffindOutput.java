package org.cryograd.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The diagnostic text output of CTFFIND4/5 ({@code diagnostic_output.txt}): one line per micrograph (for a tilt
 * series stack, one per section in stack order) after {@code #} header lines.
 *
 * <p>Columns, as CTFFIND's {@code # Columns:} line names them: {@code #1} micrograph number (1-based),
 * {@code #2} defocus 1 [Å], {@code #3} defocus 2 [Å], {@code #4} azimuth of astigmatism [degrees, the direction of
 * defocus 1 measured from the image x axis towards y], {@code #5} additional phase shift [radians], {@code #6} cross
 * correlation, {@code #7} spacing (in Å) up to which CTF rings were fit successfully. CTFFIND5 adds columns
 * (estimated tilt axis angle, tilt angle, sample thickness) that are kept in {@link Row#extra()}. Positive defocus is
 * underfocus. The header line {@code # Pixel size: 1.000 Angstroms ; acceleration voltage: 300.0 keV ; spherical
 * aberration: 2.70 mm ; amplitude contrast: 0.07} gives the microscope parameters (NaN when absent).
 *
 * <p>The columns are located by their names in the {@code # Columns:} line; without that line the standard seven
 * are assumed. Errors name file, line and column ({@code "diag.txt:7: field 'defocus 1' = 'x' is not a number"}).
 */
public final class CtffindOutput {
    private static final Pattern PIXEL = Pattern.compile("(?i)pixel size:\\s*([-+0-9.eE]+)");
    private static final Pattern VOLTAGE = Pattern.compile("(?i)acceleration voltage:\\s*([-+0-9.eE]+)");
    private static final Pattern CS = Pattern.compile("(?i)spherical aberration:\\s*([-+0-9.eE]+)");
    private static final Pattern AC = Pattern.compile("(?i)amplitude contrast:\\s*([-+0-9.eE]+)");
    private static final Pattern VERSION = Pattern.compile("(?i)output from ctffind version\\s*(\\S+)");
    private static final String[] NAMES = {"micrograph number", "defocus 1", "defocus 2", "azimuth of astigmatism", "additional phase shift",
        "cross correlation", "spacing"};

    /**
     * One micrograph's estimate.
     *
     * @param micrograph       the 1-based micrograph (section) number
     * @param defocus1         defocus along the azimuth, Å
     * @param defocus2         defocus perpendicular to it, Å
     * @param azimuthDeg       angle of the defocus-1 direction from x towards y, degrees
     * @param phaseShiftRad    additional phase shift, radians
     * @param crossCorrelation fit score
     * @param fitResolution    Å up to which the rings were fit (may be {@code inf})
     * @param extra            values of further columns (CTFFIND5), in file order
     * @param line             1-based line
     */
    public record Row(int micrograph, double defocus1, double defocus2, double azimuthDeg, double phaseShiftRad, double crossCorrelation,
                      double fitResolution, double[] extra, int line) {}

    private final Path file;
    private final String version;
    private final double pixelSize, voltage, sphericalAberration, amplitudeContrast;
    private final List<String> columns;
    private final List<Row> rows;

    private CtffindOutput(Path file, String version, double pixelSize, double voltage, double cs, double ac, List<String> columns, List<Row> rows) {
        this.file = file;
        this.version = version;
        this.pixelSize = pixelSize;
        this.voltage = voltage;
        this.sphericalAberration = cs;
        this.amplitudeContrast = ac;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    /** The file read. */
    public Path file() { return file; }

    /** CTFFIND's version from the first header line, or null. */
    public String version() { return version; }

    /** Pixel size in Å from the header, or NaN. */
    public double pixelSize() { return pixelSize; }

    /** Acceleration voltage in kV, or NaN. */
    public double voltage() { return voltage; }

    /** Spherical aberration in mm, or NaN. */
    public double sphericalAberration() { return sphericalAberration; }

    /** Amplitude contrast (fraction), or NaN. */
    public double amplitudeContrast() { return amplitudeContrast; }

    /** Column descriptions from the {@code # Columns:} line (the standard seven when absent). */
    public List<String> columns() { return columns; }

    /** The rows in file order. */
    public List<Row> rows() { return rows; }

    /**
     * Reads a diagnostic output file.
     *
     * @throws FileFormatException naming file, line and column of the first bad value, when a needed column is
     *                             missing from the {@code # Columns:} line, or when there are no rows
     */
    public static CtffindOutput read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        List<String> lines = TextFiles.read(path, "a CTFFIND output file").lines().toList();
        String version = null;
        double px = Double.NaN, kv = Double.NaN, cs = Double.NaN, ac = Double.NaN;
        List<String> cols = null;
        int[] idx = {0, 1, 2, 3, 4, 5, 6};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String l = lines.get(i).strip();
            if (l.isEmpty()) continue;
            if (l.startsWith("#")) {
                String c = l.substring(1).strip();
                Matcher m = VERSION.matcher(c);
                if (m.find()) version = m.group(1).replaceAll(",$", "");
                px = header(PIXEL, c, px, path, line, "pixel size");
                kv = header(VOLTAGE, c, kv, path, line, "acceleration voltage");
                cs = header(CS, c, cs, path, line, "spherical aberration");
                ac = header(AC, c, ac, path, line, "amplitude contrast");
                if (c.toLowerCase(Locale.ROOT).startsWith("columns:")) {
                    cols = new ArrayList<>();
                    for (String part : c.substring(c.indexOf(':') + 1).split(";")) {
                        String p = part.strip().replaceFirst("^#\\d+\\s*-\\s*", "");
                        if (!p.isEmpty()) cols.add(p);
                    }
                    for (int k = 0; k < NAMES.length; k++) {
                        idx[k] = -1;
                        for (int j = 0; j < cols.size(); j++)
                            if (cols.get(j).toLowerCase(Locale.ROOT).startsWith(NAMES[k])) {
                                idx[k] = j;
                                break;
                            }
                        if (idx[k] < 0 && k < 4)
                            throw new FileFormatException(path, NAMES[k], line, "the '# Columns:' line names no '" + NAMES[k] + "' column");
                    }
                }
                continue;
            }
            String[] t = Tokens.split(l);
            int need = 0;
            for (int k : idx) need = Math.max(need, k + 1);
            if (t.length < need) throw new FileFormatException(path, null, line, "row has " + t.length + " values, expected at least " + need);
            double[] v = new double[NAMES.length];
            for (int k = 0; k < NAMES.length; k++) {
                if (idx[k] < 0) {
                    v[k] = k == 4 ? 0 : Double.NaN;
                    continue;
                }
                String tok = t[idx[k]];
                // CTFFIND prints an unfit spacing as "inf"
                v[k] = k == 6 && tok.toLowerCase(Locale.ROOT).matches("[+]?inf(inity)?") ? Double.POSITIVE_INFINITY : Tokens.number(tok, path, line, NAMES[k]);
            }
            int mic = (int) Math.round(v[0]);
            if (v[0] != mic || mic < 1) throw new FileFormatException(path, NAMES[0], line, "field 'micrograph number' = '" + t[idx[0]] + "' is not a positive integer");
            List<Double> extra = new ArrayList<>();
            for (int j = 0; j < t.length; j++) {
                boolean used = false;
                for (int k : idx) used |= k == j;
                if (!used) extra.add(Tokens.number(t[j], path, line, cols != null && j < cols.size() ? cols.get(j) : "column " + (j + 1)));
            }
            rows.add(new Row(mic, v[1], v[2], v[3], v[4], v[5], v[6], extra.stream().mapToDouble(Double::doubleValue).toArray(), line));
        }
        if (rows.isEmpty()) throw new FileFormatException(path, null, -1, "contains no CTF estimates");
        if (cols == null) cols = List.of("micrograph number", "defocus 1 [Angstroms]", "defocus 2", "azimuth of astigmatism", "additional phase shift [radians]",
                "cross correlation", "spacing (in Angstroms) up to which CTF rings were fit successfully");
        return new CtffindOutput(path, version, px, kv, cs, ac, cols, rows);
    }

    private static double header(Pattern p, String text, double current, Path path, int line, String field) throws FileFormatException {
        Matcher m = p.matcher(text);
        return m.find() ? Tokens.number(m.group(1), path, line, field) : current;
    }
}
