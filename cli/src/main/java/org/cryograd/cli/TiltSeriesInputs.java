package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.cryograd.em.geometry.TiltSeriesGeometry;
import org.cryograd.em.geometry.TiltSeriesMetadata;
import org.cryograd.em.geometry.ViewGeometry;
import org.cryograd.io.AreTomoAln;
import org.cryograd.io.CtffindOutput;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.ImodAlignmentFiles;
import org.cryograd.io.ImodDefocusFile;
import org.cryograd.io.Mdoc;
import org.cryograd.io.RelionTiltSeriesStar;

/**
 * The per-view geometry of {@code reconstruct}'s tilt series from its metadata options, merged in a fixed order:
 * the tilts and base geometry from {@code --tilt-star}, else {@code --aln}, else {@code --mdoc}, else the angles
 * file; an explicit {@code --angles} then replaces the tilts; {@code --mdoc} adds dose, pixel size and nominal defocus
 * where the base has none; {@code --xf} replaces the alignment; {@code --defocus} the defocus;
 * {@code --exclude-views} excludes. File errors become one-line {@link CliError}s naming the option and the file.
 */
final class TiltSeriesInputs {
    Path angles;          // explicit --angles, or null
    Path defaultAngles;   // the .tlt next to the stack
    Path xf, mdoc, aln, tiltStar, defocus;
    String excludeViews;
    Double pixelSize;     // --pixel-size, or null
    double headerPixel;   // from the stack's header, 0 when unknown
    /** The CTFFIND output, when --defocus was one (for its microscope parameters). */
    CtffindOutput ctffind;
    final List<String> notes = new ArrayList<>();

    /** Whether any of the geometry options was given (otherwise the ideal geometry of the angles file). */
    boolean any() {
        return xf != null || mdoc != null || aln != null || tiltStar != null || defocus != null || excludeViews != null;
    }

    /** Whether the tilt angles come from a metadata file rather than a .tlt. */
    boolean tiltsFromMetadata() {
        return tiltStar != null || aln != null || mdoc != null;
    }

    /** The angles file read when the tilts do not come from metadata (explicit or default). */
    Path anglesFile() {
        return angles != null ? angles : tiltsFromMetadata() ? null : defaultAngles;
    }

    TiltSeriesGeometry build(int views, Path stack) {
        double px = pixelSize != null ? pixelSize : headerPixel > 0 ? headerPixel : Double.NaN;
        TiltSeriesGeometry g;
        String source;
        Mdoc m = mdoc != null ? read("--mdoc", mdoc, () -> Mdoc.read(mdoc)) : null;
        if (tiltStar != null) {
            RelionTiltSeriesStar s = read("--tilt-star", tiltStar, () -> RelionTiltSeriesStar.read(tiltStar));
            double starPx = px;
            if (Double.isNaN(starPx) && m != null) starPx = mdocPixel(m);
            final double p = starPx;
            g = read("--tilt-star", tiltStar, () -> TiltSeriesMetadata.fromRelion(s, p, notes));
            source = "--tilt-star";
        } else if (aln != null) {
            AreTomoAln a = read("--aln", aln, () -> AreTomoAln.read(aln));
            g = read("--aln", aln, () -> TiltSeriesMetadata.fromAln(a, notes));
            source = "--aln";
        } else if (m != null) {
            g = read("--mdoc", mdoc, () -> TiltSeriesMetadata.fromMdoc(m, notes));
            source = "--mdoc";
        } else {
            double[] a = Inputs.angles(anglesFile(), angles != null ? "--angles" : "--angles (default)");
            Inputs.checkViews(a, anglesFile(), views, stack);
            g = TiltSeriesGeometry.ideal(a);
            source = null;
        }
        if (source != null && g.size() != views)
            throw new CliError(source + " " + file(source) + " describes " + g.size() + " views but " + stack + " has " + views + " (sections); they must match");
        if (source != null && angles != null) {
            double[] a = Inputs.angles(angles, "--angles");
            Inputs.checkViews(a, angles, views, stack);
            TiltSeriesGeometry base = g;
            g = read("--angles", angles, () -> TiltSeriesMetadata.withTilts(base, a, angles));
        }
        if (m != null && !"--mdoc".equals(source)) {
            TiltSeriesGeometry fromMdoc = read("--mdoc", mdoc, () -> TiltSeriesMetadata.fromMdoc(m, notes));
            if (fromMdoc.size() != views)
                throw new CliError("--mdoc " + mdoc + " describes " + fromMdoc.size() + " views but " + stack + " has " + views + " (sections); they must match");
            List<ViewGeometry> v = new ArrayList<>();
            for (int i = 0; i < views; i++) {
                ViewGeometry b = g.view(i), f = fromMdoc.view(i);
                if (Double.isNaN(b.preExposure())) b = b.withExposure(f.preExposure(), f.dose());
                if (b.defocus() == null && f.defocus() != null) b = b.withDefocus(f.defocus());
                v.add(b);
            }
            g = new TiltSeriesGeometry(v, Double.isNaN(g.pixelSize()) ? fromMdoc.pixelSize() : g.pixelSize());
        }
        if (xf != null) {
            TiltSeriesGeometry base = g;
            g = read("--xf", xf, () -> TiltSeriesMetadata.withXf(base, ImodAlignmentFiles.readXf(xf), xf, notes));
        }
        if (defocus != null) {
            TiltSeriesGeometry base = g;
            if (defocus.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".defocus")) {
                g = read("--defocus", defocus, () -> TiltSeriesMetadata.withDefocus(base, ImodDefocusFile.read(defocus), notes));
            } else {
                ctffind = read("--defocus", defocus, () -> CtffindOutput.read(defocus));
                g = read("--defocus", defocus, () -> TiltSeriesMetadata.withDefocus(base, ctffind));
            }
        }
        if (excludeViews != null) {
            int[] ex;
            try {
                ex = TiltSeriesMetadata.parseViewList(excludeViews, views);
            } catch (IllegalArgumentException e) {
                throw new CliError("--exclude-views " + excludeViews + ": " + e.getMessage());
            }
            if (ex.length >= g.included().length && Arrays.stream(g.included()).allMatch(i -> Arrays.binarySearch(ex, i) >= 0))
                throw new CliError("--exclude-views " + excludeViews + ": no view would be left");
            g = g.withExcluded(ex);
        }
        if (pixelSize != null) g = g.withPixelSize(pixelSize);
        else if (Double.isNaN(g.pixelSize()) && headerPixel > 0) g = g.withPixelSize(headerPixel);
        return g;
    }

    private static double mdocPixel(Mdoc m) {
        try {
            return m.global().has("PixelSpacing") ? m.global().getDouble("PixelSpacing") : Double.NaN;
        } catch (FileFormatException e) {
            return Double.NaN;
        }
    }

    private Path file(String option) {
        return switch (option) {
            case "--tilt-star" -> tiltStar;
            case "--aln" -> aln;
            default -> mdoc;
        };
    }

    interface Reader<T> {
        T read() throws IOException;
    }

    /** Runs a reader, turning its errors into one line naming the option (the message names the file and line). */
    static <T> T read(String option, Path file, Reader<T> r) {
        try {
            return r.read();
        } catch (FileFormatException e) {
            throw new CliError(option + " " + e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliError(option + " " + file + ": no such file", e);
        } catch (IOException e) {
            throw new CliError(option + " " + file + ": cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliError(option + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** A one-line summary of the geometry for the log. */
    static String summary(TiltSeriesGeometry g) {
        int[] inc = g.included();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, rlo = lo, rhi = hi, shift = 0;
        for (int i : inc) {
            ViewGeometry v = g.view(i);
            lo = Math.min(lo, v.tiltDeg());
            hi = Math.max(hi, v.tiltDeg());
            rlo = Math.min(rlo, v.rotationDeg());
            rhi = Math.max(rhi, v.rotationDeg());
            shift = Math.max(shift, Math.hypot(v.shiftX(), v.shiftY()));
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d views (%d excluded), tilt %.1f..%.1f deg", g.size(), g.size() - inc.length, lo, hi));
        if (g.hasAlignment()) sb.append(String.format(Locale.ROOT, ", tilt axis %.2f..%.2f deg, shifts up to %.1f px", rlo, rhi, shift));
        else sb.append(", no in-plane alignment");
        if (!Double.isNaN(g.pixelSize())) sb.append(String.format(Locale.ROOT, ", %s Å/px", Reconstruction.plain(g.pixelSize())));
        return sb.toString();
    }
}
