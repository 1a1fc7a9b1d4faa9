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
