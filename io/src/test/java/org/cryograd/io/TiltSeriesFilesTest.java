package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tilt-series metadata readers and writers on small files written by hand after each program's documented format
 * (IMOD .xf/.xtilt/.defocus, SerialEM .mdoc, AreTomo .aln, CTFFIND4/5 output), and on the real RELION 5 tilt-series
 * STAR files in ../shared (skipped when absent). Expected values are the literals in the files.
 */
class TiltSeriesFilesTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    // ---------------------------------------------------------------- IMOD .xf / .xtilt

    @Test
    void xfReadsImodLayout() throws IOException {
        // as xftoxg/tiltalign write it: 4 x %12.7f, 2 x %12.3f, possibly run together with minus signs
        Path p = write("ts.xf", "   0.0871557  -0.9961947   0.9961947   0.0871557     -12.345       6.789\n"
                + "   0.0871557  -0.9961947   0.9961947   0.0871557      0.000      -0.500\r\n\n");
        List<XfTransform> x = ImodAlignmentFiles.readXf(p);
        assertEquals(2, x.size());
        assertEquals(new XfTransform(0.0871557, -0.9961947, 0.9961947, 0.0871557, -12.345, 6.789), x.get(0));
        assertEquals(-0.5, x.get(1).dy());
    }

    @Test
    void xfWriteReadsBackInBothLayouts() throws IOException {
        List<XfTransform> x = List.of(XfTransform.rotation(-84.7, 1.0, 3.25, -7.5), XfTransform.rotation(12.0 / 7, 1.01, 1.0 / 3, 0), XfTransform.IDENTITY);
        Path exact = dir.resolve("e.xf");
        ImodAlignmentFiles.writeXf(exact, x, true);
        assertEquals(x, ImodAlignmentFiles.readXf(exact));
        Path imod = dir.resolve("i.xf");
        ImodAlignmentFiles.writeXf(imod, x);
        List<String> lines = Files.readAllLines(imod);
        assertEquals(3, lines.size());
        assertEquals(72, lines.get(0).length(), "6 fields of 12 characters");
        List<XfTransform> back = ImodAlignmentFiles.readXf(imod);
        for (int i = 0; i < 3; i++) {
            assertEquals(x.get(i).a12(), back.get(i).a12(), 5e-8);
            assertEquals(x.get(i).dx(), back.get(i).dx(), 5e-4);
        }
    }

    @Test
    void xfErrorsNameFileLineAndField() throws IOException {
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> ImodAlignmentFiles.readXf(write("a.xf", "1 0 0 1 0 0\n1 0 0 x 0 0\n")));
        assertEquals(dir.resolve("a.xf") + ":2: field 'A22' = 'x' is not a number", e.getMessage());
        assertEquals("A22", e.field());
        e = assertThrows(FileFormatException.class, () -> ImodAlignmentFiles.readXf(write("b.xf", "1 0 0 1\n")));
        assertTrue(e.getMessage().contains(":1: line has 4 values, expected 6 (missing 'DX')"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> ImodAlignmentFiles.readXf(write("c.xf", "1 0 0 1 0 0 7\n")));
        assertTrue(e.getMessage().contains(":1: line has 7 values"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> ImodAlignmentFiles.readXf(write("d.xf", "1 2 2 4 0 0\n")));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> ImodAlignmentFiles.readXf(write("e.xf", "\n\n")));
        assertTrue(e.getMessage().endsWith("contains no transforms"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> ImodAlignmentFiles.readXf(write("f.xf", "1 0 0 1 NaN 0\n")));
        assertEquals("DX", e.field());
    }

    @Test
    void xtiltReadsOneAnglePerLine() throws IOException {
        assertArrayEquals(new double[] {0, 1.71, -0.25}, ImodAlignmentFiles.readXtilt(write("a.xtilt", "  0.00\n  1.71\n\n -0.25\n")));
        FileFormatException e = assertThrows(FileFormatException.class, () -> ImodAlignmentFiles.readXtilt(write("b.xtilt", "0\n1 2\n")));
        assertTrue(e.getMessage().contains("b.xtilt:2:"), e.getMessage());
    }

    // ---------------------------------------------------------------- SerialEM .mdoc

    private static final String MDOC = """
            PixelSpacing = 5.4
            Voltage = 300
            ImageFile = TS_01.mrc
            ImageSize = 924 958
            DataMode = 1

            [T = SerialEM: Digitized on EMBL Krios                       30-Nov-15  15:14:20    ]

            [T =     Tilt axis angle = 85.3, binning = 4  spot = 8  camera = 2]

            [ZValue = 1]
            TiltAngle = 3.00113
            ExposureDose = 2.5
            PriorRecordDose = 2.5
            PixelSpacing = 5.4
            Defocus = -2.58763
            TargetDefocus = -4
            StagePosition = 20.7926 155.267
            SubFramePath = D:\\DATA\\frames\\TS_01_001_3.0.mrc
            DateTime = 30-Nov-15  15:22:37

            [ZValue = 0]
            TiltAngle = 0.000999877
            ExposureDose = 2.5
            PixelSpacing = 5.4
            Defocus = -2.68083
            TargetDefocus = -4
            StagePosition = 20.7936 155.287
            DateTime = 30-Nov-15  15:21:38
            """;

    @Test
    void mdocReadsGlobalsTitlesAndZValueSections() throws IOException {
        Mdoc m = Mdoc.read(write("TS_01.mrc.mdoc", MDOC));
        assertEquals(5.4, m.global().getDouble("PixelSpacing"));
        assertEquals(300, m.global().getDouble("Voltage"));
        assertArrayEquals(new double[] {924, 958}, m.global().getDoubles("ImageSize"));
        assertEquals(2, m.titles().size());
        assertEquals(85.3, m.tiltAxisAngle().getAsDouble());
        List<Mdoc.Section> z = m.zValues();
        assertEquals("0", z.get(0).name(), "ordered by ZValue, not file order");
        assertEquals(0.000999877, z.get(0).getDouble("TiltAngle"));
        assertEquals(3.00113, z.get(1).getDouble("TiltAngle"));
        assertEquals(-2.58763, z.get(1).getDouble("Defocus"));
        assertEquals(2.5, z.get(1).getDouble("PriorRecordDose"));
        assertEquals(0.0, z.get(0).getDouble("PriorRecordDose", 0.0));
        assertEquals("D:\\DATA\\frames\\TS_01_001_3.0.mrc", z.get(1).get("SubFramePath"));
        assertEquals("30-Nov-15  15:22:37", z.get(1).get("DateTime"));
        assertArrayEquals(new double[] {20.7926, 155.267}, z.get(1).getDoubles("StagePosition"));
    }

    @Test
    void mdocErrorsNameFileLineAndKey() throws IOException {
        Mdoc m = Mdoc.read(write("a.mdoc", "PixelSpacing = 5.4\n\n[ZValue = 0]\nTiltAngle = abc\n"));
        FileFormatException e = assertThrows(FileFormatException.class, () -> m.zValues().get(0).getDouble("TiltAngle"));
        assertEquals(dir.resolve("a.mdoc") + ":4: field 'TiltAngle' = 'abc' is not a number", e.getMessage());
        e = assertThrows(FileFormatException.class, () -> m.zValues().get(0).getDouble("ExposureDose"));
        assertTrue(e.getMessage().contains(":3: section [ZValue = 0] has no 'ExposureDose'"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> Mdoc.read(write("b.mdoc", "PixelSpacing 5.4\n")));
        assertTrue(e.getMessage().contains("b.mdoc:1: 'PixelSpacing 5.4' is not a 'key = value' pair"), e.getMessage());
        Mdoc gap = Mdoc.read(write("c.mdoc", "[ZValue = 0]\nTiltAngle = 0\n[ZValue = 2]\nTiltAngle = 3\n"));
        e = assertThrows(FileFormatException.class, gap::zValues);
        assertTrue(e.getMessage().contains("none numbered 1"), e.getMessage());
        Mdoc dup = Mdoc.read(write("d.mdoc", "[ZValue = 0]\nTiltAngle = 0\n[ZValue = 0]\nTiltAngle = 3\n"));
        e = assertThrows(FileFormatException.class, dup::zValues);
        assertTrue(e.getMessage().contains("d.mdoc:3: [ZValue = 0] repeats the section of line 1"), e.getMessage());
    }

    @Test
    void mdocWrittenByTheBuilderReadsBack() throws IOException {
        Mdoc.Builder b = Mdoc.builder().global("PixelSpacing", 2.5).global("ImageFile", "ts.mrc").global("ImageSize", new double[] {64, 48})
                .title("Tilt axis angle = -84.5, binning = 1");
        double[] tilts = {-60, 1.0 / 3, 60};
        for (int i = 0; i < 3; i++) b.section("ZValue", Integer.toString(i)).put("TiltAngle", tilts[i]).put("ExposureDose", 3.0).put("Defocus", -3.5);
        Path p = dir.resolve("w.mdoc");
        b.build().write(p);
        Mdoc m = Mdoc.read(p);
        assertEquals(-84.5, m.tiltAxisAngle().getAsDouble());
        assertEquals(2.5, m.global().getDouble("PixelSpacing"));
        for (int i = 0; i < 3; i++) assertEquals(tilts[i], m.zValues().get(i).getDouble("TiltAngle"));
        assertEquals(m.toText(), Mdoc.parse(m.toText(), null).toText());
        assertThrows(IllegalArgumentException.class, () -> Mdoc.builder().global("Bad Key", 1));
    }

    // ---------------------------------------------------------------- AreTomo .aln

    private static final String ALN = """
            # AreTomo Alignment / Priims bprmMn
            # RawSize = 4096 4096 5
            # NumPatches = 4
            # DarkFrame =     0    0   -60.00
            # AlphaOffset =     1.50
            # BetaOffset =     0.00
            # Thickness = 1910
            # SEC     ROT         GMAG       TX          TY      SMEAN     SFIT    SCALE     BASE     TILT
                0    84.4445    1.00000     13.382     21.802     1.00     1.00     1.00     0.00    -38.50
                1    84.4445    1.00000      1.680     -5.046     1.00     1.00     1.00     0.00     -8.50
                2    84.5000    1.01000      0.000      0.000     1.00     1.00     1.00     0.00      1.50
                3    84.4445    1.00000     -7.293   -103.694     1.00     1.00     1.00     0.00     31.50
            # Local Alignment
               0   0 -1537.16  -1363.14     -6.93    -36.22   1.0
               0   1  -579.03  -1414.46     -2.53    -21.76   1.0
            """;

    @Test
    void alnReadsHeaderRowsAndDarkFrames() throws IOException {
        AreTomoAln a = AreTomoAln.read(write("ts.aln", ALN));
        assertArrayEquals(new int[] {4096, 4096, 5}, a.rawSize());
        assertEquals(4, a.numPatches());
        assertEquals(1.5, a.alphaOffset());
        assertEquals(1910, a.thickness());
        assertEquals(1, a.darkFrames().size());
        assertEquals(-60, a.darkFrames().get(0).tilt());
        assertEquals(4, a.rows().size());
        AreTomoAln.Row r = a.rows().get(2);
        assertEquals(2, r.sec());
        assertEquals(84.5, r.rot());
        assertEquals(1.01, r.gmag());
        assertEquals(1.5, r.tilt());
        assertEquals(-103.694, a.rows().get(3).ty());
        assertEquals(2, a.localAlignmentLines(), "local alignment counted, not read");
        assertArrayEquals(new int[] {-1, 0, 1, 2, 3}, a.rawSectionRows());
    }

    @Test
    void alnToXfIsAreTomosOwnExport() {
        // AreTomo's CSaveXF: a = R(-ROT) written as cos(-t), -sin(-t), sin(-t), cos(-t); shift = a * (-TX, -TY)
        AreTomoAln.Row r = new AreTomoAln.Row(0, 84.4445, 1, 13.382, 21.802, 1, 1, 1, 0, -27.71, 1);
        XfTransform x = AreTomoAln.toXf(r);
        double t = Math.toRadians(-84.4445);
        assertEquals(Math.cos(t), x.a11(), 1e-15);
        assertEquals(-Math.sin(t), x.a12(), 1e-15);
        assertEquals(Math.sin(t), x.a21(), 1e-15);
        assertEquals(Math.cos(t) * -13.382 - Math.sin(t) * -21.802, x.dx(), 1e-12);
        assertEquals(Math.sin(t) * -13.382 + Math.cos(t) * -21.802, x.dy(), 1e-12);
    }

    @Test
    void alnErrorsNameFileLineAndColumn() throws IOException {
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> AreTomoAln.read(write("a.aln", ALN.replace("    1.68000", "x").replace("1.680", "1.6x0"))));
        assertTrue(e.getMessage().contains("a.aln:10: field 'TX' = '1.6x0' is not a number"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> AreTomoAln.read(write("b.aln", "# RawSize = 1 1 1\n 0 1 1 0 0 1 1 1 0 0\n")));
        assertTrue(e.getMessage().contains("b.aln:2: data line before the column header"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> AreTomoAln.read(write("c.aln", ALN.replace(" GMAG", ""))));
        assertTrue(e.getMessage().contains("column header has no GMAG"), e.getMessage());
        AreTomoAln bad = AreTomoAln.read(write("d.aln", ALN.replace("RawSize = 4096 4096 5", "RawSize = 4096 4096 6")));
        e = assertThrows(FileFormatException.class, bad::rawSectionRows);
        assertTrue(e.getMessage().contains("RawSize says 6 views but there are 4 alignment rows and 1 dark frames"), e.getMessage());
    }

    // ---------------------------------------------------------------- CTFFIND

    private static final String CTFFIND = """
            # Output from CTFFind version 4.1.14, run on 2025-02-04 19:51:33
            # Input file: ts.mrc ; Number of micrographs: 3
            # Pixel size: 1.350 Angstroms ; acceleration voltage: 300.0 keV ; spherical aberration: 2.70 mm ; amplitude contrast: 0.07
            # Box size: 512 pixels ; min. res.: 30.0 Angstroms ; max. res.: 5.0 Angstroms ; min. def.: 5000.0 um; max. def. 50000.0 um
            # Columns: #1 - micrograph number; #2 - defocus 1 [Angstroms]; #3 - defocus 2; #4 - azimuth of astigmatism; #5 - additional phase shift [radians]; #6 - cross correlation; #7 - spacing (in Angstroms) up to which CTF rings were fit successfully
            1.000000 39527.781250 39418.410156 44.527622 0.000000 0.098171 14.626481
            2.000000 38593.777344 38453.007812 -77.46074 0.500000 0.089442 inf
            3.000000 39716.988281 39676.960938 -89.50993 0.000000 0.126386 12.573642
            """;

    @Test
    void ctffindReadsHeaderAndColumns() throws IOException {
        CtffindOutput c = CtffindOutput.read(write("diag.txt", CTFFIND));
        assertEquals("4.1.14", c.version());
        assertEquals(1.35, c.pixelSize());
        assertEquals(300, c.voltage());
        assertEquals(2.7, c.sphericalAberration());
        assertEquals(0.07, c.amplitudeContrast());
        assertEquals(7, c.columns().size());
        assertEquals(3, c.rows().size());
        CtffindOutput.Row r = c.rows().get(1);
        assertEquals(2, r.micrograph());
        assertEquals(38593.777344, r.defocus1());
        assertEquals(38453.007812, r.defocus2());
        assertEquals(-77.46074, r.azimuthDeg());
        assertEquals(0.5, r.phaseShiftRad());
        assertEquals(0.089442, r.crossCorrelation());
        assertEquals(Double.POSITIVE_INFINITY, r.fitResolution());
        assertEquals(7, r.line());
    }

    @Test
    void ctffind5ExtraColumnsAndNoHeader() throws IOException {
        String five = CTFFIND.replace("fit successfully", "fit successfully; #8 - Estimated tilt axis angle; #9 - Estimated tilt angle ; #10 Estimated sample thickness (in Angstroms)")
                .replace("14.626481", "14.626481 85.0 -57.0 1500.0").replace("inf", "inf 85.1 -54.0 1490.0").replace("12.573642", "12.573642 85.2 -51.0 1480.0");
        CtffindOutput c = CtffindOutput.read(write("d5.txt", five));
        assertArrayEquals(new double[] {85.0, -57.0, 1500.0}, c.rows().get(0).extra());
        CtffindOutput bare = CtffindOutput.read(write("bare.txt", "1 20000 19000 10 0 0.1 5\n"));
        assertEquals(19000, bare.rows().get(0).defocus2());
        assertTrue(Double.isNaN(bare.voltage()));
        FileFormatException e = assertThrows(FileFormatException.class, () -> CtffindOutput.read(write("bad.txt", CTFFIND.replace("38453.007812", "abc"))));
        assertTrue(e.getMessage().contains("bad.txt:7: field 'defocus 2' = 'abc' is not a number"), e.getMessage());
    }

    // ---------------------------------------------------------------- IMOD .defocus

    @Test
    void defocusVersion2() throws IOException {
        ImodDefocusFile d = ImodDefocusFile.read(write("v2.defocus", "1  1  -57.00  -57.00  2985.2  2\n2  2  -54.00  -54.00  3010.0\n3 5 -51 -45 3100.5\n"));
        assertEquals(2, d.version());
        assertEquals(3, d.entries().size());
        assertEquals(2985.2, d.entries().get(0).defocus1());
        assertEquals(2985.2, d.entries().get(0).defocus2());
        assertEquals(3100.5, d.forView(4).defocus1());
        assertNull(d.forView(6));
    }

    @Test
    void defocusVersion1LowByOneIsFixed() throws IOException {
        ImodDefocusFile d = ImodDefocusFile.read(write("v1.defocus", "0 0 -60 -60 3000\n1 1 -58 -58 3050\n"));
        assertEquals(1, d.version());
        assertEquals(1, d.entries().get(0).startView());
        assertEquals(3050, d.forView(2).defocus1());
    }

    @Test
    void defocusVersion3WithAstigmatismAndPhase() throws IOException {
        // flags 1 + 4 + 8: astigmatism, phase shift in radians
        ImodDefocusFile d = ImodDefocusFile.read(write("v3.defocus", "13 0 0. 0. 0 3\n"
                + "1\t1\t-60.00\t-60.00\t3100.0\t3000.0\t40.0\t0.5\n"
                + "2\t2\t-58.00\t-58.00\t2900.0\t3050.0\t-70.0\t0.0\n"));
        assertEquals(3, d.version());
        assertEquals(13, d.flags());
        ImodDefocusFile.Entry a = d.entries().get(0);
        assertEquals(3100, a.defocus1());
        assertEquals(3000, a.defocus2());
        assertEquals(40, a.astigmatismDeg());
        assertEquals(Math.toDegrees(0.5), a.phaseShiftDeg(), 1e-12);
        ImodDefocusFile.Entry b = d.entries().get(1);
        assertEquals(3050, b.defocus1(), "swapped so that defocus 1 is the larger, as IMOD does");
        assertEquals(2900, b.defocus2());
        assertEquals(20, b.astigmatismDeg(), 1e-12, "-70 - 90 = -160, brought into [-90, 90]");
    }

    @Test
    void defocusWriteReadsBack() throws IOException {
        List<ImodDefocusFile.Entry> e = List.of(new ImodDefocusFile.Entry(1, 1, -60, -60, 3100, 3000, 40, 0, 0, -1),
                ImodDefocusFile.Entry.single(2, -57.5, 2950.25));
        Path p = dir.resolve("w.defocus");
        ImodDefocusFile.write(p, e);
        ImodDefocusFile d = ImodDefocusFile.read(p);
        assertEquals(3, d.version());
        for (int i = 0; i < 2; i++) {
            assertEquals(e.get(i).defocus1(), d.entries().get(i).defocus1());
            assertEquals(e.get(i).defocus2(), d.entries().get(i).defocus2());
            assertEquals(e.get(i).astigmatismDeg(), d.entries().get(i).astigmatismDeg());
            assertEquals(e.get(i).lowAngle(), d.entries().get(i).lowAngle());
        }
        FileFormatException ex = assertThrows(FileFormatException.class, () -> ImodDefocusFile.read(write("bad.defocus", "1 0 0. 0. 0 3\n1 1 -60 -60 3000 x 10\n")));
        assertTrue(ex.getMessage().contains("bad.defocus:2: field 'defocus2' = 'x' is not a number"), ex.getMessage());
        ex = assertThrows(FileFormatException.class, () -> ImodDefocusFile.read(write("short.defocus", "1 0 0. 0. 0 3\n1 1 -60 -60 3000\n")));
        assertTrue(ex.getMessage().contains("short.defocus:2: line has 5 values, expected 7 (missing 'defocus2')"), ex.getMessage());
    }

    // ---------------------------------------------------------------- RELION 5 tilt-series STAR (real files)

    private static Path star(String name) {
        Path p = SharedData.MRC.resolveSibling("star").resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(p), "skipped: " + p + " is absent (real files live in ../shared, outside the repository)");
        return p;
    }

    @Test
    void relion5AlignedTiltSeriesFromCryocat() throws IOException {
        RelionTiltSeriesStar s = RelionTiltSeriesStar.read(star("cryocat_relion5_TS_01_tilt.star"));
        assertEquals("TS_01", s.tomoName());
        RelionTiltSeriesStar.Tilt first = s.tilts().get(0);
        // the literals of the file's first row
        assertEquals("MotionCorr/job002/frames/TS_01_038_-57_0.mrc", first.name());
        assertEquals(-56.99850, first.nominalTilt());
        assertEquals(85.0, first.nominalAxis());
        assertEquals(114.0, first.preExposure());
        assertEquals(39527.781250, first.defocusU());
        assertEquals(39418.410156, first.defocusV());
        assertEquals(44.527622, first.defocusAngle());
        assertEquals(0.0, first.xTilt());
        assertEquals(-57.0, first.yTilt());
        assertEquals(85.032958, first.zRot());
        assertEquals(34.845611, first.xShiftA());
        assertEquals(108.499417, first.yShiftA());
        assertTrue(first.aligned());
        assertEquals(-57.0, first.tilt());
        assertTrue(Double.isNaN(first.phaseShift()));
        assertEquals(35, first.line(), "first data row of the file");
        for (RelionTiltSeriesStar.Tilt t : s.tilts()) assertTrue(t.zRot() > 85.0 && t.zRot() < 85.6, "ZRot near the nominal 85");
    }

    @Test
    void relion5UnalignedTiltSeriesFromCylindra() throws IOException {
        RelionTiltSeriesStar s = RelionTiltSeriesStar.read(star("cylindra_r5_tilt_series_13pf_MT.star"));
        assertEquals("13pf_MT", s.tomoName());
        assertEquals(5, s.tilts().size());
        assertArrayEquals(new double[] {0.1, -30.1, 30.3, 59.9, -60.1}, s.tilts().stream().mapToDouble(RelionTiltSeriesStar.Tilt::tilt).toArray());
        assertTrue(!s.tilts().get(0).aligned());
        assertTrue(Double.isNaN(s.tilts().get(0).defocusU()));
        assertEquals("frames/13pf_MT_000.mrc", s.tilts().get(0).name());
    }

    @Test
    void relionTomogramsFileIsRedirected() throws IOException {
        FileFormatException e = assertThrows(FileFormatException.class, () -> RelionTiltSeriesStar.read(star("cylindra_r5_tomograms.star")));
        assertTrue(e.getMessage().contains("is a RELION tomograms file; give the tilt-series file it names in rlnTomoTiltSeriesStarFile"), e.getMessage());
        e = assertThrows(FileFormatException.class, () -> RelionTiltSeriesStar.read(star("cryocat_relion5_TS_01_tilt.star"), "TS_02"));
        assertTrue(e.getMessage().contains("no block 'data_TS_02' (blocks: data_TS_01)"), e.getMessage());
        Path bad = write("bad.star", "data_TS\nloop_\n_rlnTomoYTilt #1\n_rlnTomoZRot #2\n-60 85\n-57 abc\n");
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> RelionTiltSeriesStar.read(bad));
        assertTrue(iae.getMessage().contains("column 'rlnTomoZRot', row 1 (line 6): 'abc' is not a number"), iae.getMessage());
    }
}
