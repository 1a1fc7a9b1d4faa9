package org.cryograd.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.cryograd.tensor.Device;
import org.cryograd.dual.Augment;
import org.cryograd.dual.DualConfig;
import org.cryograd.dual.DualDenoise;
import org.cryograd.dual.DualModel;
import org.cryograd.dual.DualSimulate;
import org.cryograd.dual.DualTrainer;
import org.cryograd.dual.DualTraining;
import org.cryograd.dual.DualTrainingOptions;
import org.cryograd.dual.StepLosses;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.MrcHeader;
import org.cryograd.nn.io.SafeTensorsException;
import org.cryograd.nn.train.EpochReport;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.StepReport;
import org.cryograd.nn.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The DUAL subcommands: {@code train-dual}, {@code denoise}, and {@code simulate dual}. */
final class DualCommands {
    private DualCommands() {}

    /** MRC files named directly or found (sorted, *.mrc and *.rec) in the named directories. */
    static List<Path> volumes(List<Path> given, String option) {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> found = s.filter(f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return Files.isRegularFile(f) && (n.endsWith(".mrc") || n.endsWith(".rec") || n.endsWith(".map"));
                    }).sorted().toList();
                    if (found.isEmpty()) throw new CliError(option + " " + p + ": the directory holds no .mrc/.rec/.map files");
                    for (Path f : found) Inputs.mrcHeader(f, option); // a valid MRC file with finite data, named in the error
                    out.addAll(found);
                } catch (IOException e) {
                    throw new CliError(option + " " + p + ": cannot list the directory: " + e.getMessage(), e);
                }
            } else {
                Inputs.mrcHeader(p, option); // exists, readable, an MRC file
                out.add(p);
            }
        }
        if (out.isEmpty()) throw new CliError(option + ": no volumes given");
        return out;
    }

    /** A trained model directory: accepts the training output directory or its {@code model/} subdirectory. */
    static Path modelDir(Path given) {
        if (!Files.isDirectory(given)) throw new CliError("--model " + given + ": no such directory (train one with 'cryograd train-dual')");
        Path inner = given.resolve("model");
        if (!Files.exists(given.resolve("config.properties")) && Files.isDirectory(inner)) given = inner;
        if (!Files.exists(given.resolve("config.properties")) || !Files.exists(given.resolve("weights.safetensors")))
            throw new CliError("--model " + given + ": not a DUAL model directory (expected config.properties and weights.safetensors)");
        return given;
    }

    /** The files of a model directory that its users read. */
    static List<Path> modelFiles(Path given) {
        Path d = modelDir(given);
        return List.of(d.resolve(DualModel.CONFIG), d.resolve(DualModel.WEIGHTS), d.resolve(DualModel.REGISTRATION));
    }

    /**
     * {@link #modelDir}, then a check that every weight is finite, for commands whose library call loads the model
     * itself: the error then comes first, as one line naming the file and the tensor.
     */
    static Path checkedModelDir(Path given) {
        Path dir = modelDir(given);
        Inputs.finiteWeights(dir.resolve(DualModel.WEIGHTS), "--model");
        return dir;
    }

    static DualModel loadModel(Path dir) {
        try {
            return DualModel.load(modelDir(dir));
        } catch (FileFormatException | SafeTensorsException | IllegalArgumentException e) { // malformed, or a weight NaN/Inf: names file and tensor
            throw new CliError("--model " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliError("--model " + dir + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Command(name = "train-dual", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train DUAL (unsupervised denoising and simulation) on two unpaired sets of volumes: noisy tomograms and clean "
                    + "volumes (density maps, or high-SNR tomograms for domain adaptation).",
                "Writes OUT/checkpoint (every epoch; running the same command again resumes), OUT/losses.csv and .png, and the model in OUT/model."})
    static final class Train extends BaseCommand {
        @Option(names = "--noisy", required = true, split = ",", paramLabel = "DIR|FILES", description = "Noisy-domain volumes (MRC files or directories).")
        List<Path> noisy;

        @Option(names = "--clean", required = true, split = ",", paramLabel = "DIR|FILES", description = "Clean-domain volumes (MRC files or directories).")
        List<Path> clean;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--preset", defaultValue = "quick", paramLabel = "quick|paper",
                description = "quick: small networks that train on a CPU; paper: the full-size networks (a GPU job). Default: ${DEFAULT-VALUE}.")
        String preset;

        @Option(names = "--epochs", defaultValue = "4", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--steps-per-epoch", paramLabel = "N", description = "Training steps per epoch (default: the preset's).")
        Integer stepsPerEpoch;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of weights, patches and noise codes (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--lr-decay", defaultValue = "0", paramLabel = "FRACTION",
                description = "Let both learning rates fall linearly towards 0 over this last fraction of the run (CycleGAN's linear policy; "
                        + "the schedule counts the whole run, so resume with the same --epochs). Default: ${DEFAULT-VALUE}, a constant rate.")
        double lrDecay;

        @Option(names = "--histogram-bins", defaultValue = "0", paramLabel = "N",
                description = "Give both discriminators a voxel-histogram branch with N bins (our addition to the paper; simulations get "
                        + "voxel values distributed more like the real tomograms, see dual/README.md). Default: ${DEFAULT-VALUE}, off.")
        int histogramBins;

        @Option(names = "--restart", description = "Ignore an existing checkpoint in --out and start afresh.")
        boolean restart;

        /** What training writes in its output directory (paths relative to it). */
        static boolean writes(String rel) {
            return rel.equals(DualTrainer.CHECKPOINT) || rel.equals(DualTrainer.LOSSES_CSV) || rel.equals(DualTrainer.LOSSES_PNG)
                    || rel.startsWith(DualTrainer.MODEL_DIR + "/");
        }

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            if (epochs < 1) throw new CliError("--epochs must be at least 1, got " + epochs);
            checkLrDecay(lrDecay);
            if (stepsPerEpoch != null && stepsPerEpoch < 1) throw new CliError("--steps-per-epoch must be at least 1, got " + stepsPerEpoch);
            DualConfig c = switch (preset.toLowerCase(Locale.ROOT)) {
                case "quick" -> DualConfig.quick();
                case "paper", "default", "defaults" -> DualConfig.defaults();
                default -> throw new CliError("--preset " + preset + ": choose quick or paper");
            };
            if (stepsPerEpoch != null) c = c.withStepsPerEpoch(stepsPerEpoch);
            c = c.withLrDecay(lrDecay).withHistogramBins(checkHistogramBins(histogramBins));
            List<Path> n = volumes(noisy, "--noisy"), cl = volumes(clean, "--clean");
            paths().in("--noisy", n).in("--clean", cl).outDir("--out", out, Train::writes).check();
            ui.log("train-dual: %d noisy and %d clean volumes, preset %s, %d epochs x %d steps; output in %s", n.size(), cl.size(), preset,
                    epochs, c.stepsPerEpoch(), Ui.show(out));
            Device device = DeviceChoice.resolve(root().device, ui);
            DualTrainingOptions o = new DualTrainingOptions(n, cl, null, null, c, epochs, out, seed, !restart, device);
            long t0 = System.nanoTime();
            try {
                DualTraining.train(o, new Bar(ui));
            } catch (FileFormatException e) {
                throw new CliError("train-dual: " + e.getMessage(), e);
            }
            ui.out.printf(Locale.ROOT, "wrote %s (model), %s, %s in %s%n", Ui.show(out.resolve("model")), Ui.show(out.resolve("losses.csv")),
                    Ui.show(out.resolve("losses.png")), Ui.duration((System.nanoTime() - t0) / 1e9));
        }
    }

    /** The {@code --lr-decay} option of {@code train-dual} and {@code benchmark dual}: a fraction of the run. */
    static int checkHistogramBins(int bins) {
        if (bins != 0 && bins < 2) throw new CliError("--histogram-bins must be 0 (off) or at least 2, got " + bins);
        return bins;
    }

    static void checkLrDecay(double v) {
        if (!(v >= 0 && v <= 1)) throw new CliError("--lr-decay must be in [0, 1], got " + v);
    }

    /** One progress bar over all steps of the run, with the latest losses. */
    static final class Bar implements TrainingListener {
        private final Ui ui;
        private ProgressBar bar;

        Bar(Ui ui) {
            this.ui = ui;
        }

        @Override
        public void started(Stage stage) {
            if (stage.startEpoch() > 0) ui.log("train-dual: resuming after epoch %d of %d", stage.startEpoch(), stage.epochs());
            bar = new ProgressBar(ui, "dual", stage.totalSteps());
        }

        @Override
        public void step(Stage stage, StepReport r) {
            StepLosses l = StepLosses.of(r.losses());
            if (bar != null) bar.update(r.step(), String.format(Locale.ROOT, "epoch %d, rec %.3f, adv %.3f, D %.3f", r.epoch() + 1,
                    l.recV() + l.recT(), l.advG(), l.advD()));
        }

        @Override
        public void epochFinished(Stage stage, EpochReport e) {
            ui.debug("train-dual: epoch %d done (total loss %.4f), checkpoint %s", e.epoch() + 1, StepLosses.of(e.mean()).total(), Ui.show(e.checkpoint()));
        }
    }

    @Command(name = "denoise", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Denoise a tomogram of any size with a trained DUAL model (overlapping tiles, blended; values in the clean domain's "
                    + "standardised units).")
    static final class Denoise extends BaseCommand {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "A 'train-dual' output directory (or its model/).")
        Path model;

        @Option(names = "--in", required = true, paramLabel = "TOMO.mrc", description = "Input tomogram.")
        Path in;

        @Option(names = "--out", required = true, paramLabel = "OUT.mrc", description = "Denoised tomogram.")
        Path out;

        @Option(names = "--single-pass", description = "Run the denoiser once per tile instead of averaging it over the flips the model was trained with "
                + "(by default the 4 that keep any missing wedge; 4x faster, about 1 dB lower PSNR on the synthetic benchmark).")
        boolean singlePass;

        @Option(names = "--overlap", paramLabel = "VOXELS", description = "Overlap of neighbouring tiles (default: the model's, 8 for both "
                + "presets); more is smoother and slower (16 on 32^3 tiles: 3.4x the tiles).")
        Integer overlap;

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            MrcHeader h = Inputs.mrcHeader(in, "--in");
            paths().in("--in", in).in("--model", modelFiles(model)).out("--out", out).check();
            Memory.require("denoising a " + h.nx() + "x" + h.ny() + "x" + h.nz() + " tomogram", Memory.floats(2L * h.nx() * h.ny() * h.nz()),
                    "the tomogram and its denoised copy");
            DualModel m = loadModel(model);
            if (overlap != null) {
                try {
                    m = m.withTileOverlap(overlap);
                } catch (IllegalArgumentException e) {
                    throw new CliError("--overlap " + overlap + ": " + e.getMessage(), e);
                }
            }
            m.to(DeviceChoice.resolve(root().device, ui));
            long t0 = System.nanoTime();
            try {
                DualDenoise.run(m, in, out, singlePass ? Augment.NONE : m.config().augment());
            } catch (FileFormatException e) {
                throw new CliError("--in " + in + ": " + e.getMessage(), e);
            } catch (UncheckedIOException e) {
                throw new CliError("--in " + in + ": " + e.getMessage(), e);
            }
            ui.out.printf(Locale.ROOT, "wrote %s (%s)%n", Ui.show(out), Ui.duration((System.nanoTime() - t0) / 1e9));
        }
    }

    @Command(name = "dual", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Simulate tomograms from a density map with a trained DUAL model (structure generator plus random noise codes).")
    static final class Simulate extends BaseCommand {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "A 'train-dual' output directory (or its model/).")
        Path model;

        @Option(names = "--in", required = true, paramLabel = "DENSITY.mrc", description = "Density map (any size).")
        Path in;

        @Option(names = "--draws", defaultValue = "1", paramLabel = "N", description = "Number of simulated tomograms (default: ${DEFAULT-VALUE}).")
        int draws;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the noise codes (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (sim_000.mrc, ...).")
        Path out;

        /** Whether this run writes {@code rel} into --out: sim_000.mrc ... (DualSimulate's names). */
        boolean writes(String rel) {
            if (!rel.matches("sim_\\d{3,5}\\.mrc")) return false;
            int i = Integer.parseInt(rel.substring(4, rel.length() - 4));
            return i < draws && rel.equals(String.format(Locale.ROOT, "sim_%03d.mrc", i));
        }

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            if (draws < 1 || draws > 10_000) throw new CliError("--draws must be between 1 and 10000, got " + draws);
            MrcHeader h = Inputs.mrcHeader(in, "--in");
            paths().in("--in", in).in("--model", modelFiles(model))
                    .outDir("--out", out, this::writes).check();
            Path dir = checkedModelDir(model);
            Memory.require("simulating from a " + h.nx() + "x" + h.ny() + "x" + h.nz() + " map", Memory.floats(2L * h.nx() * h.ny() * h.nz()),
                    "the map and one simulated tomogram");
            long t0 = System.nanoTime();
            List<Path> files;
            try {
                files = DualSimulate.run(dir, in, draws, out, seed, DeviceChoice.resolve(root().device, ui));
            } catch (FileFormatException e) {
                throw new CliError("--in " + in + ": " + e.getMessage(), e);
            }
            ui.out.printf(Locale.ROOT, "wrote %d simulated tomogram%s to %s (%s)%n", files.size(), files.size() == 1 ? "" : "s", Ui.show(out),
                    Ui.duration((System.nanoTime() - t0) / 1e9));
        }
    }
}
