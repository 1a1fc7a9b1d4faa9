package org.cryograd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cryograd.io.FileFormatException;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.StepReport;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.polar.bench.PolarBenchmark;
import org.cryograd.polar.bench.PolarBenchmarkOptions;
import org.cryograd.polar.bench.SimPolarBenchmark;
import org.cryograd.polar.bench.SimPolarBenchmarkOptions;
import org.cryograd.polar.model.PolarModelConfig;
import org.cryograd.polar.sim.Setting;
import org.cryograd.polar.sim.SimulationOptions;
import org.cryograd.polar.train.ModelKind;
import org.cryograd.polar.train.PolarDenoise;
import org.cryograd.polar.train.PolarTraining;
import org.cryograd.polar.train.TrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The polar-transformer subcommands: {@code train-polar}, {@code polar-denoise}, {@code benchmark polar}, {@code benchmark polar-sim}. */
final class PolarCommands {
    private PolarCommands() {}

    /** One progress bar per stage. */
    static final class Bar implements TrainingListener {
        private final Ui ui;
        private ProgressBar bar;
        private int steps;

        Bar(Ui ui) {
            this.ui = ui;
        }

        @Override
        public void started(Stage stage) {
            if (bar != null) bar.finish(steps, "");
            steps = (int) stage.totalSteps();
            bar = steps > 0 ? new ProgressBar(ui, stage.name(), steps) : null;
            if (steps <= 0) ui.log("%s", stage.name());
        }

        @Override
        public void step(Stage stage, StepReport r) {
            if (bar != null) bar.update(r.step(), r.losses().isEmpty() ? "" : String.format(Locale.ROOT, "loss %.4f", r.losses().value(0)));
        }

        void done() {
            if (bar != null) bar.finish(steps, "");
            bar = null;
        }
    }

    @Command(name = "train-polar", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train a particle-image denoiser on simulated pairs (pseudo-molecules, CTF 300 kV, noise at --snr): the polar "
                    + "transformer (sets of images), the single-image polar CNN, or DnCNN.",
                "Writes DIR/model.safetensors and a checkpoint; running the same command again resumes."})
    static final class Train extends BaseCommand {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory.")
        Path out;

        @Option(names = "--kind", defaultValue = "polar_transformer", paramLabel = "KIND",
                description = "polar_transformer, polar_cnn, dncnn (residual, as published) or dncnn_direct (predicts the clean image) "
                        + "(default: ${DEFAULT-VALUE}).")
        String kind;

        @Option(names = "--setting", defaultValue = "mixed", paramLabel = "directional|mixed",
                description = "Training sets: one view per set, or a few views mixed (default: ${DEFAULT-VALUE}).")
        String setting;

        @Option(names = "--snr", defaultValue = "0.02", description = "SNR = var(signal) / var(noise) (default: ${DEFAULT-VALUE}).")
        double snr;

        @Option(names = "--size", defaultValue = "32", paramLabel = "N", description = "Image size N x N (default: ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--set-size", defaultValue = "16", paramLabel = "S", description = "Images per set (default: ${DEFAULT-VALUE}).")
        int setSize;

        @Option(names = "--steps", defaultValue = "400", paramLabel = "N", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of weights and data (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            ModelKind k;
            try {
                k = ModelKind.ofLabel(kind.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CliError("--kind " + kind + ": choose one of " + ModelKind.labels());
            }
            Setting st = switch (setting.toLowerCase(Locale.ROOT)) {
                case "directional" -> Setting.DIRECTIONAL;
                case "mixed" -> Setting.MIXED;
                default -> throw new CliError("--setting " + setting + ": choose directional or mixed");
            };
            if (!(snr > 0) || Double.isInfinite(snr)) throw new CliError("--snr must be positive, got " + snr);
            if (size < 8 || size > 512 || size % 2 != 0) throw new CliError("--size must be an even number between 8 and 512, got " + size);
            if (setSize < 1) throw new CliError("--set-size must be at least 1, got " + setSize);
            if (steps < 1) throw new CliError("--steps must be at least 1, got " + steps);
            paths().outDir("--out", out, rel -> true).check();
            PolarBenchmarkOptions q = PolarBenchmarkOptions.quickPreset();
            PolarModelConfig pc = size == q.imageSize() ? q.polar() : PolarModelConfig.small(size);
            int sets = Math.max(1, q.imagesPerStep() / setSize);
            TrainingOptions o = new TrainingOptions(k, SimulationOptions.defaults(size, st, sets, setSize, snr, seed), pc, q.dncnnLayers(),
                    q.dncnnChannels(), steps, q.learningRate(), 1.0, 50, seed);
            Bar bar = new Bar(ui);
            long t0 = System.nanoTime();
            PolarTraining.Result r = PolarTraining.train(o, out, bar, DeviceChoice.resolve(root().device, ui));
            bar.done();
            ui.out.printf(Locale.ROOT, "wrote %s (%s, %dx%d, sets of %d, SNR %s, final loss %.4f) in %s%n", Ui.show(out.resolve("model.safetensors")),
                    k.label(), size, size, setSize, Reconstruction.fmt(snr), r.finalLoss(), Ui.duration((System.nanoTime() - t0) / 1e9));
        }
    }

    @Command(name = "polar-denoise", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Denoise a particle stack (.mrcs) with a trained model, in sets of consecutive particles (the last set may be smaller).")
    static final class Denoise extends BaseCommand {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "A 'train-polar' model directory.")
        Path model;

        @Option(names = "--in", required = true, paramLabel = "PARTICLES.mrcs", description = "Particle stack [particles, N, N].")
        Path in;

        @Option(names = "--set-size", defaultValue = "16", paramLabel = "S", description = "Particles per set (default: ${DEFAULT-VALUE}).")
        int setSize;

        @Option(names = "--out", required = true, paramLabel = "OUT.mrcs", description = "Denoised stack (float32).")
        Path out;

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            if (setSize < 1) throw new CliError("--set-size must be at least 1, got " + setSize);
            if (!Files.isDirectory(model) && !Files.isRegularFile(model)) throw new CliError("--model " + model + ": no such directory or file");
            Path weights = Files.isDirectory(model) ? model.resolve("model.safetensors") : model;
            if (!Files.isRegularFile(weights)) throw new CliError("--model " + model + ": no model.safetensors (train one with 'cryograd train-polar')");
            Inputs.mrcHeader(in, "--in");
            paths().in("--in", in).in("--model", weights).out("--out", out).check();
            Inputs.finiteWeights(weights, "--model");
            Bar bar = new Bar(ui);
            PolarDenoise.Summary s;
            try {
                s = PolarDenoise.run(model, in, setSize, out, bar, DeviceChoice.resolve(root().device, ui));
            } catch (FileFormatException | IllegalArgumentException e) {
                throw new CliError(e.getMessage(), e);
            }
            bar.done();
            ui.out.printf(Locale.ROOT, "wrote %s (%d particles in %d sets) in %s%n", Ui.show(out), s.images(), s.sets(), Ui.duration(s.seconds()));
        }
    }

    @Command(name = "polar", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Polar transformer against no denoising, a Wiener filter, DnCNN and the single-image polar CNN on simulated particle "
                    + "images (directional and mixed sets), plus a 3-D reconstruction from raw and denoised images (FSC against the truth).",
                "Writes DIR/results.csv (method,setting,snr,rel_mse), results_long.csv (every score and timing, one per line), run.txt "
                    + "(command, commit, machine, wall time), fsc_downstream.csv, fsc_summary.csv and the trained models."})
    static final class Benchmark extends BaseCommand {
        @Option(names = "--quick", description = "SNR 0.02 only and small models (under 15 minutes on 2 cores).")
        boolean quick;

        @Option(names = "--out", defaultValue = "cryograd-benchmark-polar", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--snr", split = ",", paramLabel = "S,...",
                description = "SNRs to run (default: 0.02 with --quick, else 1,0.1,0.05,0.02); --quick --snr 1,0.1,0.05,0.02 runs every SNR with the small models.")
        java.util.List<Double> snrs;

        @Option(names = "--steps", hidden = true, paramLabel = "N", description = "Training steps of every model (tests).")
        Integer steps;

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            PolarBenchmarkOptions o = quick ? PolarBenchmarkOptions.quickPreset() : PolarBenchmarkOptions.fullPreset();
            if (snrs != null) o = o.withSnrs(positive("--snr", snrs));
            if (steps != null) {
                if (steps < 1) throw new CliError("--steps must be at least 1, got " + steps);
                o = o.withSteps(steps, steps, steps).withEvaluation(o.setSize() * 2, true, 64);
            }
            paths().outDir("--out", out, rel -> true).check();
            ui.log("benchmark polar: %s preset; output in %s", quick ? "quick" : "full", Ui.show(out));
            long t0 = System.nanoTime();
            java.time.Instant start = java.time.Instant.now();
            Bar bar = new Bar(ui);
            PolarBenchmark.Result r;
            try {
                r = PolarBenchmark.run(o, out, bar, DeviceChoice.resolve(root().device, ui));
            } catch (Exception e) {
                RunRecords.afterFailure(spec, out, start, t0, e);
                throw e;
            }
            RunRecords.write(spec, out, start, t0);
            bar.done();
            var w = ui.out;
            w.println();
            w.printf(Locale.ROOT, "%-18s %-12s %6s %9s%n", "method", "setting", "SNR", "rel MSE");
            for (PolarBenchmark.Row row : r.rows())
                w.printf(Locale.ROOT, "%-18s %-12s %6s %9.4f%n", row.method(), row.setting(), Reconstruction.fmt(row.snr()), row.relMse());
            w.printf(Locale.ROOT, "%nwrote %s (and results_long.csv, run.txt, fsc_downstream.csv, fsc_summary.csv, models/) in %s%n", Ui.show(out.resolve("results.csv")),
                    Ui.duration(r.seconds()));
        }
    }

    @Command(name = "polar-sim", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Polar transformer against no denoising, a Wiener filter, DnCNN (residual, as published, and the same network "
                    + "predicting the clean image: dncnn_direct) and the single-image polar CNN on 64 x 64 particle "
                    + "images of real molecules (templates projected by em's simulator, CTF 300 kV / 2.7 mm / 0.1, defocus 1-3 um, shifts, "
                    + "Gaussian noise at a per-image SNR); training, validation (learning rate and steps) and test molecules are disjoint; "
                    + "a 3-D reconstruction of a test molecule from raw and denoised images with FSC against the template.",
                "Writes DIR/summary.csv (method,setting,snr,metric,mean,sd,n over seeds), results_long.csv, fsc_summary.csv, fsc_curves.csv, "
                    + "choices.txt and run.txt.",
                "--quick: SNR 0.02, DnCNN 6 x 16, 120 steps; about 13 minutes for 3 seeds on 2 idle cores. The standard preset (SNR 1, 0.1, "
                    + "0.05, 0.02, DnCNN 17 x 64, 3000 steps of 64 images, 3 learning rates) is GPU-sized: a DnCNN step of 64 images takes about 20 s "
                    + "on 2 CPU cores, about 8 days per seed for each DnCNN form (SimPolarBenchmarkOptions.standardPreset); --dncnn 17x64 "
                    + "--methods dncnn,dncnn_direct adds the paper's DnCNN to a quick run."})
    static final class SimBenchmark extends BaseCommand {
        @Option(names = "--quick", description = "The quick preset.")
        boolean quick;

        @Option(names = "--seeds", split = ",", paramLabel = "S,...", description = "Seeds (data and initialisation; default 1,2,3).")
        java.util.List<Long> seeds;

        @Option(names = "--templates", defaultValue = "../shared/templates", paramLabel = "DIR",
                description = "Directory of density templates NAME.mrc (default: ${DEFAULT-VALUE}).")
        Path templates;

        @Option(names = "--out", defaultValue = "cryograd-benchmark-polar-sim", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--steps", paramLabel = "N", description = "Most training steps of every model, validated every N/3 steps (default: the "
                + "preset's, 120 with --quick, else 3000); learning rates and sizes stay the preset's.")
        Integer steps;

        @Option(names = "--validate-every", paramLabel = "N", description = "Validation interval in steps (default: the preset's, or N/3 "
                + "of --steps); each model keeps its best validated weights.")
        Integer validateEvery;

        @Option(names = "--snr", split = ",", paramLabel = "S,...", description = "SNRs, var(signal) / var(noise) (default: the preset's, 0.02 "
                + "with --quick, else 1,0.1,0.05,0.02); the downstream reconstruction uses the lowest.")
        java.util.List<Double> snrs;

        @Option(names = "--lr", split = ",", paramLabel = "LR,...", description = "Learning-rate grid of every learned method, each chosen on "
                + "validation (default: the preset's, 0.001,0.003 with --quick, else 0.0003,0.001,0.003).")
        java.util.List<Double> learningRates;

        @Option(names = "--dncnn", paramLabel = "LxC", description = "DnCNN depth x width of both forms (default: the preset's, 6x16 with --quick, "
                + "else the paper's 17x64).")
        String dncnn;

        @Option(names = "--methods", split = ",", paramLabel = "M,...", description = "Learned methods to train and score (default: all of "
                + "dncnn, dncnn_direct, polar_cnn, polar_transformer); none and wiener are always scored, and each method's data and initial "
                + "weights are those of a full run.")
        java.util.List<String> methods;

        /** The preset with this command's overrides applied, in the order the options document. */
        SimPolarBenchmarkOptions options() {
            SimPolarBenchmarkOptions o = quick ? SimPolarBenchmarkOptions.quickPreset() : SimPolarBenchmarkOptions.standardPreset();
            if (dncnn != null) {
                int[] lc = dncnnSize(dncnn);
                o = o.withDncnn(lc[0], lc[1]);
            }
            if (methods != null) o = o.withLearned(learned(methods));
            if (snrs != null) o = o.withSnrs(positiveDistinct("--snr", snrs));
            if (seeds != null) {
                if (seeds.isEmpty()) throw new CliError("--seeds: give at least one seed");
                o = o.withSeeds(seeds);
            }
            if (steps != null) {
                if (steps < 3) throw new CliError("--steps must be at least 3 (validation every N/3 steps), got " + steps);
                o = o.withTuning(o.tuning().withSteps(steps, steps / 3));
            }
            if (learningRates != null)
                o = o.withTuning(o.tuning().withLearningRates(positiveDistinct("--lr", learningRates)));
            if (validateEvery != null) {
                if (validateEvery < 1 || validateEvery > o.tuning().maxSteps())
                    throw new CliError("--validate-every must be between 1 and the most steps (" + o.tuning().maxSteps() + "), got " + validateEvery);
                o = o.withTuning(o.tuning().withSteps(o.tuning().maxSteps(), validateEvery));
            }
            return o;
        }

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            SimPolarBenchmarkOptions o = options();
            if (!Files.isDirectory(templates))
                throw new CliError("--templates " + templates.toAbsolutePath().normalize() + ": no such directory (the density templates NAME.mrc: "
                        + String.join(", ", o.split().all()) + ")");
            for (String n : o.split().all())
                if (!Files.isRegularFile(templates.resolve(n + ".mrc")))
                    throw new CliError("--templates " + templates.resolve(n + ".mrc").toAbsolutePath().normalize() + ": template missing");
            paths().outDir("--out", out, rel -> true).check();
            ui.log("benchmark polar-sim: %s preset, seeds %s, SNR %s, learned methods %s; output in %s", quick ? "quick" : "standard", o.seeds(),
                    o.snrs(), o.learnedNames(), Ui.show(out));
            long t0 = System.nanoTime();
            java.time.Instant start = java.time.Instant.now();
            Bar bar = new Bar(ui);
            try {
                SimPolarBenchmark.run(o, templates, out, bar, DeviceChoice.resolve(root().device, ui));
            } catch (Exception e) {
                RunRecords.afterFailure(spec, out, start, t0, e);
                throw e;
            }
            RunRecords.write(spec, out, start, t0);
            bar.done();
            ui.out.printf(Locale.ROOT, "%nwrote %s (and results_long.csv, fsc_summary.csv, fsc_curves.csv, choices.txt, run.txt) in %s%n",
                    Ui.show(out.resolve("summary.csv")), Ui.duration((System.nanoTime() - t0) / 1e9));
            ui.out.print(Files.readString(out.resolve("summary.csv")));
        }

        /** {@code LxC} with at least 2 layers and 1 channel, or a one-line error. */
        private static int[] dncnnSize(String v) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,4})x(\\d{1,5})").matcher(v.trim());
            if (!m.matches()) throw new CliError("--dncnn " + v + ": expected LAYERSxCHANNELS, e.g. 17x64");
            int l = Integer.parseInt(m.group(1)), c = Integer.parseInt(m.group(2));
            if (l < 2 || c < 1) throw new CliError("--dncnn " + v + ": need at least 2 layers and 1 channel");
            return new int[] {l, c};
        }

        /** Model-kind labels, each once, or a one-line error naming the unknown one. */
        private static java.util.Set<ModelKind> learned(java.util.List<String> labels) {
            if (labels.isEmpty()) throw new CliError("--methods: give at least one of " + ModelKind.labels());
            java.util.Set<ModelKind> out = java.util.EnumSet.noneOf(ModelKind.class);
            for (String l : labels) {
                ModelKind k;
                try {
                    k = ModelKind.ofLabel(l.trim());
                } catch (IllegalArgumentException e) {
                    throw new CliError("--methods: unknown method '" + l + "' (learned methods: " + ModelKind.labels() + ")");
                }
                if (!out.add(k)) throw new CliError("--methods " + String.join(",", labels) + ": " + l + " is given twice");
            }
            return out;
        }

        /** {@link PolarCommands#positive}, each value once. */
        private static java.util.List<Double> positiveDistinct(String option, java.util.List<Double> values) {
            if (new java.util.HashSet<>(positive(option, values)).size() != values.size())
                throw new CliError(option + " " + values + ": a value is given twice");
            return values;
        }
    }

    /** A non-empty list of positive, finite values, or a one-line error naming the option. */
    static java.util.List<Double> positive(String option, java.util.List<Double> values) {
        if (values.isEmpty()) throw new CliError(option + ": give at least one value");
        for (double v : values) if (!(v > 0) || Double.isInfinite(v)) throw new CliError(option + " must be positive and finite, got " + v);
        return values;
    }
}
