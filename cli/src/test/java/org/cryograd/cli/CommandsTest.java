package org.cryograd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.cryograd.coordnet.CnConfig;
import org.cryograd.coordnet.CoordNetReconstructor;
import org.cryograd.em.eval.QualityMetrics;
import org.cryograd.em.eval.QualityScores;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.em.phantom.PhantomKind;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.em.recon.Sirt;
import org.cryograd.em.recon.SirtOptions;
import org.cryograd.em.recon.Wbp;
import org.cryograd.fft.DirectionalFsc;
import org.cryograd.fft.Fsc;
import org.cryograd.fft.FscCurve;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.io.MrcFile;
import org.cryograd.io.TiltAngles;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every subcommand on tiny inputs, in-process: the files each writes are read back and compared with the library
 * calls the command stands for (so the wiring of options to the library is what is tested).
 */
class CommandsTest {
    @TempDir
    static Path dir;
    static Path vol, ts, tlt;
    static final int NX = 16, NY = 12, NZ = 8;

    @BeforeAll
    static void simulate() {
        vol = dir.resolve("vol.mrc");
        ts = dir.resolve("ts.mrc");
        tlt = dir.resolve("ts.tlt");
        CliRunner.Run a = CliRunner.run("simulate", "phantom", "--kind", "shapes", "--size", NX + "," + NY + "," + NZ, "--seed", "7", "--out", vol.toString());
        assertEquals(0, a.rc(), a.toString());
        CliRunner.Run b = CliRunner.run("simulate", "tilts", "--volume", vol.toString(), "--range", "-60,60", "--step", "4", "--out", ts.toString());
        assertEquals(0, b.rc(), b.toString());
    }

    static Tensor read(Path p) throws IOException {
        return MrcFile.read(p).data();
    }

    static Projector projector() {
        return new Projector(TiltGeometry.range(-60, 60, 4, TiltAxis.Y), NX, NZ);
    }

    @Test
    void phantomIsTheLibraryPhantom() throws IOException {
        Tensor v = read(vol);
        assertArrayEquals(new int[] {NZ, NY, NX}, v.dims());
        assertArrayEquals(Phantoms.make(PhantomKind.SHAPES, new Rng(7), NX, NY, NZ).toArray(), v.toArray());
        assertTrue(MrcFile.readHeader(vol).labels().get(0).contains("--kind shapes"));
    }

    @Test
    void tiltsAreTheProjectionsAndTheAnglesTheRange() throws IOException {
        double[] angles = TiltAngles.read(tlt);
        assertEquals(31, angles.length);
        assertEquals(-60, angles[0]);
        assertEquals(60, angles[30]);
        Tensor t = read(ts);
        assertArrayEquals(new int[] {31, NY, NX}, t.dims());
        assertArrayEquals(TiltSimulation.project(projector(), read(vol)).toArray(), t.toArray(), 1e-6f);
        assertTrue(MrcFile.readHeader(ts).isImageStack());
    }

    @Test
    void noisyTiltsUseTheSeededNoise() throws IOException {
        Path noisy = dir.resolve("noisy.mrc");
        CliRunner.Run r = CliRunner.run("simulate", "tilts", "--volume", vol.toString(), "--step", "4", "--snr", "5", "--seed", "3",
                "--out", noisy.toString(), "--angles", dir.resolve("noisy-angles.tlt").toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("SNR 5"), r.out());
        Tensor expect = TiltSimulation.addNoise(TiltSimulation.project(projector(), read(vol)), 5, new Rng(3));
        assertArrayEquals(expect.toArray(), read(noisy).toArray(), 1e-6f);
        assertEquals(31, TiltAngles.read(dir.resolve("noisy-angles.tlt")).length);
    }

    @Test
    void infoShowsTheHeader() {
        CliRunner.Run r = CliRunner.run("info", vol.toString(), ts.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("dimensions:       16 x 12 x 8"), r.out());
        assertTrue(r.out().contains("dimensions:       16 x 12 x 31"), r.out());
        assertTrue(r.out().contains("mode:             2 (float32"), r.out());
        assertTrue(r.out().contains("ispg:             1  (volume)"), r.out());
        assertTrue(r.out().contains("ispg:             0  (image stack"), r.out());
        assertTrue(r.out().contains("extended header:  0 bytes"), r.out());
        assertTrue(r.out().contains("0: cryograd simulate phantom --kind shapes"), r.out());
        assertTrue(r.out().contains("thickness nz=8"), r.out());
        assertTrue(r.out().contains("dmin/dmax:") && r.out().contains("rms:") && r.out().contains("origin:"), r.out());
    }

    @Test
    void wbpAndSirtAreTheLibraryReconstructions() throws IOException {
        Path w = dir.resolve("wbp.mrc"), s = dir.resolve("sirt.mrc");
        CliRunner.Run a = CliRunner.run("reconstruct", "--tilts", ts.toString(), "--method", "wbp", "--out", w.toString(), "--device", "cpu");
        assertEquals(0, a.rc(), a.toString());
        assertTrue(a.err().contains("thickness: 8 (recorded"), a.err());
        assertArrayEquals(Wbp.reconstruct(projector(), read(ts)).toArray(), read(w).toArray(), 1e-6f);
        CliRunner.Run b = CliRunner.run("reconstruct", "--tilts", ts.toString(), "--angles", tlt.toString(), "--method", "SIRT",
                "--iterations", "3", "--thickness", "8", "--out", s.toString());
        assertEquals(0, b.rc(), b.toString());
        assertArrayEquals(Sirt.reconstruct(projector(), read(ts), SirtOptions.defaults().withIterations(3)).toArray(), read(s).toArray(), 1e-6f);
        assertTrue(b.out().startsWith("wrote "), b.out());
    }

    @Test
    void cnBenchmarkRefusesAVoxelSizeThatIsNotPositive() {
        for (String v : new String[] {"0", "-5", "NaN"}) {
            CliRunner.Run r = CliRunner.run("benchmark", "cn", "--quick", "--voxel-size", v, "--out", dir.resolve("b" + v).toString());
            assertEquals(1, r.rc(), r.toString());
            assertTrue(r.err().contains("--voxel-size must be a positive number of Å"), r.err());
            assertFalse(Files.exists(dir.resolve("b" + v)), "nothing written");
        }
    }

    @Test
    void cnReconstructsRemovesItsCheckpointAndResumes() throws IOException {
        Path c = dir.resolve("cn.mrc");
        CliRunner.Run a = CliRunner.run("reconstruct", "--tilts", ts.toString(), "--method", "cn", "--preset", "quick", "--iterations", "4",
                "--chunk-iterations", "2", "--out", c.toString());
        assertEquals(0, a.rc(), a.toString());
        assertFalse(Files.exists(dir.resolve("cn.mrc.ckpt")), "checkpoint removed after success");
        int chunks = (12 + CnConfig.quick().slicesPerChunk() - 1) / CnConfig.quick().slicesPerChunk(); // 12 y-slices
        assertTrue(a.err().contains("cn chunk 1/" + chunks + ": done"), a.err());
        Tensor expect = new CoordNetReconstructor(CnConfig.quick().withIterations(4, 2)).reconstruct(projector(), read(ts));
        assertArrayEquals(expect.toArray(), read(c).toArray(), 1e-6f);

        Path c2 = dir.resolve("cn2.mrc"), ck = dir.resolve("ck");
        String[] args = {"reconstruct", "--tilts", ts.toString(), "--method", "cn", "--preset", "quick", "--iterations", "4",
            "--chunk-iterations", "2", "--checkpoint", ck.toString(), "--keep-checkpoint", "--out", c2.toString()};
        assertEquals(0, CliRunner.run(args).rc());
        assertTrue(Files.exists(ck.resolve("cn-run.txt")), "checkpoint kept");
        CliRunner.Run again = CliRunner.run(args);
        assertEquals(0, again.rc(), again.toString());
        assertTrue(again.err().contains("resuming from the checkpoint"), again.err());
        assertTrue(again.err().contains("restored from the checkpoint"), again.err());
        assertArrayEquals(expect.toArray(), read(c2).toArray(), 1e-6f);
        // without --keep-checkpoint the run's files go, and the directory with them
        String[] noKeep = java.util.Arrays.stream(args).filter(x -> !x.equals("--keep-checkpoint")).toArray(String[]::new);
        CliRunner.Run last = CliRunner.run(noKeep);
        assertEquals(0, last.rc(), last.toString());
        assertFalse(Files.exists(ck), "checkpoint directory removed");
    }

    @Test
    void metricsAreTheHarnessMetrics() throws IOException {
        Path w = dir.resolve("wbp-m.mrc");
        assertEquals(0, CliRunner.run("reconstruct", "--tilts", ts.toString(), "--method", "wbp", "--out", w.toString()).rc());
        QualityScores q = QualityMetrics.measure(read(vol), read(w));
        FscCurve f = Fsc.compute(read(vol), read(w), 1.0);
        CliRunner.Run t = CliRunner.run("metrics", "--ref", vol.toString(), "--test", w.toString());
        assertEquals(0, t.rc(), t.toString());
        assertTrue(t.out().contains(String.format(Locale.ROOT, "PSNR           %.3f dB", q.psnr())), t.out());
        assertTrue(t.out().contains(String.format(Locale.ROOT, "SSIM           %.4f", q.ssim())), t.out());
        assertTrue(t.out().contains(String.format(Locale.ROOT, "VIF-P          %.4f", q.vif())), t.out());
        assertTrue(t.out().contains("matched to the reference's mean and std"), t.out());
        CliRunner.Run c = CliRunner.run("metrics", "--ref", vol.toString(), "--test", w.toString(), "--csv");
        assertEquals(0, c.rc(), c.toString());
        String[] lines = c.out().strip().split("\\R");
        assertEquals("psnr,ssim,vif,fsc05_resolution,fsc0143_resolution,resolution_unit", lines[0]);
        String[] v = lines[1].split(",");
        assertEquals(q.psnr(), Double.parseDouble(v[0]), 1e-4);
        assertEquals(q.ssim(), Double.parseDouble(v[1]), 1e-5);
        assertEquals(q.vif(), Double.parseDouble(v[2]), 1e-5);
        if (Double.isNaN(f.resolution05())) assertEquals("nan", v[3]);
        else assertEquals(f.resolution05(), Double.parseDouble(v[3]), 1e-4);
        assertEquals("px", v[5]);
    }

    @Test
    void fscWritesCsvAndPlot() throws IOException {
        Path w = dir.resolve("wbp-f.mrc"), csv = dir.resolve("out/fsc.csv"), png = dir.resolve("out/fsc.png");
        assertEquals(0, CliRunner.run("reconstruct", "--tilts", ts.toString(), "--method", "wbp", "--out", w.toString()).rc());
        CliRunner.Run r = CliRunner.run("fsc", vol.toString(), w.toString(), "--out", csv.toString(), "--png", png.toString(),
                "--angles", tlt.toString(), "--directional");
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("missing region"), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("shell,frequency,resolution,fsc,present,missing", lines.get(0));
        FscCurve f = Fsc.compute(read(vol), read(w), 1.0);
        DirectionalFsc d = DirectionalFsc.compute(read(vol), read(w), 1.0, new TiltGeometry(TiltAngles.read(tlt), TiltAxis.Y));
        assertEquals(f.shells() + 1, lines.size());
        for (int s = 1; s < f.shells(); s++) {
            String[] c = lines.get(s + 1).split(",");
            assertEquals(f.fsc()[s], Double.parseDouble(c[3]), 1e-8);
            assertEquals(d.present().fsc()[s], Double.parseDouble(c[4]), 1e-8);
            assertEquals(d.missing().fsc()[s], Double.parseDouble(c[5]), 1e-8);
        }
        assertTrue(ImageIO.read(png.toFile()).getWidth() >= 200);
        CliRunner.Run plain = CliRunner.run("fsc", vol.toString(), w.toString());
        assertEquals(0, plain.rc(), plain.toString());
        assertTrue(plain.out().contains("FSC 0.5:"), plain.out());
    }

    @Test
    void helpAndVersion() {
        CliRunner.Run v = CliRunner.run("--version");
        assertEquals(0, v.rc());
        assertTrue(v.out().startsWith("cryograd "), v.out());
        for (String cmd : List.of("demo", "info", "simulate", "reconstruct", "metrics", "fsc")) {
            CliRunner.Run h = CliRunner.run(cmd, "--help");
            assertEquals(0, h.rc(), cmd);
            assertTrue(h.out().contains("Usage: cryograd " + cmd), h.out());
            assertTrue(h.out().contains("--device"), cmd + " inherits the global options: " + h.out());
        }
        assertFalse(CliRunner.run("demo", "--help").out().contains("--cn-iterations"), "test-only options are hidden");
    }
}
