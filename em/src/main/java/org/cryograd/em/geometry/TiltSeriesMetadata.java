package org.cryograd.em.geometry;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.cryograd.io.AreTomoAln;
import org.cryograd.io.CtffindOutput;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.ImodDefocusFile;
import org.cryograd.io.Mdoc;
import org.cryograd.io.RelionTiltSeriesStar;
import org.cryograd.io.XfTransform;

/**
 * Builds a {@link TiltSeriesGeometry} from the files other programs write about a tilt series, or adds their
 * information to one. Each method checks that the file describes as many views as the stack has and names the file
 * when not. Remarks a user should see (approximations, missing values, values taken as nominal) are appended to
 * {@code notes} (may be null).
 *
 * <ul>
 *   <li>IMOD {@code .xf}: alignment per view ({@link ViewGeometry#fromXf}); {@code .xtilt}: x-tilt per view.</li>
 *   <li>SerialEM {@code .mdoc}: tilt angles, pixel size, dose (per image and accumulated), nominal defocus.</li>
 *   <li>AreTomo {@code .aln}: tilt angles, rotation, magnification, shifts; dark frames become excluded views.</li>
 *   <li>RELION 5 tilt-series STAR: tilt, x-tilt, rotation, shifts (Å), defocus, pre-exposure.</li>
 *   <li>CTFFIND4/5 output and IMOD {@code .defocus}: defocus per view.</li>
 * </ul>
 */
public final class TiltSeriesMetadata {
    private TiltSeriesMetadata() {}

    private static void note(List<String> notes, String s) {
        if (notes != null) notes.add(s);
    }

    private static void requireViews(Path file, int got, int want, String what) throws FileFormatException {
        if (got != want)
            throw new FileFormatException(file, null, -1, "describes " + got + " " + what + " but the tilt series has " + want + " views");
    }

    /**
     * The alignment of every view from an IMOD {@code .xf} file (one line per view, in stack order).
     *
     * @throws FileFormatException if the number of lines differs from the number of views
     */
    public static TiltSeriesGeometry withXf(TiltSeriesGeometry g, List<XfTransform> xf, Path file, List<String> notes) throws FileFormatException {
        requireViews(file, xf.size(), g.size(), "views (lines)");
        List<ViewGeometry> out = new ArrayList<>();
        double worst = 0;
        for (int i = 0; i < xf.size(); i++) {
            double[] r = ViewGeometry.fromXf(xf.get(i));
            worst = Math.max(worst, ViewGeometry.xfResidual(xf.get(i)));
            out.add(g.view(i).withAlignment(r[0], r[1], r[2], r[3]));
        }
        if (worst > 1e-3)
            note(notes, String.format(Locale.ROOT, "%s: the transforms include stretch or skew (up to %.3g of the scale); the nearest rotation and "
                    + "magnification are used", file, worst));
        return new TiltSeriesGeometry(out, g.pixelSize());
    }

    /** The x-axis tilt of every view from an IMOD {@code .xtilt} file. */
    public static TiltSeriesGeometry withXTilt(TiltSeriesGeometry g, double[] xtilt, Path file, List<String> notes) throws FileFormatException {
        requireViews(file, xtilt.length, g.size(), "x-tilts");
        List<ViewGeometry> out = new ArrayList<>();
        for (int i = 0; i < xtilt.length; i++) out.add(g.view(i).withXTilt(xtilt[i]));
        TiltSeriesGeometry r = new TiltSeriesGeometry(out, g.pixelSize());
        if (r.maxXTilt() > 0)
            note(notes, String.format(Locale.ROOT, "%s: x-axis tilt up to %.2f deg is recorded but not applied (the projector is single-axis); "
                    + "the reconstructed slab is tilted by that much about x", file, r.maxXTilt()));
        return r;
    }

    /** The tilt angles of every view replaced (e.g. by a {@code .tlt} file). */
    public static TiltSeriesGeometry withTilts(TiltSeriesGeometry g, double[] tilts, Path file) throws FileFormatException {
        requireViews(file, tilts.length, g.size(), "tilt angles");
        List<ViewGeometry> out = new ArrayList<>();
        for (int i = 0; i < tilts.length; i++) out.add(g.view(i).withTilt(tilts[i]));
        return new TiltSeriesGeometry(out, g.pixelSize());
    }

    /**
     * A geometry from a SerialEM mdoc: per {@code [ZValue]} section the {@code TiltAngle}; the pixel size from
     * {@code PixelSpacing} (global, else the first section); the dose of each image from {@code ExposureDose} and
     * the dose before it from {@code PriorRecordDose} when every section has it, else by adding up the doses of the
     * images taken earlier (ordered by {@code DateTime} when every section has a readable one, else by ZValue);
     * doses that are all 0 (SerialEM without a dose calibration) count as unknown. The defocus is the nominal
     * {@code TargetDefocus} (else {@code Defocus}), SerialEM's sign (negative = underfocus) turned into positive
     * underfocus; values that would be overfocus are left unknown. The mdoc's tilt axis angle is <b>not</b> applied
     * (the stack may already be aligned); it is reported in {@code notes}.
     *
     * @throws FileFormatException naming file, line and key of a bad value, or if there are no ZValue sections
     */
    public static TiltSeriesGeometry fromMdoc(Mdoc m, List<String> notes) throws FileFormatException {
        List<Mdoc.Section> z = m.zValues();
        if (z.isEmpty()) throw new FileFormatException(m.file(), "ZValue", -1, "has no [ZValue = n] sections (is this a tilt-series mdoc?)");
        int n = z.size();
        double px = m.global().has("PixelSpacing") ? m.global().getDouble("PixelSpacing") : z.get(0).getDouble("PixelSpacing", Double.NaN);
        if (!(px > 0)) px = Double.NaN;
        double[] tilt = new double[n], dose = new double[n], pre = new double[n];
        boolean allPrior = true, anyDose = false;
        Defocus[] df = new Defocus[n];
        int nominal = 0, over = 0;
        for (int i = 0; i < n; i++) {
            Mdoc.Section s = z.get(i);
            tilt[i] = s.getDouble("TiltAngle");
            dose[i] = s.getDouble("ExposureDose", Double.NaN);
            anyDose |= dose[i] > 0;
            allPrior &= s.has("PriorRecordDose");
            pre[i] = s.getDouble("PriorRecordDose", Double.NaN);
            String key = s.has("TargetDefocus") ? "TargetDefocus" : s.has("Defocus") ? "Defocus" : null;
            if (key != null) {
                double um = s.getDouble(key);
                if (-um > 0) {
                    df[i] = Defocus.of(-um * 1e4);
                    nominal++;
                } else {
                    over++;
                }
            }
        }
        if (!anyDose) {
            Arrays.fill(dose, Double.NaN);
            Arrays.fill(pre, Double.NaN);
            note(notes, m.file() + ": no ExposureDose above 0; the dose is unknown");
        } else if (!allPrior) {
            Integer[] order = acquisitionOrder(z, notes, m.file());
            double acc = 0;
            for (int k : order) {
                pre[k] = acc;
                acc += Double.isNaN(dose[k]) ? 0 : dose[k];
            }
        }
        if (nominal > 0) note(notes, m.file() + ": defocus from the mdoc is the nominal (target) value; a measured one (--defocus) is better");
        if (over > 0) note(notes, m.file() + ": " + over + " view(s) have no underfocus value (SerialEM's sign: negative = underfocus); their defocus is unknown");
        OptionalDouble axis = m.tiltAxisAngle();
        if (axis.isPresent())
            note(notes, String.format(Locale.ROOT, "%s: tilt axis angle %.2f deg (not applied: give the alignment with an .xf, .aln or "
                    + "tilt-series STAR file, or reconstruct an aligned stack)", m.file(), axis.getAsDouble()));
        List<ViewGeometry> v = new ArrayList<>();
        for (int i = 0; i < n; i++) v.add(ViewGeometry.ideal(tilt[i]).withExposure(pre[i], dose[i]).withDefocus(df[i]));
        return new TiltSeriesGeometry(v, px);
    }

    private static final DateTimeFormatter[] DATE_FORMATS = {formatter("d-MMM-yy  HH:mm:ss"), formatter("d-MMM-yy HH:mm:ss"),
        formatter("yyyy-MMM-d  HH:mm:ss"), formatter("yyyy-MMM-d HH:mm:ss"), formatter("d-MMM-yyyy  HH:mm:ss"), formatter("d-MMM-yyyy HH:mm:ss")};

    private static DateTimeFormatter formatter(String p) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(p).toFormatter(Locale.ROOT);
    }

    private static LocalDateTime parseDate(String s) {
        if (s == null) return null;
        for (DateTimeFormatter f : DATE_FORMATS) {
            try {
                return LocalDateTime.parse(s.strip(), f);
            } catch (DateTimeParseException e) {
                // next
            }
        }
        return null;
    }

    /** Section indices in acquisition order: by DateTime when all parse (ties keep ZValue order), else by ZValue. */
    private static Integer[] acquisitionOrder(List<Mdoc.Section> z, List<String> notes, Path file) {
        Integer[] order = new Integer[z.size()];
        LocalDateTime[] t = new LocalDateTime[z.size()];
        boolean all = true;
        for (int i = 0; i < z.size(); i++) {
            order[i] = i;
            t[i] = parseDate(z.get(i).get("DateTime"));
            all &= t[i] != null;
        }
        if (all) Arrays.sort(order, Comparator.comparing((Integer i) -> t[i]));
        else note(notes, file + ": no readable DateTime in every section; the dose is accumulated in ZValue order");
        return order;
    }

    /**
     * A geometry from an AreTomo {@code .aln}: one view per section of the raw stack; the rows give tilt
     * ({@code TILT}), rotation ({@code ROT}), magnification ({@code GMAG}) and shift ({@code TX, TY}); dark frames
     * become excluded views at their nominal tilt. The local alignment is not used.
     *
     * @throws FileFormatException if rows and dark frames do not add up to the raw stack
     */
    public static TiltSeriesGeometry fromAln(AreTomoAln a, List<String> notes) throws FileFormatException {
        int[] map = a.rawSectionRows();
        List<ViewGeometry> v = new ArrayList<>();
        for (int s = 0; s < map.length; s++) {
            if (map[s] < 0) {
                double tilt = 0;
                for (AreTomoAln.DarkFrame d : a.darkFrames()) if (d.section() == s) tilt = d.tilt();
                v.add(ViewGeometry.ideal(tilt).withExcluded(true));
            } else {
                AreTomoAln.Row r = a.rows().get(map[s]);
                v.add(ViewGeometry.ideal(r.tilt()).withAlignment(r.rot(), r.gmag(), r.tx(), r.ty()));
            }
        }
        if (a.localAlignmentLines() > 0)
            note(notes, a.file() + ": the local (patch) alignment (" + a.numPatches() + " patches) is ignored; the global alignment is used");
        if (!a.darkFrames().isEmpty()) note(notes, a.file() + ": " + a.darkFrames().size() + " dark frame(s) excluded");
        return new TiltSeriesGeometry(v, Double.NaN);
    }

    /**
     * A geometry from a RELION 5 tilt-series STAR file (rows in stack order): tilt {@code rlnTomoYTilt} (else the
     * nominal stage tilt), x-tilt, rotation {@code rlnTomoZRot}, shifts {@code rlnTomoX/YShiftAngst} divided by the
     * pixel size, defocus {@code rlnDefocusU/V/Angle} (+ {@code rlnPhaseShift}), pre-exposure. RELION puts the
     * rotation centre at {@code n/2} where this geometry has {@code (n-1)/2}: the difference (half a pixel for even
     * sizes) is not compensated, so the tomogram may sit up to half a voxel from RELION's.
     *
     * @param pixelSize Å per pixel of the stack (needed when the shifts are not all 0)
     * @throws FileFormatException if shifts are present and the pixel size is unknown
     */
    public static TiltSeriesGeometry fromRelion(RelionTiltSeriesStar s, double pixelSize, List<String> notes) throws FileFormatException {
        List<ViewGeometry> v = new ArrayList<>();
        boolean aligned = true;
        for (RelionTiltSeriesStar.Tilt t : s.tilts()) {
            aligned &= t.aligned();
            double tilt = t.tilt();
            if (Double.isNaN(tilt)) throw new FileFormatException(s.file(), "rlnTomoYTilt", t.line(), "row has no tilt angle");
            ViewGeometry g = ViewGeometry.ideal(tilt);
            if (t.aligned()) {
                double sx = t.xShiftA(), sy = t.yShiftA();
                if ((sx != 0 || sy != 0) && !(pixelSize > 0))
                    throw new FileFormatException(s.file(), "rlnTomoXShiftAngst", t.line(), "shifts are in Å but the pixel size of the stack is unknown");
                g = g.withAlignment(t.zRot(), 1, sx == 0 ? 0 : sx / pixelSize, sy == 0 ? 0 : sy / pixelSize);
            }
            if (!Double.isNaN(t.xTilt())) g = g.withXTilt(t.xTilt());
            if (!Double.isNaN(t.defocusU()))
                g = g.withDefocus(new Defocus(t.defocusU(), Double.isNaN(t.defocusV()) ? t.defocusU() : t.defocusV(),
                        Double.isNaN(t.defocusAngle()) ? 0 : t.defocusAngle(), Double.isNaN(t.phaseShift()) ? 0 : t.phaseShift()));
            if (!Double.isNaN(t.preExposure())) g = g.withExposure(t.preExposure(), Double.NaN);
            v.add(g);
        }
        if (!aligned) note(notes, s.file() + ": no alignment columns (rlnTomoYTilt, rlnTomoZRot, rlnTomoX/YShiftAngst) in every row; nominal tilts are used");
        TiltSeriesGeometry r = new TiltSeriesGeometry(v, pixelSize > 0 ? pixelSize : Double.NaN);
        if (r.maxXTilt() > 0)
            note(notes, String.format(Locale.ROOT, "%s: rlnTomoXTilt up to %.2f deg is not applied (the projector is single-axis)", s.file(), r.maxXTilt()));
        return r;
    }

    /**
     * The defocus of every view from CTFFIND output (micrograph {@code k} is view {@code k - 1}; every view needs
     * one row).
     *
     * @throws FileFormatException naming the line of a micrograph number outside the stack or repeated, or the
     *                             first view without a row
     */
    public static TiltSeriesGeometry withDefocus(TiltSeriesGeometry g, CtffindOutput c) throws FileFormatException {
        Defocus[] d = new Defocus[g.size()];
        for (CtffindOutput.Row r : c.rows()) {
            int v = r.micrograph() - 1;
            if (v >= g.size())
                throw new FileFormatException(c.file(), "micrograph number", r.line(), "micrograph " + r.micrograph() + " but the tilt series has " + g.size() + " views");
            if (d[v] != null) throw new FileFormatException(c.file(), "micrograph number", r.line(), "micrograph " + r.micrograph() + " appears twice");
            d[v] = new Defocus(r.defocus1(), r.defocus2(), r.azimuthDeg(), Math.toDegrees(r.phaseShiftRad()));
        }
        for (int i = 0; i < d.length; i++)
            if (d[i] == null) throw new FileFormatException(c.file(), "micrograph number", -1, "has no row for micrograph " + (i + 1) + " (view " + i + ")");
        return withDefocus(g, d);
    }

    /**
     * The defocus of every view from an IMOD {@code .defocus} file (nm, turned into Å); views without an entry keep
     * their defocus (noted).
     */
    public static TiltSeriesGeometry withDefocus(TiltSeriesGeometry g, ImodDefocusFile f, List<String> notes) throws FileFormatException {
        Defocus[] d = new Defocus[g.size()];
        int missing = 0;
        for (ImodDefocusFile.Entry e : f.entries())
            if (e.endView() > g.size())
                throw new FileFormatException(f.file(), "endView", e.line(), "view " + e.endView() + " but the tilt series has " + g.size() + " views");
        for (int i = 0; i < d.length; i++) {
            ImodDefocusFile.Entry e = f.forView(i + 1);
            if (e == null) {
                d[i] = g.view(i).defocus();
                missing++;
            } else {
                d[i] = new Defocus(10 * e.defocus1(), 10 * e.defocus2(), e.astigmatismDeg(), e.phaseShiftDeg());
            }
        }
        if (missing > 0) note(notes, f.file() + ": " + missing + " view(s) have no entry; their defocus is unchanged");
        return withDefocus(g, d);
    }

    /** Every view's defocus replaced (null entries: unknown). */
    public static TiltSeriesGeometry withDefocus(TiltSeriesGeometry g, Defocus[] d) {
        if (d.length != g.size()) throw new IllegalArgumentException("TiltSeriesMetadata.withDefocus: " + d.length + " values for " + g.size() + " views");
        List<ViewGeometry> out = new ArrayList<>();
        for (int i = 0; i < d.length; i++) out.add(g.view(i).withDefocus(d[i]));
        return new TiltSeriesGeometry(out, g.pixelSize());
    }

    /**
     * Parses a 1-based view list such as {@code 1,5-7,40} (IMOD's {@code EXCLUDELIST} numbering) into 0-based
     * sections.
     *
     * @throws IllegalArgumentException naming the bad item or a view outside {@code 1..views}
     */
    public static int[] parseViewList(String spec, int views) {
        List<Integer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            int a, b;
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    a = Integer.parseInt(p.substring(0, dash).strip());
                    b = Integer.parseInt(p.substring(dash + 1).strip());
                } else {
                    a = b = Integer.parseInt(p);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + p + "' is not a view number or range (e.g. 1,5-7)");
            }
            if (a > b) throw new IllegalArgumentException("range '" + p + "' runs backwards");
            if (a < 1 || b > views) throw new IllegalArgumentException("view " + (a < 1 ? a : b) + " is outside 1.." + views + " (views are numbered from 1)");
            for (int v = a; v <= b; v++) out.add(v - 1);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("'" + spec + "' names no view");
        return out.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
    }
}
