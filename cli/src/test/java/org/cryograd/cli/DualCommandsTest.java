package org.cryograd.cli;

import static org.cryograd.cli.ErrorsTest.fails;
import static org.cryograd.cli.ErrorsTest.says;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
                "--epochs", "1", "--steps-per-epoch", "2");
        assertEquals(0, t.rc(), t.toString());
        assertTrue(Files.exists(out.resolve("model").resolve("weights.safetensors")), t.toString());
        assertTrue(Files.exists(out.resolve("losses.csv")));

        Path den = dir.resolve("den.mrc");
        CliRunner.Run d = CliRunner.run("denoise", "--model", out.toString(), "--in", n1.toString(), "--out", den.toString());
        assertEquals(0, d.rc(), d.toString());
        MrcFile in = MrcFile.read(n1), res = MrcFile.read(den);
        assertEquals(in.data().shape(), res.data().shape(), "denoised volume keeps the input's size");
        for (float v : res.data().toArray()) assertTrue(Float.isFinite(v));

        Path sims = dir.resolve("sims");
        CliRunner.Run s = CliRunner.run("simulate", "dual", "--model", out.resolve("model").toString(), "--in", c1.toString(), "--draws", "2",
                "--out", sims.toString());
        assertEquals(0, s.rc(), s.toString());
        try (var files = Files.list(sims)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".mrc")).count(), s.toString());
        }
    }

    @Test
    void badInputIsOneLine() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path vol = phantom("v.mrc", "spheres", 3);
        fails(1, says("--noisy", "empty", "no .mrc"), "train-dual", "--noisy", empty.toString(), "--clean", vol.toString(), "--out",
                dir.resolve("o").toString());
        fails(1, says("--clean", "nope.mrc", "no such file"), "train-dual", "--noisy", vol.toString(), "--clean",
                dir.resolve("nope.mrc").toString(), "--out", dir.resolve("o").toString());
        fails(1, says("--epochs", "at least 1"), "train-dual", "--noisy", vol.toString(), "--clean", vol.toString(), "--epochs", "0", "--out",
                dir.resolve("o").toString());
        fails(1, says("--model", "no such directory"), "denoise", "--model", dir.resolve("m").toString(), "--in", vol.toString(), "--out",
                dir.resolve("d.mrc").toString());
        fails(1, says("--model", "not a DUAL model directory"), "denoise", "--model", empty.toString(), "--in", vol.toString(), "--out",
                dir.resolve("d.mrc").toString());
        fails(1, says("--draws", "between 1 and 10000"), "simulate", "dual", "--model", empty.toString(), "--in", vol.toString(), "--draws", "0",
                "--out", dir.resolve("s").toString());
    }
}
