package org.cryograd.em.pick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryograd.io.StarFile;
import org.junit.jupiter.api.Test;

/**
 * The real STAR files of {@code ../shared/interop/data} (star/ and derived/; never copied into the repository) against
 * an independent Python reading of them ({@code em/src/test/python/make_star_coordinate_fixture.py}, its own STAR parser
 * and the documented RELION rules): every file with 3-D particle coordinates parses, per tomogram the count and the
 * first and last positions in Å agree; files without coordinates are refused naming the columns; files with several
 * tomograms are refused without a name, listing every name.
 */
class ParticleCoordinatesInteropTest {
    static final Path DATA = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("interop/data");
    /** A voxel size unlike any pixel size in the files, so Å/pixel confusion shows. */
    static final double V = 7.5;
    static final int N = 100;

    record Row(String file, String tomo, int count, double pixelSize, String kind, double[] xyz) {}

    static List<Row> fixture() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = ParticleCoordinatesInteropTest.class.getResourceAsStream("/em/star_coordinates.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                double[] xyz = new double[f.length - 5];
                for (int i = 5; i < f.length; i++) xyz[i - 5] = Double.parseDouble(f[i]);
                rows.add(new Row(f[0], f[1], Integer.parseInt(f[2]), f[3].equals("nan") ? Double.NaN : Double.parseDouble(f[3]), f[4], xyz));
            }
        }
        return rows;
    }

    @Test
    void everyRealFileAgreesWithTheIndependentReading() throws Exception {
        assumeTrue(Files.isDirectory(DATA), "no interop data at " + DATA);
        List<Row> rows = fixture();
        Map<String, List<Row>> byFile = new LinkedHashMap<>();
        for (Row r : rows) byFile.computeIfAbsent(r.file(), k -> new ArrayList<>()).add(r);
        int checkedTomograms = 0, refused = 0;
        for (var e : byFile.entrySet()) {
            Path p = DATA.resolve(e.getKey());
            assumeTrue(Files.isRegularFile(p), "missing " + p);
            StarFile star = StarFile.read(p);
            List<Row> tomos = e.getValue();
            if (tomos.get(0).kind().equals("none")) {
                IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                        () -> ParticleCoordinates.fromStar(star, p.toString(), new TomogramFrame(N, N, N, V), ParticleCoordinates.Options.defaults()));
                assertTrue(ex.getMessage().startsWith(p.toString()) && ex.getMessage().contains("_rlnCoordinateZ"), ex.getMessage());
                refused++;
                continue;
            }
            if (tomos.size() > 1) {
                IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                        () -> ParticleCoordinates.fromStar(star, p.toString(), new TomogramFrame(N, N, N, V), ParticleCoordinates.Options.defaults()));
                for (Row r : tomos) assertTrue(ex.getMessage().contains(r.tomo()), ex.getMessage());
                assertTrue(ex.getMessage().contains(tomos.size() + " tomograms") && ex.getMessage().contains("--tomo-name"), ex.getMessage());
            }
            for (Row r : tomos) {
                boolean known = !Double.isNaN(r.pixelSize()) || r.kind().equals("relion5");
                double v = known ? V : 1.0; // the fixture puts files without a pixel size in a 1 Å tomogram
                TomogramFrame frame = new TomogramFrame(N, N, N, v);
                String name = r.tomo().equals("-") ? null : r.tomo();
                ParticleCoordinates.Result res = ParticleCoordinates.fromStar(star, p.toString(), frame, new ParticleCoordinates.Options(name, null));
                String what = e.getKey() + " / " + r.tomo();
                assertEquals(r.count(), res.picks().size(), what);
                assertEquals(r.kind(), res.convention(), what);
                if (r.kind().equals("pixel")) assertEquals(r.pixelSize(), res.pixelSize(), 1e-12, what);
                Pick first = res.picks().get(0), last = res.picks().get(res.picks().size() - 1);
                double[] got = r.kind().equals("relion5")
                        ? new double[] {(first.x() - N / 2.0) * v, (first.y() - N / 2.0) * v, (first.z() - N / 2.0) * v,
                            (last.x() - N / 2.0) * v, (last.y() - N / 2.0) * v, (last.z() - N / 2.0) * v}
                        : new double[] {first.x() * v, first.y() * v, first.z() * v, last.x() * v, last.y() * v, last.z() * v};
                for (int i = 0; i < 6; i++) assertEquals(r.xyz()[i], got[i], 1e-9 * Math.max(1, Math.abs(r.xyz()[i])), what + " value " + i);
                checkedTomograms++;
            }
        }
        assertTrue(checkedTomograms >= 50 && refused >= 20, checkedTomograms + " tomograms, " + refused + " refused");
    }

    @Test
    void tomogramNamesMatchWithoutDirectoryAndExtension() throws Exception {
        Path p = DATA.resolve("star/cryocat_warp2_particles_matching.star");
        assumeTrue(Files.isRegularFile(p), "missing " + p);
        StarFile star = StarFile.read(p);
        TomogramFrame f = new TomogramFrame(N, N, N, V);
        var full = ParticleCoordinates.fromStar(star, p.toString(), f, new ParticleCoordinates.Options("TS_17.tomostar", null));
        var bare = ParticleCoordinates.fromStar(star, p.toString(), f, new ParticleCoordinates.Options("TS_17", null));
        assertEquals(full.picks(), bare.picks());
        assertEquals("TS_17.tomostar", bare.tomoName());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> ParticleCoordinates.fromStar(star, p.toString(), f, new ParticleCoordinates.Options("TS_99", null)));
        assertTrue(ex.getMessage().contains("TS_99") && ex.getMessage().contains("TS_32.tomostar") && ex.getMessage().contains("_rlnTomoName"),
                ex.getMessage());
        assertFalse(full.picks().isEmpty());
    }
}
