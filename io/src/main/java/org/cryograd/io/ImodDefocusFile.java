package org.cryograd.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * IMOD's defocus file ({@code .defocus}, written by {@code ctfplotter}, read by {@code ctfphaseflip}). Each line
 * covers a range of views: {@code startView endView lowAngle highAngle defocus ...}, views numbered from 1
 * (inclusive), angles in degrees, defocus in <b>nm</b> (positive = underfocus).
 *
 * <p>Versions, as IMOD's {@code readDefocusFile} tells them apart:
 * <ul>
 *   <li><b>1 and 2</b>: five values per line, {@code start end low high defocus}; the first line carries the version
 *       as a sixth value ({@code 2}; absent for version 1). Old version-1 files may have view numbers low by one
 *       (an old ctfplotter bug): a file whose views start at 0 is read as numbered from 0.</li>
 *   <li><b>3</b>: the first line is {@code flags 0 0. 0. 0 3}, where {@code flags} is the sum of 1 (astigmatism
 *       present), 2 (astigmatism angle in radians), 4 (phase shift present), 8 (phase shift in radians), 16 (tilt
 *       angles inverted), 32 (cut-on frequency present). Then each line holds
 *       {@code start end low high defocus1 defocus2 astigAngle [phase] [cutOn]} (the astigmatism values only with
 *       flag 1). As in IMOD, when defocus 2 exceeds defocus 1 the two are swapped and the angle reduced by 90
 *       degrees, and the angle is brought into [-90, 90].</li>
 * </ul>
 * Readers get every value in the units above: {@link Entry#astigmatismDeg()} in degrees, {@link Entry#phaseShiftDeg()}
 * in degrees, angles with flag 16 undone (as IMOD does).
 */
public final class ImodDefocusFile {
    /** Flag: astigmatism values are present. */
    public static final int HAS_ASTIG = 1;
    /** Flag: the astigmatism angle is in radians. */
    public static final int ASTIG_IN_RAD = 2;
    /** Flag: a phase shift is present. */
    public static final int HAS_PHASE = 4;
    /** Flag: the phase shift is in radians. */
    public static final int PHASE_IN_RAD = 8;
    /** Flag: tilt angles are inverted. */
    public static final int INVERT_ANGLES = 16;
    /** Flag: a cut-on frequency is present. */
    public static final int HAS_CUT_ON = 32;

    /**
     * One range of views.
     *
     * @param startView      first view, 1-based
     * @param endView        last view, 1-based, inclusive
     * @param lowAngle       lowest tilt angle of the range, degrees
     * @param highAngle      highest tilt angle, degrees
     * @param defocus1       defocus (the larger one when astigmatic), nm
     * @param defocus2       defocus perpendicular to it, nm (equal to defocus1 without astigmatism)
     * @param astigmatismDeg angle of the defocus-1 axis from x towards y, degrees (0 without astigmatism)
     * @param phaseShiftDeg  phase-plate shift, degrees (0 without)
     * @param cutOn          cut-on frequency (0 without)
     * @param line           1-based line, or -1 for entries built in memory
     */
    public record Entry(int startView, int endView, double lowAngle, double highAngle, double defocus1, double defocus2, double astigmatismDeg,
                        double phaseShiftDeg, double cutOn, int line) {
        /** A version-3 entry without astigmatism or phase shift for a single view (1-based). */
        public static Entry single(int view, double tiltDeg, double defocusNm) {
            return new Entry(view, view, tiltDeg, tiltDeg, defocusNm, defocusNm, 0, 0, 0, -1);
        }
    }

    private final Path file;
    private final int version;
    private final int flags;
    private final List<Entry> entries;

    private ImodDefocusFile(Path file, int version, int flags, List<Entry> entries) {
        this.file = file;
        this.version = version;
        this.flags = flags;
        this.entries = List.copyOf(entries);
    }

    /** The file read. */
    public Path file() { return file; }

    /** The format version (1, 2 or 3). */
    public int version() { return version; }

    /** The version-3 flags (0 for older versions). */
    public int flags() { return flags; }

    /** The entries in file order. */
    public List<Entry> entries() { return entries; }

    /**
     * The entry covering a view, or null.
     *
     * @param view 1-based view number
     */
    public Entry forView(int view) {
        for (Entry e : entries) if (view >= e.startView() && view <= e.endView()) return e;
        return null;
    }

    /**
     * Reads a defocus file.
     *
     * @throws FileFormatException naming file, line and field of the first bad value
     */
    public static ImodDefocusFile read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        List<String> lines = TextFiles.read(path, "an IMOD .defocus file").lines().toList();
        int version = 0, flags = 0;
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String[] t = Tokens.split(lines.get(i));
            if (t.length == 0) continue;
            if (out.isEmpty() && version == 0) {
                // the first line decides the version: a sixth value is the version number
                if (t.length >= 6 && t.length <= 6 && isInt(t[5])) {
                    version = Tokens.integer(t[5], path, line, "version");
                    if (version >= 3) {
                        flags = Tokens.integer(t[0], path, line, "flags");
                        if (flags < 0 || flags > 63) throw new FileFormatException(path, "flags", line, "field 'flags' = " + flags + " is not a sum of 1, 2, 4, 8, 16, 32");
                        continue;
                    }
                } else {
                    version = 1;
                }
            }
            boolean astig = (flags & HAS_ASTIG) != 0, phase = (flags & HAS_PHASE) != 0, cuton = (flags & HAS_CUT_ON) != 0;
            List<String> names = new ArrayList<>(List.of("startView", "endView", "lowAngle", "highAngle", astig ? "defocus1" : "defocus"));
            if (astig) names.addAll(List.of("defocus2", "astigAngle"));
            if (phase) names.add("phaseShift");
            if (cuton) names.add("cutOn");
            int n = names.size();
            Tokens.require(t, n, names.toArray(String[]::new), path, line, "line");
            int extraAllowed = (version <= 2 && out.isEmpty()) ? 1 : 0;
            if (t.length > n + extraAllowed)
                throw new FileFormatException(path, null, line, "line has " + t.length + " values, expected " + n + " (" + String.join(" ", names) + ")");
            int start = Tokens.integer(t[0], path, line, "startView"), end = Tokens.integer(t[1], path, line, "endView");
            double lo = Tokens.number(t[2], path, line, "lowAngle"), hi = Tokens.number(t[3], path, line, "highAngle");
            double d1 = Tokens.number(t[4], path, line, names.get(4)), d2 = d1, ang = 0, ph = 0, cut = 0;
            int k = 5;
            if (astig) {
                d2 = Tokens.number(t[k++], path, line, "defocus2");
                ang = Tokens.number(t[k++], path, line, "astigAngle");
                if ((flags & ASTIG_IN_RAD) != 0) ang = Math.toDegrees(ang);
            }
            if (phase) {
                ph = Tokens.number(t[k++], path, line, "phaseShift");
                if ((flags & PHASE_IN_RAD) != 0) ph = Math.toDegrees(ph);
                ph = Math.abs(ph);
            }
            if (cuton) cut = Tokens.number(t[k], path, line, "cutOn");
            if ((flags & INVERT_ANGLES) != 0) {
                lo = -lo;
                hi = -hi;
            }
            if (d2 > d1) {
                double s = d1;
                d1 = d2;
                d2 = s;
                ang -= 90;
            }
            ang = within90(ang);
            if (end < start) throw new FileFormatException(path, "endView", line, "endView " + end + " is before startView " + start);
            out.add(new Entry(start, end, lo, hi, d1, d2, ang, ph, cut, line));
        }
        if (out.isEmpty()) throw new FileFormatException(path, null, -1, "contains no defocus values");
        if (version < 2 && out.stream().mapToInt(Entry::startView).min().getAsInt() == 0) {
            // old ctfplotter wrote view numbers low by one
            List<Entry> fixed = new ArrayList<>();
            for (Entry e : out)
                fixed.add(new Entry(e.startView() + 1, e.endView() + 1, e.lowAngle(), e.highAngle(), e.defocus1(), e.defocus2(), e.astigmatismDeg(),
                        e.phaseShiftDeg(), e.cutOn(), e.line()));
            out = fixed;
        }
        for (Entry e : out)
            if (e.startView() < 1) throw new FileFormatException(path, "startView", e.line(), "view numbers start at 1, got " + e.startView());
        return new ImodDefocusFile(path, version, flags, out);
    }

    private static boolean isInt(String s) {
        return s.matches("[+-]?\\d+");
    }

    /** IMOD's angleWithinLimits(a, -90, 90). */
    private static double within90(double a) {
        while (a < -90) a += 180;
        while (a > 90) a -= 180;
        return a;
    }

    /**
     * Writes a version-3 file with astigmatism (flags 1, or 5 when any entry has a phase shift; angles and phase in
     * degrees), atomically.
     */
    public static void write(Path path, List<Entry> entries) throws IOException {
        if (entries.isEmpty()) throw new IllegalArgumentException("ImodDefocusFile.write: " + path + ": no entries");
        boolean phase = entries.stream().anyMatch(e -> e.phaseShiftDeg() != 0);
        int flags = HAS_ASTIG | (phase ? HAS_PHASE : 0);
        StringBuilder sb = new StringBuilder();
        sb.append(flags).append(" 0 0. 0. 0 3\n");
        for (Entry e : entries) {
            sb.append(String.format(Locale.ROOT, "%d\t%d\t%s\t%s\t%s\t%s\t%s", e.startView(), e.endView(), Tokens.format(e.lowAngle()),
                    Tokens.format(e.highAngle()), Tokens.format(e.defocus1()), Tokens.format(e.defocus2()), Tokens.format(e.astigmatismDeg())));
            if (phase) sb.append('\t').append(Tokens.format(e.phaseShiftDeg()));
            sb.append('\n');
        }
        AtomicFiles.write(path, sb.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
