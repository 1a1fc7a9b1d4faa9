package org.cryograd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.cryograd.dual.Augment;
import org.cryograd.dual.DualBenchmarkHook;
import org.cryograd.dual.DualConfig;
import org.cryograd.em.benchmark.BenchmarkReport;
import org.cryograd.em.benchmark.DualBenchmark;
import org.cryograd.em.benchmark.DualBenchmarkOptions;
import org.cryograd.em.benchmark.MethodResult;
import org.cryograd.em.benchmark.PickBreakdown;
import org.cryograd.em.benchmark.SeedSweep;
import org.cryograd.em.denoise.Baseline;
import org.cryograd.em.denoise.Baselines;
import org.cryograd.em.synth.SynthConfig;
import org.cryograd.tensor.Device;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryograd benchmark}: the papers' comparisons, end to end, on synthetic data. */
@Command(name = "benchmark", mixinStandardHelpOptions = true, description = "Run a method's comparison against its baselines on synthetic data.",
        subcommands = {BenchmarkCommand.Dual.class, SimDualBenchmarkCommand.class, PolarCommands.Benchmark.class, PolarCommands.SimBenchmark.class, CnBenchmarkCommand.class, CommandLine.HelpCommand.class})
final class BenchmarkCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark: dual, dual-sim, polar, polar-sim or cn");
    }

    @Command(name = "dual", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"DUAL against no denoising and the classical baselines below on a synthetic SHREC-like benchmark: "
                    + "ten grand models and their CTF tomograms; DUAL trains on tomograms 0-3 against grand models 4-7, baselines are tuned "
                    + "on pair 8, everything is scored on tomogram 9 (PSNR, SSIM, DoG picking F1).",
                "Writes DIR/results.csv (method,psnr,ssim,f1), results_long.csv (every score and timing, one per line), run.txt (command, "
                    + "commit, machine, wall time), details.csv, realism.csv, the test volume per method (MRC, PNG) and picks (STAR)."})
    static final class Dual extends BaseCommand {
        /** The help text's list of baselines, one line each, from the registry ({@link Baselines#ALL}). */
        static String[] baselineLines() {
            List<String> lines = new java.util.ArrayList<>();
            lines.add("Baselines (" + String.join(", ", Baselines.names()) + "):");
            for (Baseline<?> b : Baselines.ALL) lines.add("  " + b.name() + ": " + b.description());
            return lines.toArray(String[]::new);
        }

        /** Appends the registry's baselines to the description when picocli builds this command's model. */
        @picocli.CommandLine.Spec
        void describeBaselines(picocli.CommandLine.Model.CommandSpec s) {
            String[] d = s.usageMessage().description();
            String[] more = baselineLines();
            String[] all = java.util.Arrays.copyOf(d, d.length + more.length);
            System.arraycopy(more, 0, all, d.length, more.length);
            s.usageMessage().description(all);
        }

        @Option(names = "--quick", description = "64x64x32 volumes and 600 DUAL steps (about 11 minutes on 2 cores).")
        boolean quick;

        @Option(names = "--out", defaultValue = "cryograd-benchmark-dual", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--steps", paramLabel = "N", description = "DUAL training steps (default: 600 with --quick, else 3000).")
        Integer steps;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the data and the training (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--seeds", split = ",", paramLabel = "S1,S2,...",
                description = "Run the whole benchmark once per seed (new data and DUAL training each, under DIR/seed_<s>) and write the mean over "
                        + "seeds to DIR/results.csv (per seed: results_by_seed.csv); replaces --seed.")
        List<Long> seeds;

        @Option(names = "--lr-decay", defaultValue = "0", paramLabel = "FRACTION",
                description = "DUAL's learning rates fall linearly towards 0 over this last fraction of the steps (train-dual --lr-decay). "
                        + "Default: ${DEFAULT-VALUE}.")
        double lrDecay;

        @Option(names = "--histogram-bins", defaultValue = "0", paramLabel = "N",
                description = "DUAL's discriminators get a voxel-histogram branch with N bins (train-dual --histogram-bins). Default: ${DEFAULT-VALUE}, off.")
        int histogramBins;

        @Option(names = "--single-pass", description = "Denoise with one DUAL pass per tile instead of the average over the 4 wedge-preserving flips "
                + "(what 'denoise --single-pass' does).")
        boolean singlePass;

        @Option(names = "--write-data", description = "Also write the ten volume pairs with their particle lists to DIR/data.")
        boolean writeData;

        @Option(names = "--size", hidden = true, paramLabel = "X,Y,Z", converter = Size3.Converter.class,
                description = "Volume size with 8 particles and one fiducial (tests).")
        Size3 size;

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            int n = steps != null ? steps : quick ? 600 : 3000;
            if (n < 1) throw new CliError("--steps must be at least 1, got " + n);
            DualCommands.checkLrDecay(lrDecay);
            DualCommands.checkHistogramBins(histogramBins);
            if (seeds != null && seeds.stream().distinct().count() != seeds.size()) throw new CliError("--seeds: each seed once, got " + seeds);
            paths().outDir("--out", out, rel -> true).check();
            DualBenchmarkOptions o = (quick ? DualBenchmarkOptions.quick(seed) : DualBenchmarkOptions.standard(seed)).withWriteData(writeData);
            if (size != null) o = o.withSynth(SynthConfig.quick().withSize(size.x(), size.y(), size.z()).withCounts(8, 0, 1));
            long t0 = System.nanoTime();
            java.time.Instant start = java.time.Instant.now();
            ui.log("benchmark dual: %s preset, %s, DUAL %d steps; output in %s", quick ? "quick" : "standard",
                    seeds != null ? "seeds " + seeds : "seed " + seed, n, Ui.show(out));
            DualCommands.Bar bar = new DualCommands.Bar(ui);
            Device device = DeviceChoice.resolve(root().device, ui);
            DualConfig config = DualBenchmarkHook.benchmarkConfig().withLrDecay(lrDecay).withHistogramBins(histogramBins);
            Augment flips = singlePass ? Augment.NONE : config.augment();
            var w = ui.out;
            if (seeds != null) {
                SeedSweep.Result r;
                try {
                    r = SeedSweep.run(o, seeds, out, dir -> DualBenchmarkHook.factory(config, n, dir.resolve("dual-run"), bar, device, flips),
                            (stage, message) -> ui.log("%s: %s", stage, message));
                } catch (Exception e) {
                    RunRecords.afterFailure(spec, out, start, t0, e);
                    throw e;
                }
                RunRecords.write(spec, out, start, t0);
                w.println();
                w.printf(Locale.ROOT, "%-10s %15s %15s %15s  %s%n", "method", "PSNR dB", "SSIM", "F1", "F1 per seed " + seeds);
                for (int m = 0; m < r.mean().size(); m++) {
                    MethodResult mean = r.mean().get(m), sd = r.std().get(m);
                    int k = m;
                    String perSeed = r.perSeed().stream().map(rep -> String.format(Locale.ROOT, "%.3f", rep.methods().get(k).metric("f1")))
                            .collect(Collectors.joining(" "));
                    w.printf(Locale.ROOT, "%-10s %7.2f ± %5.2f %7.3f ± %5.3f %7.3f ± %5.3f  %s%n", mean.method(), mean.metric("psnr"), sd.metric("psnr"),
                            mean.metric("ssim"), sd.metric("ssim"), mean.metric("f1"), sd.metric("f1"), perSeed);
                }
                printPicking(w, r.mean(), r.picking(), "summed over seeds");
                w.printf(Locale.ROOT, "%nwrote %s (means; results_by_seed.csv, results_long.csv, realism.csv, picking_breakdown.csv, run.txt, seed_*/) in %s%n",
                        Ui.show(out.resolve("results.csv")),
                        Ui.duration((System.nanoTime() - t0) / 1e9));
                return;
            }
            BenchmarkReport report;
            try {
                report = DualBenchmark.run(o, out, DualBenchmarkHook.factory(config, n, out.resolve("dual-run"), bar, device, flips),
                        (stage, message) -> ui.log("%s: %s", stage, message));
            } catch (Exception e) {
                RunRecords.afterFailure(spec, out, start, t0, e);
                throw e;
            }
            RunRecords.write(spec, out, start, t0);
            List<MethodResult> rows = report.methods();
            w.println();
            w.printf(Locale.ROOT, "%-10s %8s %7s %6s  %s%n", "method", "PSNR dB", "SSIM", "F1", "parameters");
            for (MethodResult r : rows)
                w.printf(Locale.ROOT, "%-10s %8.2f %7.3f %6.3f  %s%n", r.method(), r.metric("psnr"), r.metric("ssim"), r.metric("f1"), r.parameters());
            printPicking(w, rows, report.picking(), "test tomogram");
            w.printf(Locale.ROOT, "%nwrote %s (and results_long.csv, details.csv, realism.csv, picking_breakdown.csv, run.txt, test_*.mrc/png, picks_*.star) in %s%n",
                    Ui.show(out.resolve("results.csv")),
                    Ui.duration((System.nanoTime() - t0) / 1e9));
        }
    }

    /** Particles found per class and what the false picks sit on, one line per method. */
    private static void printPicking(PrintWriter w, List<MethodResult> methods, List<PickBreakdown> picking, String scope) {
        List<PickBreakdown.Row> first = picking.get(0).rows();
        StringBuilder head = new StringBuilder();
        for (PickBreakdown.Row r : first)
            if (r.object().startsWith("class")) head.append(String.format(Locale.ROOT, " %8s", r.object()));
        w.printf(Locale.ROOT, "%nparticles found per class (%s; radius in voxels)%n%-10s%s  %s%n", scope, "method", head, "false picks on vesicle / fiducial / particle / background");
        for (int m = 0; m < methods.size(); m++) {
            PickBreakdown b = picking.get(m);
            StringBuilder line = new StringBuilder();
            int onParticles = 0;
            for (PickBreakdown.Row r : b.rows())
                if (r.object().startsWith("class")) {
                    line.append(String.format(Locale.ROOT, " %8s", r.matched() + "/" + r.objects()));
                    onParticles += r.unmatchedPicks();
                }
            w.printf(Locale.ROOT, "%-10s%s  %d / %d / %d / %d%n", methods.get(m).method(), line, b.row("vesicle").unmatchedPicks(),
                    b.row("fiducial").unmatchedPicks(), onParticles, b.row("background").unmatchedPicks());
        }
        StringBuilder radii = new StringBuilder();
        for (PickBreakdown.Row r : first) if (r.object().startsWith("class")) radii.append(String.format(Locale.ROOT, " %8.1f", r.meanRadius()));
        w.printf(Locale.ROOT, "%-10s%s%n", "radius", radii);
    }
}
