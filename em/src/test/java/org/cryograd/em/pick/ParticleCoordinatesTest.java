package org.cryograd.em.pick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.cryograd.io.StarFile;
import org.cryograd.io.StarTable;
import org.junit.jupiter.api.Test;

/** Each RELION convention on small hand-made STAR text; expected voxels computed by hand from the formulas in the comments. */
class ParticleCoordinatesTest {
    static final double EPS = 1e-12;

    static ParticleCoordinates.Result read(String text, TomogramFrame f, String tomo, Double px) throws Exception {
        return ParticleCoordinates.fromStar(StarFile.parse(text, Path.of("t.star")), "t.star", f, new ParticleCoordinates.Options(tomo, px));
    }

    static void assertPick(double x, double y, double z, Pick p) {
        assertEquals(x, p.x(), EPS, "x of " + p);
        assertEquals(y, p.y(), EPS, "y of " + p);
        assertEquals(z, p.z(), EPS, "z of " + p);
    }

    @Test
    void relion5CentredAngstromsUseTheCentreAtHalfTheSize() throws Exception {
        String s = "data_particles\nloop_\n_rlnTomoName\n_rlnCenteredCoordinateXAngst\n_rlnCenteredCoordinateYAngst\n_rlnCenteredCoordinateZAngst\n"
                + "TS_01 -50 25 0\n";
        // x = c / v + n / 2: -50/10 + 64/2 = 27, 25/10 + 32 = 34.5, 0 + 32/2 = 16
        assertPick(27, 34.5, 16, read(s, new TomogramFrame(64, 64, 32, 10), null, null).picks().get(0));
        // odd sizes: 65/2 = 32.5 (not (65-1)/2 = 32): -5 + 32.5 = 27.5, 2.5 + 33.5 = 36, 0 + 7.5 = 7.5
        assertPick(27.5, 36, 7.5, read(s, new TomogramFrame(65, 67, 15, 10), null, null).picks().get(0));
        assertEquals("TS_01", read(s, new TomogramFrame(64, 64, 32, 10), null, null).tomoName());
    }

    @Test
    void relion5OriginShiftsAreSubtracted() throws Exception {
        String s = "data_particles\nloop_\n_rlnCenteredCoordinateXAngst\n_rlnCenteredCoordinateYAngst\n_rlnCenteredCoordinateZAngst\n"
                + "_rlnOriginXAngst\n_rlnOriginYAngst\n_rlnOriginZAngst\n-50 25 0 10 -5 2.5\n";
        // x = (c - o) / v + n/2: (-50-10)/10 + 32 = 26, (25+5)/10 + 32 = 35, (0-2.5)/10 + 16 = 15.75
        assertPick(26, 35, 15.75, read(s, new TomogramFrame(64, 64, 32, 10), null, null).picks().get(0));
    }

    @Test
    void relion30DetectorPixelSizeAndMagnification() throws Exception {
        String s = "data_\nloop_\n_rlnCoordinateX\n_rlnCoordinateY\n_rlnCoordinateZ\n_rlnDetectorPixelSize\n_rlnMagnification\n_rlnOriginX\n_rlnOriginY\n_rlnOriginZ\n"
                + "100 40 8 5 20000 4 0 -2\n";
        // p = 5 µm * 1e4 / 20000 = 2.5 Å; x = (c - o_px) p / v: (100-4)*2.5/10 = 24, 40*2.5/10 = 10, (8+2)*2.5/10 = 2.5
        ParticleCoordinates.Result r = read(s, new TomogramFrame(64, 64, 32, 10), null, null);
        assertPick(24, 10, 2.5, r.picks().get(0));
        assertEquals(2.5, r.pixelSize(), EPS);
        // no magnification: the detector pixel size reads as Å (magnification 10000): 100*5/10 = 50
        String noMag = "data_\nloop_\n_rlnCoordinateX\n_rlnCoordinateY\n_rlnCoordinateZ\n_rlnDetectorPixelSize\n100 40 8 5\n";
        assertPick(50, 20, 4, read(noMag, new TomogramFrame(64, 64, 32, 10), null, null).picks().get(0));
    }

    @Test
    void relion31OpticsGroupsGivePerParticlePixelSizes() throws Exception {
        String s = "data_optics\nloop_\n_rlnOpticsGroup\n_rlnImagePixelSize\n1 2\n2 4\n\ndata_particles\nloop_\n"
                + "_rlnCoordinateX\n_rlnCoordinateY\n_rlnCoordinateZ\n_rlnOpticsGroup\n_rlnOriginXAngst\n50 50 50 2 0\n50 50 50 1 10\n";
        ParticleCoordinates.Result r = read(s, new TomogramFrame(64, 64, 64, 10), null, null);
        // group 2: 50*4/10 = 20; group 1: (50*2 - 10)/10 = 9 in x, 50*2/10 = 10 in y, z
        assertPick(20, 20, 20, r.picks().get(0));
        assertPick(9, 10, 10, r.picks().get(1));
        String bad = s.replace("50 50 50 1 10", "50 50 50 3 10");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(bad, new TomogramFrame(64, 64, 64, 10), null, null));
        assertTrue(e.getMessage().contains("t.star") && e.getMessage().contains("_rlnOpticsGroup 3"), e.getMessage());
    }

    @Test
    void relion4TiltSeriesPixelSizeComesBeforeTheSubtomogramPixelSize() throws Exception {
        String s = "data_optics\nloop_\n_rlnOpticsGroup\n_rlnTomoTiltSeriesPixelSize\n_rlnImagePixelSize\n1 1.5 6\n\ndata_particles\nloop_\n"
                + "_rlnTomoName\n_rlnCoordinateX\n_rlnCoordinateY\n_rlnCoordinateZ\n_rlnOpticsGroup\nTS_1 100 200 40 1\n";
        ParticleCoordinates.Result r = read(s, new TomogramFrame(64, 64, 64, 10), null, null);
        // x = c * 1.5 / 10
        assertPick(15, 30, 6, r.picks().get(0));
        assertEquals("rlnTomoTiltSeriesPixelSize", r.pixelSizeFrom());
        // a given pixel size overrides: 100 * 5 / 10 = 50
        assertPick(50, 100, 20, read(s, new TomogramFrame(64, 64, 64, 10), null, 5.0).picks().get(0));
    }

    @Test
    void withoutAPixelSizeCoordinatesAreVoxelsOfTheTomogram() throws Exception {
        String s = "data_\nloop_\n_rlnCoordinateX\n_rlnCoordinateY\n_rlnCoordinateZ\n_rlnAutopickFigureOfMerit\n3 4.5 5 0.25\n";
        for (double v : new double[] {0, 10}) {
            ParticleCoordinates.Result r = read(s, new TomogramFrame(8, 8, 8, v), null, null);
            assertEquals(List.of(new Pick(3, 4.5, 5, 0.25)), r.picks());
        }
    }

    @Test
    void severalTomogramsNeedOneChosen() throws Exception {
        String s = "data_particles\nloop_\n_rlnTomoName\n_rlnCoordinateX\n_rlnCoordinateY\n_rlnCoordinateZ\nA 1 1 1\nB 2 2 2\nA 3 3 3\n";
        TomogramFrame f = new TomogramFrame(8, 8, 8, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(s, f, null, null));
        assertTrue(e.getMessage().contains("t.star, block 'particles'") && e.getMessage().contains("_rlnTomoName")
                && e.getMessage().contains("A, B") && e.getMessage().contains("--tomo-name"), e.getMessage());
        assertEquals(List.of(Pick.at(1, 1, 1), Pick.at(3, 3, 3)), read(s, f, "A", null).picks());
        assertEquals(List.of(Pick.at(2, 2, 2)), read(s, f, "B", null).picks());
    }

    @Test
    void unusableFilesAreNamed() throws Exception {
        String twoD = "data_particles\nloop_\n_rlnCoordinateX\n_rlnCoordinateY\n1 2\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(twoD, new TomogramFrame(8, 8, 8, 1), null, null));
        assertTrue(e.getMessage().contains("t.star") && e.getMessage().contains("2-D"), e.getMessage());
        String centred = "data_\nloop_\n_rlnCenteredCoordinateXAngst\n_rlnCenteredCoordinateYAngst\n_rlnCenteredCoordinateZAngst\n1 2 3\n";
        e = assertThrows(IllegalArgumentException.class, () -> read(centred, new TomogramFrame(8, 8, 8, 0), null, null));
        assertTrue(e.getMessage().contains("voxel size is unknown"), e.getMessage());
        String px = "data_\nloop_\n_rlnCoordinateX\n_rlnCoordinateY\n_rlnCoordinateZ\n_rlnPixelSize\n1 2 3 4\n";
        e = assertThrows(IllegalArgumentException.class, () -> read(px, new TomogramFrame(8, 8, 8, 0), null, null));
        assertTrue(e.getMessage().contains("rlnPixelSize") && e.getMessage().contains("voxel size is unknown"), e.getMessage());
    }

    @Test
    void everyConventionRoundTrips() throws Exception {
        List<Pick> picks = List.of(new Pick(1.5, 2.25, 3, 0.125), new Pick(60.1, 0, 31.9, -1e-3), new Pick(0.3, 47.7, 12.05, 7));
        TomogramFrame f = new TomogramFrame(64, 48, 32, 12.37);
        for (CoordinateConvention c : CoordinateConvention.values()) {
            StarFile s = StarFile.parse(PickStar.toStar(picks, c, f, "tomo").toText(), Path.of("rt.star"));
            List<Pick> back = ParticleCoordinates.fromStar(s, "rt.star", f, ParticleCoordinates.Options.defaults()).picks();
            assertEquals(picks.size(), back.size());
            for (int i = 0; i < picks.size(); i++) {
                Pick a = picks.get(i), b = back.get(i);
                // exact to float precision: |error| <= 1e-6 voxel (here it is ~1e-14: written in shortest exact form)
                assertEquals(a.x(), b.x(), 1e-6, c + " x");
                assertEquals(a.y(), b.y(), 1e-6, c + " y");
                assertEquals(a.z(), b.z(), 1e-6, c + " z");
                assertEquals(a.score(), b.score(), 0, c + " score");
            }
        }
    }

    @Test
    void writtenValuesFollowTheDocumentedFormulas() throws Exception {
        TomogramFrame f = new TomogramFrame(64, 48, 33, 12.5);
        List<Pick> one = List.of(Pick.at(3, 4, 5));
        StarTable a = PickStar.toStar(one, CoordinateConvention.ANGSTROM, f, "t").blocks().get(0).table();
        // Å from the first voxel = index * v: 37.5, 50, 62.5, declared as 1 Å pixels (1 µm * 1e4 / 10000)
        assertEquals(37.5, a.getDouble(0, "rlnCoordinateX"), 0);
        assertEquals(50, a.getDouble(0, "rlnCoordinateY"), 0);
        assertEquals(62.5, a.getDouble(0, "rlnCoordinateZ"), 0);
        assertEquals(1, a.getDouble(0, "rlnDetectorPixelSize") * 1e4 / a.getDouble(0, "rlnMagnification"), 0);
        StarTable r = PickStar.toStar(one, CoordinateConvention.RELION5, f, "t").blocks().get(0).table();
        // (index - n/2) * v: (3-32)*12.5 = -362.5, (4-24)*12.5 = -250, (5-16.5)*12.5 = -143.75
        assertEquals(-362.5, r.getDouble(0, "rlnCenteredCoordinateXAngst"), 0);
        assertEquals(-250, r.getDouble(0, "rlnCenteredCoordinateYAngst"), 0);
        assertEquals(-143.75, r.getDouble(0, "rlnCenteredCoordinateZAngst"), 0);
        assertEquals("t", r.get(0, "rlnTomoName"));
        assertThrows(IllegalArgumentException.class, () -> PickStar.toStar(one, CoordinateConvention.RELION5, f.withVoxelSize(0), "t"));
    }
}
