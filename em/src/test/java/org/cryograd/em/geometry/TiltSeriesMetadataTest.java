package org.cryograd.em.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.io.AreTomoAln;
import org.cryograd.io.CtffindOutput;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.ImodAlignmentFiles;
import org.cryograd.io.ImodDefocusFile;
import org.cryograd.io.Mdoc;
import org.cryograd.io.RelionTiltSeriesStar;
import org.cryograd.io.TiltAngles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Geometry from the files of IMOD, SerialEM, AreTomo, CTFFIND and RELION 5, and written back as .xf + .tlt + .mdoc. */
class TiltSeriesMetadataTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void mdocGivesTiltsPixelSizeDoseAndNominalDefocus() throws IOException {
        // dose-symmetric order: ZValue is the stack section, DateTime the acquisition order (0, +3, -3)
        Path p = write("ts.mdoc", """
                PixelSpacing = 2.7
                [T = Tilt axis angle = 85.3, binning = 1]
                [ZValue = 0]
                TiltAngle = -3.0
                ExposureDose = 3.0
                TargetDefocus = -4
                DateTime = 30-Nov-15  15:23:00
                [ZValue = 1]
                TiltAngle = 0.0
                ExposureDose = 2.5
                TargetDefocus = -4
                DateTime = 30-Nov-15  15:21:38
                [ZValue = 2]
                TiltAngle = 3.0
                ExposureDose = 3.0
                Defocus = 1.2
                DateTime = 30-Nov-15  15:22:10
                """);
        List<String> notes = new ArrayList<>();
        TiltSeriesGeometry g = TiltSeriesMetadata.fromMdoc(Mdoc.read(p), notes);
        assertArrayEquals(new double[] {-3, 0, 3}, g.tilts());
        assertEquals(2.7, g.pixelSize());
        assertEquals(5.5, g.view(0).preExposure(), "taken third, after 2.5 + 3");
        assertEquals(0, g.view(1).preExposure());
        assertEquals(2.5, g.view(2).preExposure());
        assertEquals(3, g.view(0).dose());
        assertEquals(40000, g.view(0).defocus().u(), "TargetDefocus -4 um = 4 um underfocus");
        assertNull(g.view(2).defocus(), "Defocus +1.2 would be overfocus: unknown");
        assertTrue(g.isIdeal(), "the mdoc's tilt axis is reported, not applied");
        assertTrue(notes.stream().anyMatch(n -> n.contains("tilt axis angle 85.30 deg (not applied")), notes.toString());
        // PriorRecordDose wins when every section has it
        Path q = write("prior.mdoc", "[ZValue = 0]\nTiltAngle = 0\nExposureDose = 2\nPriorRecordDose = 7\n[ZValue = 1]\nTiltAngle = 3\nExposureDose = 2\nPriorRecordDose = 9\n");
        TiltSeriesGeometry h = TiltSeriesMetadata.fromMdoc(Mdoc.read(q), null);
        assertEquals(7, h.view(0).preExposure());
        assertEquals(9, h.view(1).preExposure());
    }

    @Test
    void xfAndTltAndMdocWrittenFromAGeometryReadBackToIt() throws IOException {
        List<ViewGeometry> v = new ArrayList<>();
        for (int i = 0; i < 5; i++)
            v.add(ViewGeometry.ideal(-6 + 3 * i).withAlignment(-84.5 + 0.1 * i, 1 + 0.001 * i, 2.5 - i, 0.75 * i).withExposure(3 * i, 3));
        TiltSeriesGeometry g = new TiltSeriesGeometry(v, 3.1);
        Path xf = dir.resolve("ts.xf"), tlt = dir.resolve("ts.tlt"), mdoc = dir.resolve("ts.mrc.mdoc");
        ImodAlignmentFiles.writeXf(xf, g.toXf(), true);
        TiltAngles.write(tlt, g.tilts());
        Mdoc.Builder b = Mdoc.builder().global("PixelSpacing", g.pixelSize()).title("Tilt axis angle = -84.5, binning = 1");
        for (int i = 0; i < 5; i++) b.section("ZValue", Integer.toString(i)).put("TiltAngle", g.view(i).tiltDeg()).put("ExposureDose", 3.0);
        b.build().write(mdoc);

        TiltSeriesGeometry r = TiltSeriesMetadata.fromMdoc(Mdoc.read(mdoc), null);
        r = TiltSeriesMetadata.withTilts(r, TiltAngles.read(tlt), tlt);
        r = TiltSeriesMetadata.withXf(r, ImodAlignmentFiles.readXf(xf), xf, null);
        assertEquals(3.1, r.pixelSize());
        for (int i = 0; i < 5; i++) {
            ViewGeometry a = g.view(i), c = r.view(i);
            assertEquals(a.tiltDeg(), c.tiltDeg());
            assertEquals(a.rotationDeg(), c.rotationDeg(), 1e-9);
            assertEquals(a.magnification(), c.magnification(), 1e-12);
            assertEquals(a.shiftX(), c.shiftX(), 1e-9);
            assertEquals(a.shiftY(), c.shiftY(), 1e-9);
            assertEquals(a.preExposure(), c.preExposure());
        }
        FileFormatException e = assertThrows(FileFormatException.class, () -> TiltSeriesMetadata.withXf(TiltSeriesGeometry.ideal(0, 3), ImodAlignmentFiles.readXf(xf), xf, null));
        assertTrue(e.getMessage().endsWith("ts.xf: describes 5 views (lines) but the tilt series has 2 views"), e.getMessage());
    }

    @Test
    void alnDarkFramesAreExcludedViews() throws IOException {
        Path p = write("ts.aln", """
                # AreTomo Alignment / Priims bprmMn
                # RawSize = 64 64 4
                # NumPatches = 0
                # DarkFrame =     3    3    60.00
                # AlphaOffset =     0.00
                # BetaOffset =     0.00
                # SEC     ROT         GMAG       TX          TY      SMEAN     SFIT    SCALE     BASE     TILT
                    0    85.0000    1.00000      1.500     -2.000     1.00     1.00     1.00     0.00    -60.00
                    1    85.1000    1.00000      0.000      0.000     1.00     1.00     1.00     0.00      0.00
                    2    85.2000    0.99000     -1.000      3.000     1.00     1.00     1.00     0.00     60.00
                """);
        List<String> notes = new ArrayList<>();
        TiltSeriesGeometry g = TiltSeriesMetadata.fromAln(AreTomoAln.read(p), notes);
        assertEquals(4, g.size());
        assertArrayEquals(new int[] {0, 1, 2}, g.included());
        assertEquals(60, g.view(3).tiltDeg());
        assertEquals(85.2, g.view(2).rotationDeg());
        assertEquals(0.99, g.view(2).magnification());
        assertEquals(-1, g.view(2).shiftX());
        assertEquals(3, g.view(2).shiftY());
        // the geometry's xf is AreTomo's own export (GMAG 1)
        AreTomoAln.Row r0 = AreTomoAln.read(p).rows().get(0);
        assertEquals(AreTomoAln.toXf(r0).dx(), g.view(0).toXf().dx(), 1e-12);
        assertEquals(AreTomoAln.toXf(r0).a12(), g.view(0).toXf().a12(), 1e-15);
    }

    @Test
    void defocusFromCtffindAndImod() throws IOException {
        TiltSeriesGeometry g = TiltSeriesGeometry.ideal(-3, 0, 3);
        Path c = write("diag.txt", "# Columns: #1 - micrograph number; #2 - defocus 1 [Angstroms]; #3 - defocus 2; #4 - azimuth of astigmatism; "
                + "#5 - additional phase shift [radians]; #6 - cross correlation; #7 - spacing\n"
                + "1 30000 29000 10 0 0.1 8\n2 31000 30500 -20 1.5707963267948966 0.1 8\n3 32000 32000 0 0 0.1 8\n");
        TiltSeriesGeometry a = TiltSeriesMetadata.withDefocus(g, CtffindOutput.read(c));
        assertEquals(new Defocus(31000, 30500, -20, 90.0), a.view(1).defocus());
        Path d = write("ts.defocus", "1 0 0. 0. 0 3\n1 1 -3 -3 3100 3000 40\n3 3 3 3 2900 2900 0\n");
        List<String> notes = new ArrayList<>();
        TiltSeriesGeometry b = TiltSeriesMetadata.withDefocus(a, ImodDefocusFile.read(d), notes);
        assertEquals(new Defocus(31000, 30000, 40, 0), b.view(0).defocus(), "nm -> A");
        assertEquals(new Defocus(31000, 30500, -20, 90.0), b.view(1).defocus(), "view 2 has no entry: kept");
        assertTrue(notes.get(0).contains("1 view(s) have no entry"));
        Path short1 = write("short.txt", "1 30000 29000 10 0 0.1 8\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> TiltSeriesMetadata.withDefocus(g, CtffindOutput.read(short1)));
        assertTrue(e.getMessage().contains("has no row for micrograph 2"), e.getMessage());
    }

    @Test
    void relionStarWithShiftsInAngstrom() throws IOException {
        Path real = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("interop/data/star/cryocat_relion5_TS_01_tilt.star");
        Assumptions.assumeTrue(Files.isRegularFile(real), "skipped: " + real + " is absent (real files live in ../shared)");
        RelionTiltSeriesStar s = RelionTiltSeriesStar.read(real);
        TiltSeriesGeometry g = TiltSeriesMetadata.fromRelion(s, 1.35, null);
        assertEquals(s.tilts().size(), g.size());
        ViewGeometry v = g.view(0);
        assertEquals(-57.0, v.tiltDeg());
        assertEquals(85.032958, v.rotationDeg());
        assertEquals(34.845611 / 1.35, v.shiftX(), 1e-12);
        assertEquals(108.499417 / 1.35, v.shiftY(), 1e-12);
        assertEquals(114.0, v.preExposure());
        assertEquals(new Defocus(39527.781250, 39418.410156, 44.527622, 0), v.defocus());
        FileFormatException e = assertThrows(FileFormatException.class, () -> TiltSeriesMetadata.fromRelion(s, Double.NaN, null));
        assertTrue(e.getMessage().contains("shifts are in Å but the pixel size of the stack is unknown"), e.getMessage());
    }

    @Test
    void viewListsAreOneBased() {
        assertArrayEquals(new int[] {0, 4, 5, 6, 39}, TiltSeriesMetadata.parseViewList("1, 5-7,40", 41));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TiltSeriesMetadata.parseViewList("0", 41));
        assertEquals("view 0 is outside 1..41 (views are numbered from 1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TiltSeriesMetadata.parseViewList("7-5", 41));
        assertThrows(IllegalArgumentException.class, () -> TiltSeriesMetadata.parseViewList("a", 41));
    }
}
