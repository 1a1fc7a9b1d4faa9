package org.cryograd.cli;

import static org.cryograd.cli.ErrorsTest.fails;
import static org.cryograd.cli.ErrorsTest.says;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cryograd.em.ctf.DoseWeighting;
import org.cryograd.em.ctf.Microscope;
import org.cryograd.em.ctf.TiltCtfCorrection;
import org.cryograd.em.geometry.Defocus;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSeriesGeometry;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.em.geometry.ViewGeometry;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.em.recon.Wbp;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.io.ImodAlignmentFiles;
import org.cryograd.io.Mdoc;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.MrcWriter;
import org.cryograd.io.TiltAngles;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reconstruct on a raw stack with its alignment (--xf, --aln, --tilt-star), dose and CTF files (--mdoc, --defocus),
 * --dose-weight, --ctf-correct, --exclude-views, --aligned-out; rescale; train-dual's voxel-size check; metrics' and
 * fsc's anisotropic-voxel warning; the big-endian note. Expected volumes come from the library calls.
 */
class RealDataCommandsTest {
    private static final int N = 40, NZ = 12;
    private static final double PX = 8.0;
    private static final double[] TILTS = TiltGeometry.range(-60, 60, 4, TiltAxis.Y).anglesDeg();

    @TempDir Path dir;
    private TiltSeriesGeometry geometry;
    private Tensor volume;
    private Path raw, xf, tlt;

    @BeforeEach
    void setUp() throws IOException {
        List<ViewGeometry> v = new ArrayList<>();
        for (int i = 0; i < TILTS.length; i++)
            v.add(ViewGeometry.ideal(TILTS[i]).withAlignment(-84.5 + 0.4 * Math.sin(i), 1, 2.5 * Math.cos(i), -1.5 * Math.sin(0.7 * i))
                    .withExposure(3.0 * i, 3.0).withDefocus(new Defocus(30000 + 100 * i, 29500 + 100 * i, 15, 0)));
        geometry = new TiltSeriesGeometry(v, PX);
        float[] a = Phantoms.spheres(new Rng(4), N, N, NZ).toArray();
        for (int z = 0; z < NZ; z++)
            for (int y = 0; y < N; y++)
                for (int x = 0; x < N; x++)
                    if (Math.hypot(x - (N - 1) / 2.0, y - (N - 1) / 2.0) > 12) a[(z * N + y) * N + x] = 0;
        volume = Tensor.of(a, NZ, N, N);
        Tensor stack = new Projector(geometry, N, NZ).projectToDetector(volume);
        raw = dir.resolve("ts.st");
        MrcWriter.write(raw, stack, MrcHeader.builder(N, N, TILTS.length).imageStack().voxelSize(PX).build());
        xf = dir.resolve("ts.xf");
        ImodAlignmentFiles.writeXf(xf, geometry.toXf(), true);
        tlt = dir.resolve("ts.tlt");
        TiltAngles.write(tlt, TILTS);
    }

    private static float[] read(Path p) throws IOException {
        return MrcFile.read(p).data().toArray();
    }

    private static double correlation(float[] x, float[] y) {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.length; i++) {
            sx += x[i];
            sy += y[i];
            sxx += x[i] * (double) x[i];
            syy += y[i] * (double) y[i];
            sxy += x[i] * (double) y[i];
        }
        int n = x.length;
        return (sxy / n - sx / n * sy / n) / Math.sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
    }

    private CliRunner.Run ok(String... args) {
        CliRunner.Run r = CliRunner.run(args);
        assertEquals(0, r.rc(), r.toString());
        return r;
    }

    @Test
    void rawStackWithXfReconstructsLikeTheAlignedCase() throws IOException {
        Path out = dir.resolve("rec.mrc");
        CliRunner.Run r = ok("reconstruct", "--tilts", raw.toString(), "--angles", tlt.toString(), "--xf", xf.toString(), "--method", "wbp",
                "--thickness", Integer.toString(NZ), "--out", out.toString(), "--device", "cpu");
        assertTrue(r.err().contains("geometry: 31 views (0 excluded), tilt -60.0..60.0 deg, tilt axis"), r.err());
        float[] got = read(out);
        // the library on the same files
        TiltSeriesGeometry g = TiltSeriesGeometry.ideal(TILTS);
        List<ViewGeometry> v = new ArrayList<>();
        for (int i = 0; i < TILTS.length; i++) {
            double[] a = ViewGeometry.fromXf(ImodAlignmentFiles.readXf(xf).get(i));
            v.add(g.view(i).withAlignment(a[0], a[1], a[2], a[3]));
        }
        Tensor expect = Wbp.reconstruct(new Projector(new TiltSeriesGeometry(v, PX), N, NZ), MrcFile.read(raw).data());
        assertArrayEquals(expect.toArray(), got, 1e-6f);
        // and it is the aligned reconstruction
        Projector ideal = new Projector(TiltSeriesGeometry.ideal(TILTS), N, NZ);
        float[] ref = Wbp.reconstruct(ideal, TiltSimulation.project(ideal, volume)).toArray();
        assertTrue(correlation(ref, got) > 0.98, "r = " + correlation(ref, got));
        Path plain = dir.resolve("plain.mrc");
        ok("reconstruct", "--tilts", raw.toString(), "--angles", tlt.toString(), "--method", "wbp", "--thickness", Integer.toString(NZ), "--out",
                plain.toString());
        assertTrue(correlation(ref, read(plain)) < 0.5, "without the alignment: r = " + correlation(ref, read(plain)));
    }

    @Test
    void alnAndTiltStarGiveTheSameGeometry() throws IOException {
        StringBuilder aln = new StringBuilder("# AreTomo Alignment / Priims bprmMn\n# RawSize = 40 40 31\n# NumPatches = 0\n"
                + "# SEC     ROT         GMAG       TX          TY      SMEAN     SFIT    SCALE     BASE     TILT\n");
        StringBuilder star = new StringBuilder("data_ts\n\nloop_\n_rlnTomoNominalStageTiltAngle #1\n_rlnTomoXTilt #2\n_rlnTomoYTilt #3\n_rlnTomoZRot #4\n"
                + "_rlnTomoXShiftAngst #5\n_rlnTomoYShiftAngst #6\n_rlnMicrographPreExposure #7\n");
        for (int i = 0; i < TILTS.length; i++) {
            ViewGeometry v = geometry.view(i);
            aln.append(String.format(Locale.ROOT, "%5d %.10f 1.00000 %.10f %.10f 1.00 1.00 1.00 0.00 %.4f%n", i, v.rotationDeg(), v.shiftX(), v.shiftY(), v.tiltDeg()));
            star.append(String.format(Locale.ROOT, "%.4f 0.0 %.4f %.10f %.10f %.10f %.1f%n", v.tiltDeg(), v.tiltDeg(), v.rotationDeg(), v.shiftX() * PX,
                    v.shiftY() * PX, v.preExposure()));
        }
        Path a = dir.resolve("ts.aln"), s = dir.resolve("ts_tilt.star");
        Files.writeString(a, aln);
        Files.writeString(s, star);
        Path o1 = dir.resolve("aln.mrc"), o2 = dir.resolve("star.mrc"), o3 = dir.resolve("xf.mrc");
        ok("reconstruct", "--tilts", raw.toString(), "--aln", a.toString(), "--method", "wbp", "--thickness", Integer.toString(NZ), "--out", o1.toString());
        ok("reconstruct", "--tilts", raw.toString(), "--tilt-star", s.toString(), "--method", "wbp", "--thickness", Integer.toString(NZ), "--out", o2.toString());
        ok("reconstruct", "--tilts", raw.toString(), "--angles", tlt.toString(), "--xf", xf.toString(), "--method", "wbp", "--thickness",
                Integer.toString(NZ), "--out", o3.toString());
        float[] x = read(o3);
        assertArrayEquals(x, read(o1), 2e-4f);
        assertArrayEquals(x, read(o2), 2e-4f);
    }

    @Test
    void mdocDoseWeightingCtfCorrectionExclusionAndAlignedOutput() throws IOException {
        Mdoc.Builder b = Mdoc.builder().global("PixelSpacing", PX).global("Voltage", 300).title("Tilt axis angle = -84.5, binning = 1");
        for (int i = 0; i < TILTS.length; i++)
            b.section("ZValue", Integer.toString(i)).put("TiltAngle", TILTS[i]).put("ExposureDose", 3.0).put("PriorRecordDose", geometry.view(i).preExposure());
        Path mdoc = dir.resolve("ts.st.mdoc");
        b.build().write(mdoc);
        StringBuilder c = new StringBuilder("# Output from CTFFind version 4.1.14\n# Pixel size: 8.000 Angstroms ; acceleration voltage: 300.0 keV ; "
                + "spherical aberration: 2.70 mm ; amplitude contrast: 0.07\n");
        for (int i = 0; i < TILTS.length; i++) {
            Defocus d = geometry.view(i).defocus();
            c.append(String.format(Locale.ROOT, "%d.000000 %.6f %.6f %.6f 0.000000 0.05 10.0%n", i + 1, d.u(), d.v(), d.angleDeg()));
        }
        Path ctf = dir.resolve("diag.txt");
        Files.writeString(ctf, c);
        Path out = dir.resolve("rec.mrc"), ali = dir.resolve("ts_ali.mrc");
        CliRunner.Run r = ok("reconstruct", "--tilts", raw.toString(), "--mdoc", mdoc.toString(), "--xf", xf.toString(), "--defocus", ctf.toString(),
                "--ctf-correct", "--dose-weight", "--exclude-views", "1,31", "--aligned-out", ali.toString(), "--method", "wbp", "--thickness",
                Integer.toString(NZ), "--out", out.toString());
        assertTrue(r.err().contains("note: " + mdoc + ": tilt axis angle -84.50 deg (not applied"), r.err());
        assertTrue(r.err().contains("dose weighting: Grant & Grigorieff exposure filter, 300 kV, exposures 3..87 e/Å²"), r.err());
        assertTrue(r.err().contains("ctf: phase flipped, 300 kV, Cs 2.7 mm, amplitude contrast 0.07, strips within 2000 Å of defocus"), r.err());
        // the library pipeline: align the included views, dose-weight, phase-flip, reconstruct as aligned
        TiltSeriesGeometry g = geometry.withExcluded(0, 30);
        Projector p = new Projector(g, N, NZ);
        Tensor aligned = p.toModelFrame(MrcFile.read(raw).data());
        aligned = DoseWeighting.apply(aligned, g, PX, 300);
        aligned = TiltCtfCorrection.phaseFlip(aligned, g, new Microscope(300, 2.7, 0.07), PX, TiltCtfCorrection.Options.defaults());
        assertArrayEquals(aligned.toArray(), read(ali), 2e-5f);
        double[] aliTilts = TiltAngles.read(dir.resolve("ts_ali.tlt"));
        assertEquals(29, aliTilts.length);
        assertEquals(-56, aliTilts[0]);
        Tensor expect = Wbp.reconstruct(new Projector(TiltSeriesGeometry.ideal(g.includedTilts()), N, NZ), aligned);
        assertArrayEquals(expect.toArray(), read(out), 1e-4f);
        assertEquals(PX, MrcFile.read(out).header().voxelSize()[0], 1e-6);
    }

    @Test
    void geometryErrorsAreOneLine() throws IOException {
        Path out = dir.resolve("r.mrc");
        Path shortXf = dir.resolve("short.xf");
        Files.writeString(shortXf, "1 0 0 1 0 0\n");
        fails(1, says("--xf", "short.xf: describes 1 views (lines) but the tilt series has 31 views"), "reconstruct", "--tilts", raw.toString(),
                "--angles", tlt.toString(), "--xf", shortXf.toString(), "--out", out.toString());
        Path badXf = dir.resolve("bad.xf");
        Files.writeString(badXf, "1 0 0 1 0 0\n1 0 0 q 0 0\n");
        fails(1, says("--xf", "bad.xf:2: field 'A22' = 'q' is not a number"), "reconstruct", "--tilts", raw.toString(), "--angles", tlt.toString(),
                "--xf", badXf.toString(), "--out", out.toString());
        fails(1, says("--ctf-correct needs a defocus for every view; view 1 has none"), "reconstruct", "--tilts", raw.toString(), "--angles",
                tlt.toString(), "--ctf-correct", "--out", out.toString());
        fails(1, says("--dose-weight needs the exposure before every view; view 1 has none"), "reconstruct", "--tilts", raw.toString(), "--angles",
                tlt.toString(), "--dose-weight", "--out", out.toString());
        fails(1, says("--exclude-views 0: view 0 is outside 1..31"), "reconstruct", "--tilts", raw.toString(), "--angles", tlt.toString(),
                "--exclude-views", "0", "--out", out.toString());
        fails(1, says("--exclude-views 1-31: no view would be left"), "reconstruct", "--tilts", raw.toString(), "--angles", tlt.toString(),
                "--exclude-views", "1-31", "--out", out.toString());
        Path mdoc = dir.resolve("m.mdoc");
        Files.writeString(mdoc, "[ZValue = 0]\nTiltAngle = 0\n");
        fails(1, says("--mdoc", "m.mdoc describes 1 views but", "has 31 (sections)"), "reconstruct", "--tilts", raw.toString(), "--mdoc",
                mdoc.toString(), "--out", out.toString());
    }

    @Test
    void rescaleBinsAndPadsWithTheHeaderUpdated() throws IOException {
        // a band-limited map at 5 A: binning by 2 keeps it exactly
        int n = 32;
        float[] a = new float[n * n * n];
        for (int z = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                    a[(z * n + y) * n + x] = (float) (1 + Math.cos(2 * Math.PI * 3 * x / n) * Math.sin(2 * Math.PI * 2 * y / n) + 0.5 * Math.cos(2 * Math.PI * z / n));
        Path in = dir.resolve("map.mrc"), out = dir.resolve("map10.mrc"), back = dir.resolve("map5.mrc");
        MrcWriter.write(in, Tensor.of(a, n, n, n), MrcHeader.builder(n, n, n).volume().voxelSize(5).build());
        CliRunner.Run r = ok("rescale", in.toString(), out.toString(), "--to-angstrom", "10");
        assertTrue(r.out().contains("32x32x32 -> 16x16x16, voxel 5 -> 10 x 10 x 10 Å"), r.out());
        MrcFile m = MrcFile.read(out);
        assertArrayEquals(new double[] {10, 10, 10}, m.header().voxelSize(), 1e-6);
        float[] b = m.data().toArray();
        int k = n / 2;
        for (int z = 0; z < k; z++)
            for (int y = 0; y < k; y++)
                for (int x = 0; x < k; x++)
                    assertEquals(1 + Math.cos(2 * Math.PI * 3 * x / k) * Math.sin(2 * Math.PI * 2 * y / k) + 0.5 * Math.cos(2 * Math.PI * z / k),
                            b[(z * k + y) * k + x], 1e-5);
        ok("rescale", out.toString(), back.toString(), "--to-angstrom", "5");
        assertArrayEquals(a, read(back), 1e-5f, "padding back restores the band-limited map");
        // a tilt series keeps its sections
        Path ts = dir.resolve("ts_bin.mrc");
        ok("rescale", raw.toString(), ts.toString(), "--to-angstrom", "16");
        MrcFile t = MrcFile.read(ts);
        assertEquals(List.of(20, 20, 31), List.of(t.header().nx(), t.header().ny(), t.header().nz()));
        assertTrue(t.header().isImageStack());
        assertEquals(16, t.header().voxelSize()[0], 1e-6);
        // no voxel size: refused
        Path nov = dir.resolve("nov.mrc");
        MrcWriter.write(nov, Tensor.of(a, n, n, n), MrcHeader.builder(n, n, n).volume().build());
        fails(1, says("nov.mrc has no voxel size in its header", "--from-angstrom"), "rescale", nov.toString(), dir.resolve("o.mrc").toString(),
                "--to-angstrom", "10");
        ok("rescale", nov.toString(), dir.resolve("o.mrc").toString(), "--to-angstrom", "10", "--from-angstrom", "5");
    }

    @Test
    void trainDualRefusesDomainsOfDifferentVoxelSizes() throws IOException {
        int n = 36;
        Tensor v = Phantoms.spheres(new Rng(1), n, n, 34);
        Path noisy = dir.resolve("noisy.mrc"), clean = dir.resolve("clean.mrc");
        MrcWriter.write(noisy, v, MrcHeader.builder(n, n, 34).volume().voxelSize(10).build());
        MrcWriter.write(clean, v, MrcHeader.builder(n, n, 34).volume().voxelSize(12).build());
        fails(1, says("the noisy volumes have 10 Å voxels but the clean ones 12 Å (20.0 % apart)", "--rescale-to"), "train-dual", "--noisy",
                noisy.toString(), "--clean", clean.toString(), "--out", dir.resolve("run").toString());
        CliRunner.Run r = ok("train-dual", "--noisy", noisy.toString(), "--clean", clean.toString(), "--rescale-to", "10", "--out",
                dir.resolve("run").toString(), "--epochs", "1", "--steps-per-epoch", "1");
        assertTrue(r.err().contains("rescaled 1 clean volume(s) to 10 Å"), r.err());
        MrcFile re = MrcFile.read(dir.resolve("run/rescaled/clean/000_clean.mrc"));
        assertEquals(43, re.header().nx(), "36 x 12 / 10 = 43.2 -> 43");
    }

    @Test
    void anisotropicVoxelsAndBigEndianAreNoted() throws IOException {
        int n = 16;
        Tensor v = Phantoms.spheres(new Rng(2), n, n, n);
        Path a = dir.resolve("a.mrc"), b = dir.resolve("b.mrc");
        MrcWriter.write(a, v, MrcHeader.builder(n, n, n).volume().voxelSize(5, 5, 6).build());
        MrcWriter.write(b, v, MrcHeader.builder(n, n, n).volume().voxelSize(5).byteOrder(ByteOrder.BIG_ENDIAN).build());
        CliRunner.Run m = ok("metrics", "--ref", a.toString(), "--test", b.toString());
        assertTrue(m.err().contains("warning: --ref " + a + " has anisotropic voxels (x 5, y 5, z 6 Å); the FSC uses x's 5 Å for all three axes"), m.err());
        assertTrue(m.err().contains("note: --test " + b + " is big-endian (machine stamp 0x11 0x11); read and converted"), m.err());
        CliRunner.Run f = ok("fsc", a.toString(), b.toString());
        assertTrue(f.err().contains("has anisotropic voxels"), f.err());
        CliRunner.Run g = ok("fsc", b.toString(), a.toString());
        assertTrue(!g.err().contains("anisotropic"), "only the file whose voxel size is used: " + g.err());
    }
}
