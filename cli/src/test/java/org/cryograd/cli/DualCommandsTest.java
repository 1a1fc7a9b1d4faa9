package org.cryograd.cli;

import static org.cryograd.cli.ErrorsTest.fails;
import static org.cryograd.cli.ErrorsTest.says;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryograd.dual.Augment;
import org.cryograd.dual.DualModel;
import org.cryograd.dual.Volume;
import org.cryograd.em.denoise.Baseline;
import org.cryograd.em.denoise.Baselines;
import org.cryograd.em.pick.DogPicker;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.pick.PickMatching;
import org.cryograd.em.pick.PickStar;
import org.cryograd.io.MrcFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-dual, denoise and simulate dual end to end on tiny volumes, and their one-line errors. */
class DualCommandsTest {
    @TempDir
    Path dir;

    private Path phantom(String name, String kind, int seed) {
        Path p = dir.resolve(name);
        CliRunner.Run r = CliRunner.run("simulate", "phantom", "--kind", kind, "--size", "36,36,34", "--seed", Integer.toString(seed), "--out", p.toString());
        assertEquals(0, r.rc(), r.toString());
        return p;
    }

    @Test
    void trainDenoiseSimulate() throws IOException {
        Path noisyDir = Files.createDirectories(dir.resolve("noisy"));
        Path n1 = phantom("noisy/a.mrc", "spheres", 1), c1 = phantom("clean.mrc", "shapes", 2);
        assertTrue(Files.exists(n1));
        Path out = dir.resolve("run");
        CliRunner.Run t = CliRunner.run("train-dual", "--noisy", noisyDir.toString(), "--clean", c1.toString(), "--out", out.toString(),
                "--epochs", "1", "--steps-per-epoch", "2", "--lr-decay", "0.5", "--histogram-bins", "12", "--kl-memory", "40",
                "--lambda-kl", "0.7");
        assertEquals(0, t.rc(), t.toString());
        assertTrue(Files.exists(out.resolve("model").resolve("weights.safetensors")), t.toString());
        assertTrue(Files.exists(out.resolve("losses.csv")));

        Path den = dir.resolve("den.mrc");
        CliRunner.Run d = CliRunner.run("denoise", "--model", out.toString(), "--in", n1.toString(), "--out", den.toString());
        assertEquals(0, d.rc(), d.toString());
        MrcFile in = MrcFile.read(n1), res = MrcFile.read(den);
        assertEquals(in.data().shape(), res.data().shape(), "denoised volume keeps the input's size");
        for (float v : res.data().toArray()) assertTrue(Float.isFinite(v));
        // the default averages the denoiser over the 4 wedge-preserving flips; --single-pass runs it once per tile
        DualModel lib = DualModel.load(out.resolve("model"));
        assertEquals(0.5, lib.config().lrDecay(), "--lr-decay reaches the saved config");
        assertEquals(12, lib.config().histogramBins(), "--histogram-bins reaches the saved config");
        assertEquals(40, lib.config().klMemory(), "--kl-memory reaches the saved config");
        assertEquals(0.7, lib.config().lambdaKl(), "--lambda-kl reaches the saved config");
        assertTrue(Files.exists(out.resolve("model").resolve(DualModel.REGISTRATION)), "training ends with the registration check");
        int[] dims = in.data().dims();
        Volume inVol = new Volume(in.data().toArray(), dims[0], dims[1], dims[2]);
        assertArrayEquals(lib.denoise(inVol, Augment.WEDGE_PRESERVING).data(), res.data().toArray());
        Path single = dir.resolve("single.mrc");
        CliRunner.Run d1 = CliRunner.run("denoise", "--model", out.toString(), "--in", n1.toString(), "--out", single.toString(), "--single-pass");
        assertEquals(0, d1.rc(), d1.toString());
        assertArrayEquals(lib.denoise(inVol).data(), MrcFile.read(single).data().toArray());
        Path wide = dir.resolve("wide.mrc");
        CliRunner.Run d2 = CliRunner.run("denoise", "--model", out.toString(), "--in", n1.toString(), "--out", wide.toString(), "--overlap", "16");
        assertEquals(0, d2.rc(), d2.toString());
        assertArrayEquals(lib.withTileOverlap(16).denoise(inVol, Augment.WEDGE_PRESERVING).data(), MrcFile.read(wide).data().toArray());
        fails(1, says("--overlap", "[0, 32)", "40"), "denoise", "--model", out.toString(), "--in", n1.toString(), "--out",
                dir.resolve("bad.mrc").toString(), "--overlap", "40");

        Path sims = dir.resolve("sims");
        CliRunner.Run s = CliRunner.run("simulate", "dual", "--model", out.resolve("model").toString(), "--in", c1.toString(), "--draws", "2",
                "--out", sims.toString());
        assertEquals(0, s.rc(), s.toString());
        try (var files = Files.list(sims)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".mrc")).count(), s.toString());
        }
    }

    @Test
    void benchmarkOverSeedsWritesTheMeanAndEachRun() throws IOException {
        Path out = dir.resolve("seeds");
        CliRunner.Run b = CliRunner.run("benchmark", "dual", "--size", "36,36,34", "--steps", "1", "--seeds", "4,5", "--out", out.toString());
        assertEquals(0, b.rc(), b.toString());
        for (String s : List.of("seed_4", "seed_5")) assertTrue(Files.exists(out.resolve(s).resolve("results.csv")), s);
        List<String> mean = Files.readAllLines(out.resolve("results.csv")), by = Files.readAllLines(out.resolve("results_by_seed.csv"));
        assertEquals("method,psnr,ssim,f1", mean.get(0));
        assertEquals(6, mean.size());
        assertEquals(11, by.size());
        // the printed mean of the raw tomogram's PSNR is the mean of the two runs' values
        double p4 = Double.parseDouble(Files.readAllLines(out.resolve("seed_4").resolve("results.csv")).get(1).split(",")[1]);
        double p5 = Double.parseDouble(Files.readAllLines(out.resolve("seed_5").resolve("results.csv")).get(1).split(",")[1]);
        assertEquals((p4 + p5) / 2, Double.parseDouble(mean.get(1).split(",")[1]), 1.01e-4);
        assertTrue(b.out().lines().anyMatch(l -> l.startsWith("none ") && l.contains("±")), b.out());
        fails(1, says("--seeds", "each seed once"), "benchmark", "dual", "--seeds", "3,3", "--out", dir.resolve("b2").toString());
    }

    @Test
    void benchmarkHelpListsTheRegisteredBaselines() {
        CliRunner.Run h = CliRunner.run("benchmark", "dual", "--help");
        assertEquals(0, h.rc(), h.toString());
        // picocli wraps lines (also at '-'), so compare without white space
        String text = h.out().replaceAll("\\s+", "");
        for (Baseline<?> b : Baselines.ALL)
            assertTrue(text.contains((b.name() + ": " + b.description()).replaceAll("\\s+", "")), b.name() + " in:\n" + h.out());
        assertTrue(text.contains(("Baselines (" + String.join(", ", Baselines.names()) + "):").replaceAll("\\s+", "")), h.out());
    }

    @Test
    void benchmarkAndPick() throws IOException {
        Path out = dir.resolve("bench");
        CliRunner.Run b = CliRunner.run("benchmark", "dual", "--size", "36,36,34", "--steps", "2", "--lr-decay", "0.5", "--write-data", "--out",
                out.toString());
        assertEquals(0, b.rc(), b.toString());
        assertEquals(0.5, DualModel.load(out.resolve("dual-run").resolve("model")).config().lrDecay(), "--lr-decay reaches DUAL's training");
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        List<String> methods = new java.util.ArrayList<>(List.of("none"));
        methods.addAll(Baselines.names());
        methods.add("dual");
        assertEquals(methods, rows.stream().skip(1).map(l -> l.split(",")[0]).toList());
        assertEquals("method,psnr,ssim,f1", rows.get(0));
        for (String m : methods) assertTrue(b.out().lines().anyMatch(l -> l.startsWith(m + " ")), b.out());
        assertTrue(Files.readString(out.resolve("run.txt")).startsWith("command: cryograd benchmark dual --size 36,36,34 --steps 2 "), b.toString());
        assertEquals(1 + methods.size() * 7, Files.readAllLines(out.resolve("results_long.csv")).size());
        // the per-class table printed after the scores shows picking_breakdown.csv's counts
        List<String> breakdown = Files.readAllLines(out.resolve("picking_breakdown.csv"));
        String[] dualClass0 = breakdown.stream().filter(l -> l.startsWith("dual,class0,")).findFirst().orElseThrow().split(",");
        List<String> printed = b.out().lines().dropWhile(l -> !l.startsWith("particles found per class")).toList();
        assertTrue(printed.stream().anyMatch(l -> l.startsWith("dual ") && l.contains(" " + dualClass0[4] + "/" + dualClass0[2] + " ")), b.out());

        // pick on the written test tomogram against its particle list: the CLI reproduces the library's picks and F1
        Path tomo = out.resolve("test_none.mrc"), truth = out.resolve("truth_particles.star"), picks = dir.resolve("picks.star");
        CliRunner.Run p = CliRunner.run("pick", "--in", tomo.toString(), "--sigma", "1.7", "--top", "8", "--nms", "4", "--polarity", "bright",
                "--out", picks.toString(), "--truth", truth.toString(), "--match", "2.5");
        assertEquals(0, p.rc(), p.toString());
        float[] v = MrcFile.read(tomo).data().toArray();
        int[] d = MrcFile.read(tomo).data().dims();
        // default border: floor(sqrt(3) 1.7) = 2 voxels
        List<Pick> want = new DogPicker(1.7, 1.1, 4, 8, DogPicker.Polarity.BRIGHT, 2).pick(v, d[0], d[1], d[2]);
        assertEquals(want, PickStar.read(picks));
        double f1 = PickMatching.match(want, PickStar.read(truth), 2.5).f1();
        assertTrue(p.out().contains(String.format(java.util.Locale.ROOT, "F1 %.3f", f1)), p.out());
        Path picks0 = dir.resolve("picks0.star");
        assertEquals(0, CliRunner.run("pick", "--in", tomo.toString(), "--sigma", "1.7", "--top", "8", "--nms", "4", "--polarity", "bright",
                "--border", "0", "--out", picks0.toString()).rc());
        assertEquals(new DogPicker(1.7, 1.1, 4, 8, DogPicker.Polarity.BRIGHT, 0).pick(v, d[0], d[1], d[2]), PickStar.read(picks0));
    }

    @Test
    void badInputIsOneLine() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path vol = phantom("v.mrc", "spheres", 3);
        fails(1, says("--noisy", "empty", "no .mrc"), "train-dual", "--noisy", empty.toString(), "--clean", vol.toString(), "--out",
                dir.resolve("o").toString());
        fails(1, says("--clean", "nope.mrc", "no such file"), "train-dual", "--noisy", vol.toString(), "--clean",
                dir.resolve("nope.mrc").toString(), "--out", dir.resolve("o").toString());
        fails(1, says("--lr-decay", "[0, 1]"), "train-dual", "--noisy", vol.toString(), "--clean", vol.toString(), "--lr-decay", "2", "--out",
                dir.resolve("o").toString());
        fails(1, says("--epochs", "at least 1"), "train-dual", "--noisy", vol.toString(), "--clean", vol.toString(), "--epochs", "0", "--out",
                dir.resolve("o").toString());
        fails(1, says("--model", "no such directory"), "denoise", "--model", dir.resolve("m").toString(), "--in", vol.toString(), "--out",
                dir.resolve("d.mrc").toString());
        fails(1, says("--model", "not a DUAL model directory"), "denoise", "--model", empty.toString(), "--in", vol.toString(), "--out",
                dir.resolve("d.mrc").toString());
        fails(1, says("--sigma", "positive"), "pick", "--in", vol.toString(), "--sigma", "0", "--out", dir.resolve("p.star").toString());
        fails(1, says("--polarity", "dark or bright"), "pick", "--in", vol.toString(), "--sigma", "2", "--polarity", "grey", "--out",
                dir.resolve("p.star").toString());
        fails(1, says("--truth", "no such file"), "pick", "--in", vol.toString(), "--sigma", "2", "--truth", dir.resolve("t.star").toString(),
                "--out", dir.resolve("p.star").toString());
        fails(1, says("--steps", "at least 1"), "benchmark", "dual", "--steps", "0", "--out", dir.resolve("b").toString());
        fails(1, says("--lr-decay", "[0, 1]"), "benchmark", "dual", "--lr-decay", "-0.1", "--out", dir.resolve("b").toString());
        fails(1, says("--histogram-bins", "at least 2"), "benchmark", "dual", "--histogram-bins", "1", "--out", dir.resolve("b").toString());
        fails(1, says("--histogram-bins", "at least 2"), "train-dual", "--noisy", vol.toString(), "--clean", vol.toString(), "--histogram-bins", "-3",
                "--out", dir.resolve("o").toString());
        fails(1, says("--kl-memory", "positive number of patches"), "train-dual", "--noisy", vol.toString(), "--clean", vol.toString(), "--kl-memory",
                "-1", "--out", dir.resolve("o").toString());
        fails(1, says("--lambda-kl", ">= 0"), "train-dual", "--noisy", vol.toString(), "--clean", vol.toString(), "--lambda-kl", "-0.5",
                "--out", dir.resolve("o").toString());
        fails(1, says("--draws", "between 1 and 10000"), "simulate", "dual", "--model", empty.toString(), "--in", vol.toString(), "--draws", "0",
                "--out", dir.resolve("s").toString());
    }
}
