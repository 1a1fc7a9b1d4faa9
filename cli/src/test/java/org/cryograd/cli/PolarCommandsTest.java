package org.cryograd.cli;

import static org.cryograd.cli.ErrorsTest.fails;
import static org.cryograd.cli.ErrorsTest.says;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcWriter;
import org.cryograd.polar.bench.SimPolarBenchmarkOptions;
import org.cryograd.polar.sim.ParticleSets;
import org.cryograd.polar.sim.ParticleSimulator;
import org.cryograd.polar.sim.Setting;
import org.cryograd.polar.sim.SimulationOptions;
import org.cryograd.polar.train.PolarDenoise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train-polar, polar-denoise and benchmark polar with a few steps, and their one-line errors. */
class PolarCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainThenDenoiseAStack() throws IOException {
        Path model = dir.resolve("model");
        CliRunner.Run t = CliRunner.run("train-polar", "--out", model.toString(), "--size", "16", "--set-size", "4", "--steps", "2");
        assertEquals(0, t.rc(), t.toString());
        assertTrue(Files.exists(model.resolve("model.safetensors")), t.toString());

        ParticleSets p = ParticleSimulator.simulate(SimulationOptions.defaults(16, Setting.MIXED, 3, 4, 0.1, 7));
        Path stack = dir.resolve("particles.mrcs"), den = dir.resolve("den.mrcs"), ref = dir.resolve("ref.mrcs");
        MrcWriter.write(stack, p.noisy().reshape(12, 16, 16), 2.5);
        CliRunner.Run d = CliRunner.run("polar-denoise", "--model", model.toString(), "--in", stack.toString(), "--set-size", "4", "--out", den.toString());
        assertEquals(0, d.rc(), d.toString());
        PolarDenoise.run(model, stack, 4, ref);
        MrcFile got = MrcFile.read(den);
        assertArrayEquals(new int[] {12, 16, 16}, got.data().dims());
        assertArrayEquals(MrcFile.read(ref).data().toArray(), got.data().toArray(), 0f);
        assertTrue(d.out().contains("12 particles in 3 sets"), d.out());
    }

    @Test
    void benchmarkWritesTheTable() throws IOException {
        Path out = dir.resolve("bench");
        CliRunner.Run b = CliRunner.run("benchmark", "polar", "--quick", "--steps", "2", "--out", out.toString());
        assertEquals(0, b.rc(), b.toString());
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("method,setting,snr,rel_mse", lines.get(0));
        for (String m : List.of("none", "wiener", "dncnn", "dncnn_direct", "polar_cnn", "polar_transformer"))
            for (String s : List.of("directional", "mixed"))
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(m + "," + s + ",0.02,")), m + " " + s + " in " + lines);
        assertTrue(b.out().contains("polar_transformer"), b.out());
        assertEquals("command: cryograd benchmark polar --quick --steps 2 --out " + out, Files.readAllLines(out.resolve("run.txt")).get(0));
        assertEquals("benchmark,method,data,seed,metric,value", Files.readAllLines(out.resolve("results_long.csv")).get(0));
    }

    @Test
    void badInputIsOneLine() throws IOException {
        Path stack = dir.resolve("s.mrcs");
        MrcWriter.write(stack, ParticleSimulator.simulate(SimulationOptions.defaults(16, Setting.MIXED, 1, 2, 0.1, 1)).noisy().reshape(2, 16, 16), 1.0);
        fails(1, says("--kind", "dncnn, polar_cnn, polar_transformer, dncnn_direct"), "train-polar", "--out", dir.resolve("m").toString(), "--kind", "unet");
        fails(1, says("--setting", "directional or mixed"), "train-polar", "--out", dir.resolve("m").toString(), "--setting", "random");
        fails(1, says("--size", "even number"), "train-polar", "--out", dir.resolve("m").toString(), "--size", "15");
        fails(1, says("--model", "no such directory"), "polar-denoise", "--model", dir.resolve("none").toString(), "--in", stack.toString(),
                "--out", dir.resolve("d.mrcs").toString());
        fails(1, says("--set-size", "at least 1"), "polar-denoise", "--model", dir.toString(), "--in", stack.toString(), "--set-size", "0",
                "--out", dir.resolve("d.mrcs").toString());
        fails(1, says("--model", "no model.safetensors"), "polar-denoise", "--model", dir.toString(), "--in", stack.toString(), "--out",
                dir.resolve("d.mrcs").toString());
    }

    @Test
    void simBenchmarkRefusesMissingTemplatesNamingThePath() {
        Path none = dir.resolve("no-templates");
        fails(1, says("--templates", none.toString(), "no such directory", "1bxn"), "benchmark", "polar-sim", "--quick", "--templates", none.toString(),
                "--out", dir.resolve("b").toString());
        assertTrue(!Files.exists(dir.resolve("b")), "no output directory for a refused run");
    }

    @Test
    void simBenchmarkRefusesTooFewSteps() {
        fails(1, says("--steps", "at least 3", "2"), "benchmark", "polar-sim", "--quick", "--steps", "2", "--out", dir.resolve("b").toString());
        assertTrue(!Files.exists(dir.resolve("b")), "no output directory for a refused run");
    }

    /** The polar-sim command's options as parsed from {@code args} (after "benchmark polar-sim"). */
    private static SimPolarBenchmarkOptions simOptions(String... args) {
        CommandLine cl = Main.commandLine(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
        String[] all = new String[args.length + 2];
        all[0] = "benchmark";
        all[1] = "polar-sim";
        System.arraycopy(args, 0, all, 2, args.length);
        CommandLine.ParseResult pr = cl.parseArgs(all);
        return ((PolarCommands.SimBenchmark) pr.subcommand().subcommand().commandSpec().userObject()).options();
    }

    @Test
    void simBenchmarkStepsLearningRatesAndValidationIntervalReachTheTuning() {
        var quick = simOptions("--quick").tuning();
        assertEquals(List.of(1e-3, 3e-3), quick.learningRates());
        assertEquals(120, quick.maxSteps());
        assertEquals(40, quick.evalEvery());
        var steps = simOptions("--quick", "--steps", "600").tuning();
        assertEquals(600, steps.maxSteps());
        assertEquals(200, steps.evalEvery(), "N/3 by default");
        var every = simOptions("--quick", "--steps", "6000", "--validate-every", "1000", "--lr", "0.001").tuning();
        assertEquals(6000, every.maxSteps());
        assertEquals(1000, every.evalEvery());
        assertEquals(List.of(1e-3), every.learningRates());
        assertEquals(quick.gradClip(), every.gradClip());
        assertEquals(50, simOptions("--quick", "--validate-every", "50").tuning().evalEvery(), "without --steps: the preset's 120");
    }

    @Test
    void simBenchmarkRefusesAValidationIntervalOutsideTheSteps() {
        fails(1, says("--validate-every", "between 1 and the most steps (600)", "0"), "benchmark", "polar-sim", "--quick", "--steps", "600",
                "--validate-every", "0", "--out", dir.resolve("b").toString());
        fails(1, says("--validate-every", "between 1 and the most steps (600)", "601"), "benchmark", "polar-sim", "--quick", "--steps", "600",
                "--validate-every", "601", "--out", dir.resolve("b").toString());
        fails(1, says("--validate-every", "between 1 and the most steps (120)", "200"), "benchmark", "polar-sim", "--quick", "--validate-every", "200",
                "--out", dir.resolve("b").toString());
        assertTrue(!Files.exists(dir.resolve("b")), "no output directory for a refused run");
    }

    @Test
    void simBenchmarkRefusesBadSnrsLearningRatesDncnnSizesAndMethods() {
        fails(1, says("--snr", "positive", "-0.1"), "benchmark", "polar-sim", "--quick", "--snr", "0.02,-0.1", "--out", dir.resolve("b").toString());
        fails(1, says("--snr", "twice"), "benchmark", "polar-sim", "--quick", "--snr", "0.02,0.02", "--out", dir.resolve("b").toString());
        fails(1, says("--lr", "positive", "0.0"), "benchmark", "polar-sim", "--quick", "--lr", "0.001,0", "--out", dir.resolve("b").toString());
        fails(1, says("--lr", "twice"), "benchmark", "polar-sim", "--quick", "--lr", "0.001,0.001", "--out", dir.resolve("b").toString());
        fails(1, says("--dncnn", "17-64", "LAYERSxCHANNELS"), "benchmark", "polar-sim", "--quick", "--dncnn", "17-64", "--out", dir.resolve("b").toString());
        fails(1, says("--dncnn", "1x64", "at least 2 layers"), "benchmark", "polar-sim", "--quick", "--dncnn", "1x64", "--out", dir.resolve("b").toString());
        fails(1, says("--methods", "unet", "unknown", "dncnn_direct"), "benchmark", "polar-sim", "--quick", "--methods", "dncnn,unet", "--out",
                dir.resolve("b").toString());
        fails(1, says("--methods", "dncnn", "twice"), "benchmark", "polar-sim", "--quick", "--methods", "dncnn,dncnn", "--out", dir.resolve("b").toString());
        fails(1, says("--snr", "positive", "-1.0"), "benchmark", "polar", "--quick", "--snr", "0.1,-1", "--out", dir.resolve("b").toString());
        assertTrue(!Files.exists(dir.resolve("b")), "no output directory for a refused run");
    }

    @Test
    void simBenchmarkRefusesATemplateDirectoryWithoutTheSplitsMolecules() throws IOException {
        Path partial = Files.createDirectories(dir.resolve("partial"));
        fails(1, says("--templates", partial.resolve("1qvr.mrc").toString(), "template missing"), "benchmark", "polar-sim", "--quick", "--templates",
                partial.toString(), "--out", dir.resolve("b").toString());
    }
}
