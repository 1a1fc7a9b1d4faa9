package org.cryograd.em.pick;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cryograd.io.StarBlock;
import org.cryograd.io.StarFile;
import org.cryograd.io.StarTable;

/**
 * Reads particle positions from RELION STAR files (3.0, 3.1/4 with optics, 5) into voxels of a given tomogram
 * ({@link TomogramFrame}: size and voxel size).
 *
 * <p>Conventions (sources in brackets):
 * <ul>
 *   <li><b>RELION 5</b> {@code rlnCenteredCoordinateX/Y/ZAngst}: Å from the tomogram's centre; RELION converts them to
 *       pixels as {@code c / tiltSeriesPixelSize + (w0/2.0, h0/2.0, d0/2.0)} with {@code w0 = rlnTomoSizeX} etc.
 *       (RELION 5 {@code ParticleSet::getParticleCoordDecenteredPixel}, {@code TomogramSet::loadTomogram}:
 *       {@code centre = (w0/2.0, h0/2.0, d0/2.0)}; pixel positions are 0-based, the relion-4 "+1" is gone since
 *       relion-4.1). So voxel {@code i} of an {@code n}-voxel axis of voxel size {@code v} lies at {@code (i - n/2) v} Å:
 *       {@code x = c / v + n / 2} (the centre is {@code n/2}, not {@code (n-1)/2}).</li>
 *   <li><b>RELION 3/4</b> {@code rlnCoordinateX/Y/Z}: pixels, 0-based, of the pixel size the file declares
 *       (RELION 5 reads relion-4 coordinates as its 0-based decentred pixels unchanged, same function).
 *       The pixel size is taken per particle, in this order: {@code rlnTomoTiltSeriesPixelSize} (RELION 4/5
 *       tomography: coordinates are in tilt-series pixels, {@code ParticleSet::getTiltSeriesPixelSize}),
 *       {@code rlnMicrographPixelSize} (3.1+ optics: the micrograph the coordinates are on),
 *       {@code rlnDetectorPixelSize} µm × 10⁴ / {@code rlnMagnification} (RELION 3.0; magnification 10000 when absent, so the
 *       detector pixel size reads as Å), {@code rlnImagePixelSize}, {@code rlnPixelSize}; optics columns come from
 *       {@code data_optics} by {@code rlnOpticsGroup} (or its only row). Position in Å from the first voxel =
 *       {@code c · p}; in voxels {@code c · p / v}. A file without any pixel size is in the tomogram's own voxels
 *       (cryograd's {@code pick} output), unless a pixel size is given.</li>
 *   <li><b>Origin shifts</b> are subtracted: position = coordinate − {@code rlnOriginX/Y/ZAngst} / pixel size
 *       (RELION 5 {@code ParticleSet::getPosition}: {@code out -= A_subtomogram · offset / tiltSeriesPixelSize});
 *       {@code rlnOriginX/Y/Z} (RELION 3.0) are pixels of the coordinates' pixel size. Shifts rotated by
 *       {@code rlnTomoSubtomogramRot/Tilt/Psi} are not supported (an error when such a file has a non-zero shift).</li>
 *   <li><b>Several tomograms</b>: {@code rlnTomoName}, else (RELION 3 sub-tomogram files) {@code rlnMicrographName}, names the
 *       tomogram of each particle. A file with several names needs one chosen; a name matches exactly, else (when unambiguous) by file name
 *       without directory and extension ({@code TS_17} matches {@code TS_17.tomostar}).</li>
 * </ul>
 */
public final class ParticleCoordinates {
    private ParticleCoordinates() {}

    static final String[] CENTERED = {"rlnCenteredCoordinateXAngst", "rlnCenteredCoordinateYAngst", "rlnCenteredCoordinateZAngst"};
    static final String[] COORD = {"rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ"};
    private static final String[] ORIGIN_ANGST = {"rlnOriginXAngst", "rlnOriginYAngst", "rlnOriginZAngst"};
    private static final String[] ORIGIN_PX = {"rlnOriginX", "rlnOriginY", "rlnOriginZ"};

    /**
     * What to read.
     *
     * @param tomoName  the tomogram to keep from a file that holds several (null: the file must hold one)
     * @param pixelSize Å per pixel of {@code rlnCoordinate} values, overriding the file's (null: the file's)
     */
    public record Options(String tomoName, Double pixelSize) {
        /** No tomogram chosen, the file's pixel size. */
        public static Options defaults() {
            return new Options(null, null);
        }
    }

    /**
     * Picks read from a file.
     *
     * @param picks       positions in voxels of the frame (score = {@code rlnAutopickFigureOfMerit} or NaN)
     * @param convention  {@code "relion5"} (centred Å) or {@code "pixel"} ({@code rlnCoordinate})
     * @param tomoName    the tomogram kept (null when the file names none)
     * @param tomoNames   every tomogram name in the file, in order of appearance
     * @param pixelSize   Å per pixel of the first kept particle's coordinates (NaN for centred Å or when unknown)
     * @param pixelSizeFrom where it came from ({@code "rlnDetectorPixelSize"}, {@code "given"}, ...; {@code "none"})
     */
    public record Result(List<Pick> picks, String convention, String tomoName, List<String> tomoNames, double pixelSize,
            String pixelSizeFrom) {}

    /**
     * Reads {@code path}.
     *
     * @param path  a STAR file
     * @param frame the tomogram to express the picks in
     * @param o     options
     * @return the picks
     * @throws IOException on a read error
     * @throws IllegalArgumentException naming file, block and column when the file cannot be used
     */
    public static Result read(Path path, TomogramFrame frame, Options o) throws IOException {
        return fromStar(StarFile.read(path), path.toString(), frame, o);
    }

    /**
     * Picks from a parsed STAR file; {@code source} names it in errors.
     *
     * @param star   the file
     * @param source its name
     * @param frame  the tomogram to express the picks in
     * @param o      options
     * @return the picks
     */
    public static Result fromStar(StarFile star, String source, TomogramFrame frame, Options o) {
        if (o.pixelSize() != null && !(o.pixelSize() > 0 && Double.isFinite(o.pixelSize())))
            throw new IllegalArgumentException("pixel size must be a positive number of Å, got " + o.pixelSize());
        StarBlock block = null;
        StarTable table = null;
        boolean centred = false;
        StringBuilder twoD = new StringBuilder();
        outer:
        for (StarBlock b : star.blocks())
            for (StarTable t : b.tables()) {
                if (hasAll(t, CENTERED) || hasAll(t, COORD)) {
                    block = b;
                    table = t;
                    centred = hasAll(t, CENTERED);
                    break outer;
                }
                if (t.hasColumn(COORD[0]) && t.hasColumn(COORD[1]) && twoD.length() == 0)
                    twoD.append("; block '").append(b.name()).append("' has _rlnCoordinateX/Y only (2-D, single-particle coordinates)");
            }
        if (table == null)
            throw new IllegalArgumentException(source + ": no loop with _rlnCoordinateX, _rlnCoordinateY and _rlnCoordinateZ "
                    + "or _rlnCenteredCoordinateX/Y/ZAngst" + twoD);
        String where = source + ", block '" + block.name() + "'";
        Optics optics = Optics.of(star, table, where);

        String nameCol = table.hasColumn("rlnTomoName") ? "rlnTomoName" : table.hasColumn("rlnMicrographName") ? "rlnMicrographName" : null;
        String[] names = nameCol == null ? null : table.strings(nameCol);
        Set<String> distinct = new LinkedHashSet<>();
        if (names != null) for (String n : names) distinct.add(n);
        String kept = null;
        if (names != null) {
            if (o.tomoName() != null) {
                if (distinct.contains(o.tomoName())) kept = o.tomoName();
                else {
                    List<String> like = new ArrayList<>();
                    for (String n : distinct) if (sameTomogram(n, o.tomoName())) like.add(n);
                    if (like.size() > 1)
                        throw new IllegalArgumentException(where + ": tomogram '" + o.tomoName() + "' matches " + like.size() + " names in column _"
                                + nameCol + " (" + String.join(", ", like) + "); give the full name");
                    if (like.size() == 1) kept = like.get(0);
                }
                if (kept == null)
                    throw new IllegalArgumentException(where + ": no particle of tomogram '" + o.tomoName() + "' in column _" + nameCol
                            + " (tomograms: " + String.join(", ", distinct) + ")");
            } else if (distinct.size() > 1) {
                throw new IllegalArgumentException(where + ": particles of " + distinct.size() + " tomograms in column _" + nameCol
                        + " (" + String.join(", ", distinct) + "); choose one with --tomo-name");
            } else if (distinct.size() == 1) {
                kept = distinct.iterator().next();
            }
        }
        if (centred && !frame.hasVoxelSize())
            throw new IllegalArgumentException(where + ": _rlnCenteredCoordinateX/Y/ZAngst are in Å, but the tomogram's voxel size is unknown "
                    + "(give --pixel-size)");
        if (table.hasColumn("rlnTomoSubtomogramRot") && anyNonZero(table, ORIGIN_ANGST))
            throw new IllegalArgumentException(where + ": origin shifts rotated by _rlnTomoSubtomogramRot/Tilt/Psi are not supported");

        double[][] c = columns(table, centred ? CENTERED : COORD);
        double[][] oA = table.hasColumn(ORIGIN_ANGST[0]) ? columns(table, ORIGIN_ANGST) : null;
        double[][] oP = !centred && table.hasColumn(ORIGIN_PX[0]) ? columns(table, ORIGIN_PX) : null;
        double[] fom = table.hasColumn("rlnAutopickFigureOfMerit") ? table.doubles("rlnAutopickFigureOfMerit") : null;
        double v = frame.voxelSize();
        List<Pick> out = new ArrayList<>();
        double firstP = Double.NaN;
        String firstFrom = "none";
        for (int r = 0; r < table.rowCount(); r++) {
            if (kept != null && !names[r].equals(kept)) continue;
            double s = fom == null ? Double.NaN : fom[r];
            double[] ang = new double[3];
            for (int a = 0; a < 3; a++) ang[a] = oA == null ? 0 : oA[a][r];
            double x, y, z;
            if (centred) {
                // x = (c - origin) / v + n/2: Å from the centre to 0-based voxels
                x = (c[0][r] - ang[0]) / v + frame.centreX();
                y = (c[1][r] - ang[1]) / v + frame.centreY();
                z = (c[2][r] - ang[2]) / v + frame.centreZ();
            } else {
                double p;
                String from;
                if (o.pixelSize() != null) { p = o.pixelSize(); from = "given"; }
                else { PixelSize ps = optics.pixelSize(r); p = ps.value; from = ps.from; }
                if (out.isEmpty()) { firstP = p; firstFrom = from; }
                double[] px = new double[3];
                for (int a = 0; a < 3; a++) px[a] = c[a][r] - (oP == null ? 0 : oP[a][r]);
                if (!Double.isNaN(p)) {
                    if (!frame.hasVoxelSize())
                        throw new IllegalArgumentException(where + ": coordinates at " + fmt(p) + " Å/pixel (" + from
                                + "), but the tomogram's voxel size is unknown (give --pixel-size)");
                    // Å from the first voxel = c p - origin Å; voxels = Å / v
                    x = (px[0] * p - ang[0]) / v;
                    y = (px[1] * p - ang[1]) / v;
                    z = (px[2] * p - ang[2]) / v;
                } else {
                    if (oA != null && anyNonZero(table, ORIGIN_ANGST) && !frame.hasVoxelSize())
                        throw new IllegalArgumentException(where + ": _rlnOriginXAngst needs a pixel size; the file has none and the tomogram's "
                                + "voxel size is unknown");
                    x = px[0] - (ang[0] == 0 ? 0 : ang[0] / v);
                    y = px[1] - (ang[1] == 0 ? 0 : ang[1] / v);
                    z = px[2] - (ang[2] == 0 ? 0 : ang[2] / v);
                }
            }
            out.add(new Pick(x, y, z, s));
        }
        return new Result(List.copyOf(out), centred ? "relion5" : "pixel", kept, List.copyOf(distinct), centred ? Double.NaN : firstP,
                centred ? "none" : firstFrom);
    }

    /**
     * Whether a tomogram name in a file denotes {@code wanted}: equal, or equal after dropping directories and the
     * last extension on both sides.
     */
    static boolean sameTomogram(String inFile, String wanted) {
        return inFile.equals(wanted) || stem(inFile).equals(stem(wanted));
    }

    /** File name without directories and last extension. */
    public static String stem(String name) {
        String s = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    private static boolean hasAll(StarTable t, String[] cols) {
        for (String c : cols) if (!t.hasColumn(c)) return false;
        return true;
    }

    private static boolean anyNonZero(StarTable t, String[] cols) {
        for (String c : cols) if (t.hasColumn(c)) for (double d : t.doubles(c)) if (d != 0) return true;
        return false;
    }

    private static double[][] columns(StarTable t, String[] cols) {
        double[][] out = new double[3][];
        for (int a = 0; a < 3; a++) out[a] = t.hasColumn(cols[a]) ? t.doubles(cols[a]) : new double[t.rowCount()];
        return out;
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.6g", d);
    }

    private record PixelSize(double value, String from) {}

    /** Per-particle access to a column of the particle table or, failing that, of its optics group. */
    private static final class Optics {
        private final StarTable particles, optics;
        private final int[] opticsRow;
        private final String where;

        private Optics(StarTable particles, StarTable optics, int[] opticsRow, String where) {
            this.particles = particles;
            this.optics = optics;
            this.opticsRow = opticsRow;
            this.where = where;
        }

        static Optics of(StarFile star, StarTable particles, String where) {
            if (!star.hasBlock("optics")) return new Optics(particles, null, null, where);
            StarTable o = star.block("optics").table();
            int[] rows = new int[particles.rowCount()];
            if (particles.hasColumn("rlnOpticsGroup") && o.hasColumn("rlnOpticsGroup")) {
                Map<Integer, Integer> byGroup = new HashMap<>();
                int[] g = o.ints("rlnOpticsGroup");
                for (int r = 0; r < g.length; r++) byGroup.put(g[r], r);
                int[] pg = particles.ints("rlnOpticsGroup");
                for (int r = 0; r < rows.length; r++) {
                    Integer i = byGroup.get(pg[r]);
                    if (i == null)
                        throw new IllegalArgumentException(where + ", row " + r + ": _rlnOpticsGroup " + pg[r]
                                + " is not in block 'optics' (groups: " + byGroup.keySet() + ")");
                    rows[r] = i;
                }
            } else if (o.rowCount() == 1) {
                // one optics group and no rlnOpticsGroup column: it applies to every particle
            } else {
                return new Optics(particles, null, null, where);
            }
            return new Optics(particles, o, rows, where);
        }

        /** The value of {@code column} for particle {@code r}, from the particle table, else its optics row; NaN if absent. */
        double value(int r, String column) {
            if (particles.hasColumn(column)) return particles.getDouble(r, column);
            if (optics != null && optics.hasColumn(column)) return optics.getDouble(opticsRow[r], column);
            return Double.NaN;
        }

        PixelSize pixelSize(int r) {
            for (String c : new String[] {"rlnTomoTiltSeriesPixelSize", "rlnMicrographPixelSize"}) {
                double v = value(r, c);
                if (!Double.isNaN(v)) return check(v, c, r);
            }
            double det = value(r, "rlnDetectorPixelSize");
            if (!Double.isNaN(det)) {
                double mag = value(r, "rlnMagnification");
                // RELION 3.0: pixel size [Å] = detector pixel size [µm] × 10^4 / magnification
                return check(Double.isNaN(mag) ? det : det * 1e4 / mag, Double.isNaN(mag) ? "rlnDetectorPixelSize" : "rlnDetectorPixelSize, rlnMagnification", r);
            }
            for (String c : new String[] {"rlnImagePixelSize", "rlnPixelSize"}) {
                double v = value(r, c);
                if (!Double.isNaN(v)) return check(v, c, r);
            }
            return new PixelSize(Double.NaN, "none");
        }

        private PixelSize check(double v, String from, int r) {
            if (!(v > 0) || Double.isInfinite(v))
                throw new IllegalArgumentException(where + ", row " + r + ": pixel size from _" + from + " is " + v + " (must be > 0)");
            return new PixelSize(v, from);
        }
    }
}
