package org.cryograd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cryograd.em.eval.QualityMetrics;
import org.cryograd.em.eval.QualityScores;
import org.cryograd.em.phantom.PhantomKind;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.io.MrcFile;
import org.cryograd.io.TiltAngles;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo at a test-only tiny size: every output is there, and the table's numbers are those of the written volumes. */
class DemoTest {
    @Test
    void tinyDemoWritesEverythingAndSummarises(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("demo");
        CliRunner.Run r = CliRunner.run("demo", "--out", out.toString(), "--size", "16,16,8", "--cn-iterations", "3,2", "--sirt-iterations", "2",
                "--kind", "spheres", "--seed", "4");
        assertEquals(0, r.rc(), r.toString());

        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("method,psnr,ssim,vif,seconds", metrics.get(0));
        assertEquals(4, metrics.size());
        Tensor truth = MrcFile.read(out.resolve("phantom.mrc")).data();
        assertArrayEquals(Phantoms.make(PhantomKind.SPHERES, new Rng(4), 16, 16, 8).toArray(), truth.toArray());
        String[] names = {"wbp", "sirt", "cn"};
        for (int i = 0; i < 3; i++) {
            String[] c = metrics.get(i + 1).split(",");
            assertEquals(names[i], c[0]);
            QualityScores q = QualityMetrics.measure(truth, MrcFile.read(out.resolve("rec_" + names[i] + ".mrc")).data());
            assertEquals(q.psnr(), Double.parseDouble(c[1]), 1e-5 * Math.abs(q.psnr()));
            assertEquals(q.ssim(), Double.parseDouble(c[2]), 1e-6);
            assertEquals(q.vif(), Double.parseDouble(c[3]), 1e-6);
            assertTrue(Double.parseDouble(c[4]) >= 0);
        }
        // the long table holds the same scores at full precision, every timing, the phantom as the data and the seed
        List<String> lng = Files.readAllLines(out.resolve("results_long.csv"));
        assertEquals("benchmark,method,data,seed,metric,value", lng.get(0));
        assertEquals(1 + 3 * (7 + 2), lng.size());
        for (int i = 0; i < 3; i++) {
            String[] c = metrics.get(i + 1).split(",");
            String psnr = lng.stream().filter(l -> l.startsWith("demo," + c[0] + ",spheres,4,psnr,")).findFirst().orElseThrow();
            assertEquals(Double.parseDouble(c[1]), Double.parseDouble(psnr.split(",")[5]), 1e-6 * Math.abs(Double.parseDouble(c[1])));
            String run = lng.stream().filter(l -> l.startsWith("demo," + c[0] + ",spheres,4,run_seconds,")).findFirst().orElseThrow();
            assertEquals(Double.parseDouble(c[4]), Double.parseDouble(run.split(",")[5]), 1e-6);
        }
        List<String> record = Files.readAllLines(out.resolve("run.txt"));
        assertEquals("command: cryograd demo --out " + out + " --size 16,16,8 --cn-iterations 3,2 --sirt-iterations 2 --kind spheres --seed 4",
                record.get(0));
        assertTrue(record.get(1).matches("commit: ([0-9a-f]{7,}( \\(with uncommitted changes\\))?|unknown)"), record.get(1));
        assertTrue(record.get(2).startsWith("machine: ") && record.get(2).contains(" cores, "), record.get(2));
        assertTrue(record.get(4).matches("wall seconds: \\d+\\.\\d"), record.get(4));
        assertEquals(61, TiltAngles.read(out.resolve("tilts.tlt")).length);
        assertArrayEquals(new int[] {61, 16, 16}, MrcFile.read(out.resolve("tilts.mrc")).data().dims());
        for (String f : List.of("fsc.csv", "fsc_directional.csv"))
            assertTrue(Files.readAllLines(out.resolve(f)).get(0).startsWith("shell,frequency,resolution,wbp"), f);
        for (String f : List.of("fsc.png", "fsc_present.png", "fsc_missing.png", "slices.png", "slices_truth.png", "slices_wbp.png",
                "slices_sirt.png", "slices_cn.png"))
            assertTrue(ImageIO.read(out.resolve(f).toFile()).getWidth() > 0, f);

        String s = r.out();
        assertTrue(s.contains("cryograd demo: spheres phantom 16x16x8"), s);
        assertTrue(s.contains("outputs in " + Ui.show(out) + "/"), s);
        for (String f : List.of("phantom.mrc", "tilts.mrc", "tilts.tlt", "rec_wbp.mrc", "rec_sirt.mrc", "rec_cn.mrc", "metrics.csv", "fsc.png",
                "fsc_missing.png", "slices.png"))
            assertTrue(s.contains(f), f + " in the summary:\n" + s);
        for (String m : names) assertTrue(s.lines().anyMatch(l -> l.startsWith(m + " ")), m + " row in the table:\n" + s);
        assertTrue(r.err().contains("device: cpu"), "the device choice is logged: " + r.err());
        assertTrue(r.err().contains("no noise"), "noiseless by default, as the paper: " + r.err());
    }
}
