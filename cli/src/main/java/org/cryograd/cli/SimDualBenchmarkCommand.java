package org.cryograd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cryograd.dual.DualBenchmarkHook;
import org.cryograd.dual.DualConfig;
import org.cryograd.dual.n2n.Noise2NoiseConfig;
import org.cryograd.dual.n2n.Noise2NoiseHook;
import org.cryograd.em.benchmark.SimDualBenchmark;
import org.cryograd.em.benchmark.SimDualBenchmarkOptions;
import org.cryograd.em.benchmark.SummaryTable;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.StepReport;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchmark dual-sim}: the DUAL paper's tables on physically simulated tomograms, over held-out test tomograms. */
@Command(name = "dual-sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"DUAL against no denoising, the classical baselines (tuned on one validation tomogram) and a noise2noise 3-D U-Net "
                + "trained on the even/odd halves of the same noisy data, on tomograms simulated from density templates (CTF, shot noise, MTF, "
                + "damage). DUAL trains on the training tomograms against the truth potentials of other specimens (unpaired); every method is scored "
                + "on held-out test tomograms: PSNR, SSIM, DoG picking precision/recall/F1 (sigma1 8 nm, k 1.1, match 8 nm, top-N = true particles).",
            "Quick: 64x64x32 voxels of 10 Å, 4 training tomograms, 4 clean maps, 7 test tomograms, DUAL 600 steps, noise2noise 500 steps "
                    + "(about 20 minutes on 2 cores). Standard: 128x128x64, 8 + 8, 10 tests, DUAL 3000 steps, noise2noise 2000 (hours).",
            "Writes DIR/results_long.csv (benchmark,method,data,seed,metric,value; seed = test tomogram), summary.csv (method,metric,mean,sd,n), "
                    + "validation.csv, details.csv, realism.csv, realism_summary.csv, choices.txt, run.txt."})
final class SimDualBenchmarkCommand extends BaseCommand {
    @Option(names = "--quick", description = "The quick preset (see above); otherwise the standard one.")
    boolean quick;

    @Option(names = "--no-ctf-correct", description = "Use the tomograms reconstructed without phase flipping (contrast inverted only).")
    boolean noCtf;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the specimens, noise and training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", paramLabel = "N", description = "DUAL training steps (default: 600 with --quick, else 3000).")
    Integer steps;

    @Option(names = "--n2n-steps", paramLabel = "N", description = "Noise2noise training steps (default: 500 with --quick, else 2000).")
    Integer n2nSteps;

    @Option(names = "--widths", defaultValue = "1/4", paramLabel = "N/D",
            description = "DUAL's network widths as a fraction of the full model's (default: ${DEFAULT-VALUE}, the quick networks; "
                    + "1/2 trains 3000 steps in about 1.3 hours on 2 cores, results/dual-capacity/).")
    String widths;

    @Option(names = "--lambda-kl", paramLabel = "W", description = "Weight of DUAL's noise-code KL term (default: the paper's 0.1).")
    Double lambdaKl;

    @Option(names = "--templates", defaultValue = "../shared/templates", paramLabel = "DIR",
            description = "Directory of density templates NAME.mrc (default: ${DEFAULT-VALUE}).")
    Path templates;

    @Option(names = "--out", defaultValue = "cryograd-benchmark-dual-sim", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    void execute() throws Exception {
        Ui ui = ui();
        if (!Files.isDirectory(templates))
            throw new CliError("--templates: " + templates + " is not a directory; the dual-sim benchmark simulates its tomograms from the density "
                    + "templates NAME.mrc there");
        int n = steps != null ? steps : quick ? 600 : 3000;
        if (n < 1) throw new CliError("--steps must be at least 1, got " + n);
        Noise2NoiseConfig n2n = quick ? Noise2NoiseConfig.quick() : Noise2NoiseConfig.standard();
        if (n2nSteps != null) {
            if (n2nSteps < 1) throw new CliError("--n2n-steps must be at least 1, got " + n2nSteps);
            n2n = n2n.withSteps(n2nSteps);
        }
        paths().outDir("--out", out, rel -> true).check();
        SimDualBenchmarkOptions o = (quick ? SimDualBenchmarkOptions.quick(templates, seed) : SimDualBenchmarkOptions.standard(templates, seed))
                .withCtfCorrect(!noCtf);
        Device device = DeviceChoice.resolve(root().device, ui);
        int[] w = fraction("--widths", widths);
        DualConfig config;
        try {
            config = DualBenchmarkHook.benchmarkConfig().withDefaultWidthsScaled(w[0], w[1]);
            if (lambdaKl != null) config = config.withLambdaKl(DualCommands.checkLambdaKl(lambdaKl));
        } catch (IllegalArgumentException e) {
            throw new CliError("--widths " + widths + ": " + e.getMessage());
        }
        ui.log("benchmark dual-sim: %s preset%s, seed %d, DUAL %d steps at widths %s (U-Net base %d), noise2noise %d steps; output in %s",
                quick ? "quick" : "standard", noCtf ? ", no CTF correction" : "", seed, n, widths, config.unetBase(), n2n.steps(), Ui.show(out));
        long t0 = System.nanoTime();
        java.time.Instant start = java.time.Instant.now();
        try {
            SimDualBenchmark.run(o, out, DualBenchmarkHook.factory(config, n, out.resolve("dual-run"), new DualCommands.Bar(ui), device, config.augment()),
                    Noise2NoiseHook.factory(n2n, new N2nBar(ui)), (stage, message) -> ui.log("%s: %s", stage, message));
        } catch (Exception e) {
            RunRecords.afterFailure(spec, out, start, t0, e);
            throw e;
        }
        RunRecords.write(spec, out, start, t0);
        ui.out.printf(Locale.ROOT, "%nwrote %s (and results_long.csv, validation.csv, details.csv, realism.csv, realism_summary.csv, choices.txt, run.txt) in %s%n",
                Ui.show(out.resolve(SummaryTable.FILE)), Ui.duration((System.nanoTime() - t0) / 1e9));
        ui.out.print(Files.readString(out.resolve(SummaryTable.FILE)));
    }

    /** {@code N/D} with positive integers, or a {@link CliError} naming the option. */
    static int[] fraction(String option, String text) {
        String[] p = text.trim().split("/");
        try {
            int num = Integer.parseInt(p[0].trim()), den = p.length == 2 ? Integer.parseInt(p[1].trim()) : p.length == 1 ? 1 : -1;
            if (num >= 1 && den >= 1) return new int[] {num, den};
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliError(option + " must be a fraction N/D of positive integers (e.g. 1/2), got '" + text + "'");
    }

    /** Noise2noise training progress. */
    private static final class N2nBar implements TrainingListener {
        private final Ui ui;
        private ProgressBar bar;

        N2nBar(Ui ui) {
            this.ui = ui;
        }

        @Override
        public void started(Stage stage) {
            bar = new ProgressBar(ui, "noise2noise", stage.totalSteps());
        }

        @Override
        public void step(Stage stage, StepReport r) {
            if (bar != null) bar.update(r.step(), r.losses().isEmpty() ? "" : String.format(Locale.ROOT, "mse %.4f", r.losses().values()[0]));
        }
    }
}
