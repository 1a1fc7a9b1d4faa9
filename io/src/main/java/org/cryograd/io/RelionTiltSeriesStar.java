package org.cryograd.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A RELION 5 tilt-series STAR file ({@code tilt_series/<name>.star}): one {@code data_<tomoName>} block whose loop
 * has a row per tilt image.
 *
 * <p>Columns read (absent ones give NaN): {@code rlnTomoNominalStageTiltAngle} and
 * {@code rlnTomoNominalTiltAxisAngle} (degrees, from the mdoc), the alignment {@code rlnTomoXTilt},
 * {@code rlnTomoYTilt} (the tilt angle), {@code rlnTomoZRot} (in-plane rotation, degrees; about the tilt axis angle
 * measured counter-clockwise from y) and {@code rlnTomoXShiftAngst}, {@code rlnTomoYShiftAngst} (Å), the CTF
 * {@code rlnDefocusU}, {@code rlnDefocusV} (Å, positive underfocus), {@code rlnDefocusAngle} (degrees),
 * {@code rlnPhaseShift} (degrees), and the dose {@code rlnMicrographPreExposure} (electrons/Å² received before
 * this image). RELION's projection of a specimen point {@code p} (relative to the tomogram centre) onto its tilt
 * image is {@code S(shift / pixel) Rz(ZRot) Ry(YTilt) Rx(XTilt) p} plus the image centre.
 *
 * <p>Rows are kept in file order; RELION writes them sorted by tilt angle, and a stack exported from RELION has its
 * sections in that order. Bad values raise {@link IllegalArgumentException}s naming file, block, column, row and
 * line (from {@link StarTable}).
 */
public final class RelionTiltSeriesStar {
    /**
     * One tilt image.
     *
     * @param name            {@code rlnMicrographName}, else {@code rlnMicrographMovieName}, else null
     * @param nominalTilt     {@code rlnTomoNominalStageTiltAngle}, degrees
     * @param nominalAxis     {@code rlnTomoNominalTiltAxisAngle}, degrees
     * @param xTilt           {@code rlnTomoXTilt}, degrees
     * @param yTilt           {@code rlnTomoYTilt}, degrees
     * @param zRot            {@code rlnTomoZRot}, degrees
     * @param xShiftA         {@code rlnTomoXShiftAngst}, Å
     * @param yShiftA         {@code rlnTomoYShiftAngst}, Å
     * @param defocusU        {@code rlnDefocusU}, Å
     * @param defocusV        {@code rlnDefocusV}, Å
     * @param defocusAngle    {@code rlnDefocusAngle}, degrees
     * @param phaseShift      {@code rlnPhaseShift}, degrees
     * @param preExposure     {@code rlnMicrographPreExposure}, electrons/Å²
     * @param line            1-based line of the row, or -1
     */
    public record Tilt(String name, double nominalTilt, double nominalAxis, double xTilt, double yTilt, double zRot, double xShiftA, double yShiftA,
                       double defocusU, double defocusV, double defocusAngle, double phaseShift, double preExposure, int line) {
        /** The tilt angle: {@code rlnTomoYTilt} when present, else the nominal stage tilt (NaN when neither). */
        public double tilt() {
            return Double.isNaN(yTilt) ? nominalTilt : yTilt;
        }

        /** Whether the alignment columns (YTilt, ZRot, both shifts) are present. */
        public boolean aligned() {
            return !Double.isNaN(yTilt) && !Double.isNaN(zRot) && !Double.isNaN(xShiftA) && !Double.isNaN(yShiftA);
        }
    }

    private final Path file;
    private final String tomoName;
    private final List<Tilt> tilts;

    private RelionTiltSeriesStar(Path file, String tomoName, List<Tilt> tilts) {
        this.file = file;
        this.tomoName = tomoName;
        this.tilts = List.copyOf(tilts);
    }

    /** The file read. */
    public Path file() { return file; }

    /** The block name (the tilt series' {@code rlnTomoName}). */
    public String tomoName() { return tomoName; }

    /** The tilts in file order. */
    public List<Tilt> tilts() { return tilts; }

    /** {@link #read(Path, String)} taking the only tilt-series block. */
    public static RelionTiltSeriesStar read(Path path) throws IOException {
        return read(path, null);
    }

    /**
     * Reads a tilt-series STAR file.
     *
     * @param tomoName the block to read ({@code data_<tomoName>}); null takes the only block with a tilt column
     * @throws FileFormatException      if the file is not valid STAR, has no tilt-series block, several and no
     *                                  name, or the block has neither {@code rlnTomoYTilt} nor
     *                                  {@code rlnTomoNominalStageTiltAngle}
     * @throws IllegalArgumentException naming file, block, column, row and line of a value that is not a number
     */
    public static RelionTiltSeriesStar read(Path path, String tomoName) throws IOException {
        Objects.requireNonNull(path, "path");
        StarFile f = StarFile.read(path);
        StarBlock block = null;
        if (tomoName != null) {
            if (!f.hasBlock(tomoName)) {
                List<String> names = f.blocks().stream().map(b -> "data_" + b.name()).toList();
                throw new FileFormatException(path, tomoName, -1, "no block 'data_" + tomoName + "' (blocks: " + String.join(", ", names) + ")");
            }
            block = f.block(tomoName);
        } else {
            List<StarBlock> candidates = new ArrayList<>();
            for (StarBlock b : f.blocks())
                for (StarTable t : b.tables())
                    if (t.hasColumn("rlnTomoYTilt") || t.hasColumn("rlnTomoNominalStageTiltAngle")) {
                        candidates.add(b);
                        break;
                    }
            if (candidates.isEmpty()) {
                boolean tomograms = f.blocks().stream().anyMatch(b -> b.tables().stream().anyMatch(t -> t.hasColumn("rlnTomoTiltSeriesStarFile")));
                throw new FileFormatException(path, null, -1, tomograms
                        ? "is a RELION tomograms file; give the tilt-series file it names in rlnTomoTiltSeriesStarFile"
                        : "has no tilt-series block (no loop with rlnTomoYTilt or rlnTomoNominalStageTiltAngle)");
            }
            if (candidates.size() > 1)
                throw new FileFormatException(path, null, -1, "has " + candidates.size() + " tilt-series blocks ("
                        + String.join(", ", candidates.stream().map(b -> "data_" + b.name()).toList()) + "); name one");
            block = candidates.get(0);
        }
        StarTable t = null;
        for (StarTable x : block.tables())
            if (x.hasColumn("rlnTomoYTilt") || x.hasColumn("rlnTomoNominalStageTiltAngle")) t = x;
        if (t == null) throw new FileFormatException(path, block.name(), -1, "block 'data_" + block.name()
                + "' has no loop with rlnTomoYTilt or rlnTomoNominalStageTiltAngle");
        List<Tilt> out = new ArrayList<>();
        String nameCol = t.hasColumn("rlnMicrographName") ? "rlnMicrographName" : t.hasColumn("rlnMicrographMovieName") ? "rlnMicrographMovieName" : null;
        for (int r = 0; r < t.rowCount(); r++)
            out.add(new Tilt(nameCol == null ? null : t.get(r, nameCol), d(t, r, "rlnTomoNominalStageTiltAngle"), d(t, r, "rlnTomoNominalTiltAxisAngle"),
                    d(t, r, "rlnTomoXTilt"), d(t, r, "rlnTomoYTilt"), d(t, r, "rlnTomoZRot"), d(t, r, "rlnTomoXShiftAngst"), d(t, r, "rlnTomoYShiftAngst"),
                    d(t, r, "rlnDefocusU"), d(t, r, "rlnDefocusV"), d(t, r, "rlnDefocusAngle"), d(t, r, "rlnPhaseShift"),
                    d(t, r, "rlnMicrographPreExposure"), t.line(r)));
        if (out.isEmpty()) throw new FileFormatException(path, block.name(), -1, "block 'data_" + block.name() + "' has no tilt rows");
        return new RelionTiltSeriesStar(path, block.name(), out);
    }

    private static double d(StarTable t, int row, String col) {
        return t.hasColumn(col) ? t.getDouble(row, col) : Double.NaN;
    }
}
