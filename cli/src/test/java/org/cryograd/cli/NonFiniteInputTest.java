package org.cryograd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcWriter;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.polar.sim.ParticleSets;
import org.cryograd.polar.sim.ParticleSimulator;
import org.cryograd.polar.sim.Setting;
import org.cryograd.polar.sim.SimulationOptions;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 2: a valid file with one NaN (or +Inf) value, given to every command that reads volumes or stacks,
 * is refused with exit 1 and one stderr line naming the file, the count and the first position; the input is left
 * byte-identical and no output is created.
 */
class NonFiniteInputTest {
    /** Where the bad value goes: x=3, y=2, z (or section) = 1. */
    private static final int X = 3, Y = 2, Z = 1;

    @TempDir
    static Path dir;
    static Path vol, ts, tlt, stack, dualModel, polarModel;

    @BeforeAll
    static void files() {
        vol = dir.resolve("vol.mrc");
        ok(CliRunner.run("simulate", "phantom", "--size", "36,36,34", "--seed", "1", "--out", vol.toString()));
        ts = dir.resolve("ts.mrc");
        tlt = dir.resolve("ts.tlt");
        ok(CliRunner.run("simulate", "tilts", "--volume", vol.toString(), "--range", "-60,60", "--step", "30", "--out", ts.toString(), "--angles",
                tlt.toString()));
        Path run = dir.resolve("dualrun");
        ok(CliRunner.run("train-dual", "--noisy", vol.toString(), "--clean", vol.toString(), "--out", run.toString(), "--epochs", "1",
                "--steps-per-epoch", "1"));
        dualModel = run.resolve("model");
        polarModel = dir.resolve("polar");
        ok(CliRunner.run("train-polar", "--out", polarModel.toString(), "--size", "16", "--set-size", "4", "--steps", "1"));
        ParticleSets p = ParticleSimulator.simulate(SimulationOptions.defaults(16, Setting.MIXED, 3, 4, 0.1, 7));
        stack = dir.resolve("particles.mrcs");
        try {
            MrcWriter.write(stack, p.noisy().reshape(12, 16, 16), 2.5);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ok(CliRunner.Run r) {
        assertEquals(0, r.rc(), r.toString());
    }

    /** A copy of {@code good} (same header) with {@code value} at x=3, y=2, z=1. */
    private static Path poisoned(Path good, Path to, float value) throws IOException {
        MrcFile f = MrcFile.read(good);
        float[] a = f.data().toArray();
        int ny = f.data().dim(1), nx = f.data().dim(2);
        a[(Z * ny + Y) * nx + X] = value;
        Files.createDirectories(to.getParent());
        f.withData(Tensor.of(a, f.data().dims())).write(to);
        return to;
    }

    /**
     * One row: a command and the file it reads.
     *
     * @param name    what the row checks
     * @param good    the valid file the bad one is made from
     * @param badName where the bad file goes, relative to the row's directory
     * @param args    the command line, from (bad file, row directory)
     * @param outputs what the command would write, relative to the row's directory
     */
    record Case(String name, Path good, String badName, BiFunction<Path, Path, String[]> args, List<String> outputs) {}

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("simulate tilts", vol, "bad.mrc", (b, d) -> new String[] {"simulate", "tilts", "--volume", b.toString(), "--range", "-60,60",
                "--step", "30", "--out", d.resolve("o.mrc").toString(), "--angles", d.resolve("o.tlt").toString()}, List.of("o.mrc", "o.tlt")));
        c.add(new Case("reconstruct wbp", ts, "bad.mrc", (b, d) -> new String[] {"reconstruct", "--tilts", b.toString(), "--angles", tlt.toString(),
                "--method", "wbp", "--out", d.resolve("o.mrc").toString()}, List.of("o.mrc")));
        c.add(new Case("metrics --test", vol, "bad.mrc", (b, d) -> new String[] {"metrics", "--ref", vol.toString(), "--test", b.toString()}, List.of()));
        c.add(new Case("metrics --ref", vol, "bad.mrc", (b, d) -> new String[] {"metrics", "--ref", b.toString(), "--test", vol.toString()}, List.of()));
        c.add(new Case("fsc", vol, "bad.mrc", (b, d) -> new String[] {"fsc", vol.toString(), b.toString(), "--out", d.resolve("o.csv").toString(),
                "--png", d.resolve("o.png").toString()}, List.of("o.csv", "o.png")));
        c.add(new Case("denoise", vol, "bad.mrc", (b, d) -> new String[] {"denoise", "--model", dualModel.toString(), "--in", b.toString(), "--out",
                d.resolve("o.mrc").toString()}, List.of("o.mrc")));
        c.add(new Case("pick", vol, "bad.mrc", (b, d) -> new String[] {"pick", "--in", b.toString(), "--sigma", "1.7", "--out",
                d.resolve("o.star").toString()}, List.of("o.star")));
        c.add(new Case("polar-denoise", stack, "bad.mrcs", (b, d) -> new String[] {"polar-denoise", "--model", polarModel.toString(), "--in",
                b.toString(), "--set-size", "4", "--out", d.resolve("o.mrcs").toString()}, List.of("o.mrcs")));
        c.add(new Case("train-dual --noisy DIR", vol, "noisy/bad.mrc", (b, d) -> new String[] {"train-dual", "--noisy", b.getParent().toString(),
                "--clean", vol.toString(), "--out", d.resolve("run").toString(), "--epochs", "1", "--steps-per-epoch", "1"}, List.of("run")));
        c.add(new Case("train-dual --clean FILE", vol, "bad.mrc", (b, d) -> new String[] {"train-dual", "--noisy", vol.toString(), "--clean",
                b.toString(), "--out", d.resolve("run").toString(), "--epochs", "1", "--steps-per-epoch", "1"}, List.of("run")));
        c.add(new Case("simulate dual", vol, "bad.mrc", (b, d) -> new String[] {"simulate", "dual", "--model", dualModel.toString(), "--in",
                b.toString(), "--out", d.resolve("sims").toString()}, List.of("sims")));
        c.add(new Case("info", vol, "bad.mrc", (b, d) -> new String[] {"info", b.toString()}, List.of()));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyCommandRefusesOneBadValue() {
        List<DynamicTest> tests = new ArrayList<>();
        int row = 0;
        for (Case c : cases()) {
            for (float value : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                Path d = dir.resolve("row" + row++);
                tests.add(DynamicTest.dynamicTest(c.name() + " with " + (Float.isNaN(value) ? "NaN" : "+Inf"), () -> refuses(c, d, value)));
            }
        }
        return tests.stream();
    }

    private static void refuses(Case c, Path d, float value) throws IOException {
        Path bad = poisoned(c.good(), d.resolve(c.badName()), value);
        byte[] before = Files.readAllBytes(bad);
        String where = MrcFile.readHeader(bad).isImageStack() ? "section" : "z";
        CliRunner.Run r = CliRunner.run(c.args().apply(bad, d));
        assertEquals(1, r.rc(), r.toString());
        assertEquals(1, r.errLines().size(), "exactly one stderr line: " + r);
        String line = r.errLines().get(0);
        assertTrue(line.contains(bad.toString()), "names the file: " + line);
        assertTrue(line.contains("1 non-finite value (1 " + (Float.isNaN(value) ? "NaN" : "+Inf") + ")"), "the count: " + line);
        assertTrue(line.contains("x=" + X + ", y=" + Y + ", " + where + "=" + Z), "the first position: " + line);
        assertArrayEquals(before, Files.readAllBytes(bad), "the input is untouched");
        for (String o : c.outputs()) assertFalse(Files.exists(d.resolve(o)), o + " must not be created: " + r);
        if (!c.name().equals("info")) assertFalse(r.out().contains("wrote"), r.out());
    }

    /** A copy of a model directory whose first weight has a NaN; returns the weights file. */
    private static Path poisonedModel(Path model, Path to, String weightsName) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) if (Files.isRegularFile(f)) Files.copy(f, to.resolve(f.getFileName()));
        }
        Path w = to.resolve(weightsName);
        java.util.Map<String, Tensor> t = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> meta;
        try (var st = SafeTensors.read(w)) {
            meta = st.metadata();
            st.tensors().forEach((k, v) -> t.put(k, v.copy()));
        }
        String first = t.keySet().iterator().next();
        float[] a = t.get(first).toArray();
        a[0] = Float.NaN;
        t.put(first, Tensor.of(a, t.get(first).dims()));
        SafeTensors.write(w, t, meta);
        return w;
    }

    @Test
    void modelsWithANonFiniteWeightAreRefusedNamingFileAndTensor() throws IOException {
        Path dw = poisonedModel(dualModel, dir.resolve("badmodels/dual"), "weights.safetensors");
        Path pw = poisonedModel(polarModel, dir.resolve("badmodels/polar"), "model.safetensors");
        Path out = dir.resolve("badmodels/out");
        for (String[] args : List.of(
                new String[] {"denoise", "--model", dw.getParent().toString(), "--in", vol.toString(), "--out", out.resolve("d.mrc").toString()},
                new String[] {"simulate", "dual", "--model", dw.getParent().toString(), "--in", vol.toString(), "--out", out.resolve("s").toString()},
                new String[] {"polar-denoise", "--model", pw.getParent().toString(), "--in", stack.toString(), "--set-size", "4", "--out",
                        out.resolve("p.mrcs").toString()})) {
            CliRunner.Run r = CliRunner.run(args);
            assertEquals(1, r.rc(), r.toString());
            assertEquals(1, r.errLines().size(), "exactly one stderr line: " + r);
            Path w = args[0].equals("polar-denoise") ? pw : dw;
            assertTrue(r.err().contains(w + ": tensor '") && r.err().contains("' has 1 non-finite value (1 NaN)"), r.err());
            assertFalse(Files.exists(out.resolve("d.mrc")) || Files.exists(out.resolve("s").resolve("sim_000.mrc")) || Files.exists(out.resolve("p.mrcs")),
                    r.toString());
        }
    }

    @Test
    void aTiltSeriesPositionIsGivenAsASection() throws IOException {
        Path bad = poisoned(ts, dir.resolve("section/bad.mrc"), Float.NaN);
        CliRunner.Run r = CliRunner.run("reconstruct", "--tilts", bad.toString(), "--angles", tlt.toString(), "--out", dir.resolve("section/o.mrc").toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("x=3, y=2, section=1"), r.err());
    }

    @Test
    void infoReportsTheCountAndAllowNonFiniteExitsZero() throws IOException {
        Path bad = poisoned(vol, dir.resolve("info/bad.mrc"), Float.NEGATIVE_INFINITY);
        CliRunner.Run r = CliRunner.run("info", "--allow-nonfinite", bad.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("non-finite:       1 non-finite value (1 -Inf) of " + 36 * 36 * 34), r.out());
        assertTrue(r.err().isBlank(), r.err());
        CliRunner.Run g = CliRunner.run("info", vol.toString());
        assertEquals(0, g.rc(), g.toString());
        assertTrue(g.out().contains("non-finite:       none"), g.out());
        CliRunner.Run refused = CliRunner.run("info", bad.toString());
        assertEquals(1, refused.rc(), refused.toString());
        assertTrue(refused.out().contains("1 -Inf"), "the report comes first: " + refused.out());
    }
}
