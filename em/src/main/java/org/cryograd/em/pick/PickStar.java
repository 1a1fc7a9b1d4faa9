package org.cryograd.em.pick;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.io.StarBlock;
import org.cryograd.io.StarFile;
import org.cryograd.io.StarTable;

/**
 * Picks as RELION coordinate STAR files: one block {@code data_particles} with a loop of {@code _rlnCoordinateX},
 * {@code _rlnCoordinateY}, {@code _rlnCoordinateZ} (voxels, 0-based indices of the {@code [nz, ny, nx]} volume: x =
 * column, y = row, z = section) and {@code _rlnAutopickFigureOfMerit} (the score; omitted when every score is NaN).
 * Reading takes the first block that has the three coordinate columns and accepts a missing figure of merit.
 * {@link #toStar(List, CoordinateConvention, TomogramFrame, String)} also writes Å and RELION 5 conventions; read any
 * RELION convention back with {@link ParticleCoordinates}.
 */
public final class PickStar {
    private PickStar() {}

    /** The STAR text model of {@code picks}. */
    public static StarFile toStar(List<Pick> picks) {
        boolean scores = picks.stream().anyMatch(p -> !Double.isNaN(p.score()));
        StarTable.Builder b = scores
                ? StarTable.builder("rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ", "rlnAutopickFigureOfMerit")
                : StarTable.builder("rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ");
        for (Pick p : picks) {
            if (scores) b.row(p.x(), p.y(), p.z(), p.score());
            else b.row(p.x(), p.y(), p.z());
        }
        return StarFile.of(StarBlock.of("particles", b.build()));
    }

    /**
     * The STAR text model of {@code picks} (voxels of {@code frame}) in a convention.
     * <ul>
     *   <li>{@code VOXEL}: {@link #toStar(List)}.</li>
     *   <li>{@code ANGSTROM}: {@code rlnCoordinateX/Y/Z} = voxel index × voxel size (Å from the first voxel), with
     *       {@code rlnDetectorPixelSize 1} and {@code rlnMagnification 10000} on every row: RELION 3.0's pixel size
     *       (µm × 10⁴ / magnification) of 1 Å, so a RELION-aware reader knows the unit.</li>
     *   <li>{@code RELION5}: {@code rlnTomoName}, {@code rlnCenteredCoordinateX/Y/ZAngst} = (index − n/2) × voxel size
     *       (RELION 5's centre, see {@link ParticleCoordinates}), like RELION 5's picking output.</li>
     * </ul>
     * The figure of merit is written as in {@link #toStar(List)}.
     *
     * @param picks    positions in voxels
     * @param c        the convention
     * @param frame    the tomogram (its voxel size must be known for Å conventions)
     * @param tomoName {@code rlnTomoName} for {@code RELION5}
     * @return the file
     */
    public static StarFile toStar(List<Pick> picks, CoordinateConvention c, TomogramFrame frame, String tomoName) {
        if (c == CoordinateConvention.VOXEL) return toStar(picks);
        if (!frame.hasVoxelSize())
            throw new IllegalArgumentException("coordinates in Å need the tomogram's voxel size, which is unknown (give --pixel-size)");
        boolean scores = picks.stream().anyMatch(p -> !Double.isNaN(p.score()));
        double v = frame.voxelSize();
        List<String> cols = new ArrayList<>(c == CoordinateConvention.RELION5
                ? List.of("rlnTomoName", "rlnCenteredCoordinateXAngst", "rlnCenteredCoordinateYAngst", "rlnCenteredCoordinateZAngst")
                : List.of("rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ", "rlnDetectorPixelSize", "rlnMagnification"));
        if (scores) cols.add("rlnAutopickFigureOfMerit");
        StarTable.Builder b = StarTable.builder(cols.toArray(String[]::new));
        for (Pick p : picks) {
            List<Object> row = new ArrayList<>();
            if (c == CoordinateConvention.RELION5) {
                if (tomoName == null || tomoName.isBlank()) throw new IllegalArgumentException("relion5 coordinates need a tomogram name");
                row.add(tomoName);
                row.add((p.x() - frame.centreX()) * v);
                row.add((p.y() - frame.centreY()) * v);
                row.add((p.z() - frame.centreZ()) * v);
            } else {
                row.add(p.x() * v);
                row.add(p.y() * v);
                row.add(p.z() * v);
                row.add(1.0);
                row.add(10000.0);
            }
            if (scores) row.add(p.score());
            b.row(row.toArray());
        }
        return StarFile.of(StarBlock.of("particles", b.build()));
    }

    /**
     * Writes {@code picks} in a convention to {@code path} atomically (see {@link #toStar(List, CoordinateConvention, TomogramFrame, String)}).
     *
     * @param path     the file
     * @param picks    positions in voxels
     * @param c        the convention
     * @param frame    the tomogram
     * @param tomoName {@code rlnTomoName} for {@code RELION5}
     * @throws IOException on a write error
     */
    public static void write(Path path, List<Pick> picks, CoordinateConvention c, TomogramFrame frame, String tomoName) throws IOException {
        toStar(picks, c, frame, tomoName).write(path);
    }

    /** Writes {@code picks} to {@code path} atomically. */
    public static void write(Path path, List<Pick> picks) throws IOException {
        toStar(picks).write(path);
    }

    /** Reads picks from {@code path}. */
    public static List<Pick> read(Path path) throws IOException {
        return fromStar(StarFile.read(path), path.toString());
    }

    /** Picks from a parsed STAR file; {@code source} names it in errors. */
    public static List<Pick> fromStar(StarFile star, String source) {
        for (StarBlock block : star.blocks())
            for (StarTable t : block.tables()) {
                if (!t.hasColumn("rlnCoordinateX") || !t.hasColumn("rlnCoordinateY") || !t.hasColumn("rlnCoordinateZ")) continue;
                double[] x = t.doubles("rlnCoordinateX"), y = t.doubles("rlnCoordinateY"), z = t.doubles("rlnCoordinateZ");
                double[] s = t.hasColumn("rlnAutopickFigureOfMerit") ? t.doubles("rlnAutopickFigureOfMerit") : null;
                List<Pick> out = new ArrayList<>();
                for (int i = 0; i < x.length; i++) out.add(new Pick(x[i], y[i], z[i], s == null ? Double.NaN : s[i]));
                return out;
            }
        throw new IllegalArgumentException(source + ": no loop with _rlnCoordinateX, _rlnCoordinateY and _rlnCoordinateZ");
    }
}
