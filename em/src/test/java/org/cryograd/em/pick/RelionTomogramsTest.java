package org.cryograd.em.pick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryograd.io.StarFile;
import org.junit.jupiter.api.Test;

/** RELION 5 tomograms STAR and optimisation sets: hand-made text and the real files in ../shared/interop/data/star. */
class RelionTomogramsTest {
    static final Path STAR = ParticleCoordinatesInteropTest.DATA.resolve("star");

    @Test
    void framesFromSizesPixelSizeAndBinning() throws Exception {
        String s = "data_global\nloop_\n_rlnTomoName\n_rlnTomoTiltSeriesPixelSize\n_rlnTomoTomogramBinning\n_rlnTomoSizeX\n_rlnTomoSizeY\n_rlnTomoSizeZ\n"
                + "TS_01 1.35 7.407407 4000 3000 2000\nTS_02.tomostar 2 4 800 600 301\n";
        RelionTomograms t = RelionTomograms.of(StarFile.parse(s, Path.of("tomograms.star")), "tomograms.star");
        assertEquals(new TomogramFrame(4000, 3000, 2000, 1.35), t.unbinned("TS_01"));
        // round(4000 / 7.407407) = 540, round(3000 / 7.407407) = 405, round(2000 / 7.407407) = 270; 1.35 * 7.407407 Å
        assertEquals(new TomogramFrame(540, 405, 270, 1.35 * 7.407407), t.binned("TS_01"));
        // 800/4 = 200, 600/4 = 150, round(301/4 = 75.25) = 75; 2 * 4 = 8 Å; the name matches without extension
        assertEquals(new TomogramFrame(200, 150, 75, 8), t.binned("TS_02"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.get("TS_09"));
        assertTrue(e.getMessage().contains("tomograms.star") && e.getMessage().contains("TS_01, TS_02.tomostar"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RelionTomograms.of(StarFile.parse("data_\nloop_\n_rlnTomoName\nA\n", Path.of("x.star")), "x.star"));
        assertTrue(e.getMessage().contains("x.star") && e.getMessage().contains("_rlnTomoSizeX"), e.getMessage());
    }

    /** An independent reading of a one-loop tomograms STAR: header labels in order, rows split on white space. */
    static TomogramFrame byHand(Path file, String name) throws Exception {
        List<String> labels = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] w = line.trim().split("\\s+");
            if (w[0].startsWith("_rln")) labels.add(w[0].substring(1));
            else if (w[0].equals(name) && w.length == labels.size())
                return new TomogramFrame(Integer.parseInt(w[labels.indexOf("rlnTomoSizeX")]), Integer.parseInt(w[labels.indexOf("rlnTomoSizeY")]),
                        Integer.parseInt(w[labels.indexOf("rlnTomoSizeZ")]), Double.parseDouble(w[labels.indexOf("rlnTomoTiltSeriesPixelSize")]));
        }
        throw new AssertionError(name + " not in " + file);
    }

    @Test
    void realRelion5TomogramsAgreeWithAReadingByHand() throws Exception {
        Path tomos = STAR.resolve("cylindra_r5_tomograms.star");
        assumeTrue(Files.isRegularFile(tomos), "no interop data at " + STAR);
        RelionTomograms t = RelionTomograms.read(tomos);
        assertEquals(List.of("TS_01", "TS_02"), List.copyOf(t.tomograms().keySet()));
        for (String name : t.tomograms().keySet()) {
            assertEquals(byHand(tomos, name), t.unbinned(name));
            assertEquals(t.unbinned(name), t.binned(name)); // binning 1.0
        }
    }

    @Test
    void realTutorialAndWarpTomogramFiles() throws Exception {
        Path tut = STAR.resolve("cryocat_R5_tutorial_run_tomograms.star"), warp = STAR.resolve("tomodrgn_warptools_test_4-tomos_10-ptcls_box-32_angpix-12_tomograms.star"),
                warpParts = STAR.resolve("tomodrgn_warptools_test_4-tomos_10-ptcls_box-32_angpix-12.star");
        assumeTrue(Files.isRegularFile(tut) && Files.isRegularFile(warp) && Files.isRegularFile(warpParts), "no interop data at " + STAR);
        RelionTomograms t = RelionTomograms.read(tut);
        assertEquals(List.of("TS_01", "TS_03", "TS_43", "TS_45", "TS_54"), List.copyOf(t.tomograms().keySet()));
        // 4000 x 4000 x 2000 at 1.35 Å binned by 7.407407: 540 x 540 x 270 voxels of ~10 Å
        TomogramFrame b = t.binned("TS_43");
        assertEquals(540, b.nx());
        assertEquals(270, b.nz());
        assertEquals(10.0, b.voxelSize(), 1e-5);
        // Warp's particles (tilt-series pixels of 1.667 Å) lie inside their 4400 x 6000 x 1400 tomograms
        RelionTomograms w = RelionTomograms.read(warp);
        StarFile p = StarFile.read(warpParts);
        int n = 0;
        for (String name : w.tomograms().keySet()) {
            TomogramFrame f = w.unbinned(name);
            for (Pick q : ParticleCoordinates.fromStar(p, warpParts.toString(), f, new ParticleCoordinates.Options(name, null)).picks()) {
                assertTrue(q.x() >= 0 && q.x() < f.nx() && q.y() >= 0 && q.y() < f.ny() && q.z() >= 0 && q.z() < f.nz(), name + " " + q);
                n++;
            }
        }
        assertEquals(40, n);
    }

    @Test
    void optimisationSets() throws Exception {
        for (String f : List.of("cryocat_warp2_matching_optimisation_set.star", "tomodrgn_warptools_test_4-tomos_10-ptcls_box-32_angpix-12_optimisation_set.star")) {
            Path path = STAR.resolve(f);
            assumeTrue(Files.isRegularFile(path), "no interop data at " + STAR);
            RelionTomograms.OptimisationSet o = RelionTomograms.OptimisationSet.of(StarFile.read(path), f);
            // independent: the second word of the lines naming the two labels
            for (String line : Files.readAllLines(path)) {
                String[] w = line.trim().split("\\s+");
                if (w[0].equals("_rlnTomoParticlesFile")) assertEquals(w[1], o.particles());
                if (w[0].equals("_rlnTomoTomogramsFile")) assertEquals(w[1], o.tomograms());
            }
            assertTrue(o.particles().endsWith(".star") && o.tomograms().endsWith("tomograms.star"), o.toString());
        }
        assertThrows(IllegalArgumentException.class,
                () -> RelionTomograms.OptimisationSet.of(StarFile.parse("data_\n_rlnTomoParticlesFile a.star\n", Path.of("o.star")), "o.star"));
    }
}
