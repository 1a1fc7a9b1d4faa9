package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.cryograd.tensor.Device;
import org.cryograd.api.Cancellation;
import org.cryograd.dual.DualConfig;
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

        @Option(names = "--rescale-to", paramLabel = "Å", description = "Rescale every volume to this voxel size first (Fourier cropping/padding, "
                + "written under OUT/rescaled/); without it, domains whose voxel sizes differ by more than 1 % are refused.")
        Double rescaleTo;

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

        @Option(names = "--kl-memory", paramLabel = "PATCHES",
                description = "Earlier noisy training patches whose codes (by the current encoder) join each batch's in the KL's mean and "
                        + "covariance (0: the batch alone, as in the paper). Default: the preset's, 8 x the code size.")
        Integer klMemory;

        @Option(names = "--lambda-kl", paramLabel = "W",
                description = "Weight of the noise-code KL term (λ3 of the paper; default: the preset's, the paper's 0.1). Larger values pull "
                        + "the codes closer to N(0, I), which simulation draws from (results/dual-codes/).")
        Double lambdaKl;

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
            if (klMemory != null) {
                if (klMemory < 0) throw new CliError("--kl-memory must be 0 (batch-only KL) or a positive number of patches, got " + klMemory);
                c = c.withKlMemory(klMemory);
            }
            if (lambdaKl != null) c = c.withLambdaKl(checkLambdaKl(lambdaKl));
            List<Path> n = volumes(noisy, "--noisy"), cl = volumes(clean, "--clean");
            paths().in("--noisy", n).in("--clean", cl).outDir("--out", out, Train::writes).check();
            if (rescaleTo != null) {
                if (!(rescaleTo > 0 && Double.isFinite(rescaleTo))) throw new CliError("--rescale-to must be a positive number of Å, got " + rescaleTo);
                n = rescaled(out, n, "--noisy", "noisy", rescaleTo, ui);
                cl = rescaled(out, cl, "--clean", "clean", rescaleTo, ui);
            } else {
                checkVoxelSizes(n, cl, ui);
            }
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

    /** Largest relative difference of voxel sizes that {@code train-dual} accepts between and within its domains. */
    static final double VOXEL_TOLERANCE = 0.01;

    /**
     * Refuses noisy and clean volumes whose x voxel sizes differ by more than 1 % (DUAL learns one mapping between
     * the domains; the paper rescales both to 1 nm). Volumes without a voxel size are noted and not checked.
     */
    static void checkVoxelSizes(List<Path> noisy, List<Path> clean, Ui ui) {
        double[] a = voxelRange(noisy, "--noisy", ui), b = voxelRange(clean, "--clean", ui);
        for (double[] r : new double[][] {a, b})
            if (r != null && r[1] > r[0] * (1 + VOXEL_TOLERANCE))
                throw new CliError("train-dual: the " + (r == a ? "noisy" : "clean") + " volumes have voxel sizes from " + Reconstruction.plain(r[0]) + " to "
                        + Reconstruction.plain(r[1]) + " Å; one domain must share one voxel size: rescale them (cryograd rescale, or --rescale-to Å)");
        if (a == null || b == null) return;
        double lo = Math.min(a[0], b[0]), hi = Math.max(a[0], b[0]);
        if (hi > lo * (1 + VOXEL_TOLERANCE))
            throw new CliError(String.format(java.util.Locale.ROOT, "train-dual: the noisy volumes have %s Å voxels but the clean ones %s Å (%.1f %% apart); "
                    + "the two domains must share a voxel size (the paper rescales both to 10 Å): give --rescale-to Å, or run cryograd rescale first",
                    Reconstruction.plain(a[0]), Reconstruction.plain(b[0]), 100 * (hi / lo - 1)));
    }

    /** Smallest and largest x voxel size of the volumes with one, or null when none has one (noted). */
    private static double[] voxelRange(List<Path> files, String option, Ui ui) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        int unknown = 0;
        for (Path f : files) {
            double v = Inputs.voxelSize(Inputs.mrcHeaderOnly(f, option));
            if (v > 0) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            } else {
                unknown++;
            }
        }
        if (unknown > 0) ui.log("note: %d %s volume(s) have no voxel size in their header; their voxel size is not checked", unknown, option);
        return hi > 0 ? new double[] {lo, hi} : null;
    }

    /** Each volume rescaled to {@code target} Å into OUT/rescaled/DOMAIN/ (those already within 1 % are used as they are). */
    static List<Path> rescaled(Path outDir, List<Path> files, String option, String domain, double target, Ui ui) throws java.io.IOException {
        List<Path> out2 = new ArrayList<>();
        int done = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            double v = Inputs.voxelSize(Inputs.mrcHeaderOnly(f, option));
            if (!(v > 0)) throw new CliError(option + " " + f + ": no voxel size in its header; cannot rescale it to " + Reconstruction.plain(target) + " Å");
            if (Math.abs(v / target - 1) <= VOXEL_TOLERANCE) {
                out2.add(f);
                continue;
            }
            Path dst = outDir.resolve("rescaled").resolve(domain).resolve(String.format(java.util.Locale.ROOT, "%03d_%s", i, f.getFileName()));
            RescaleCommand.rescale(f, option, dst, target, null);
            out2.add(dst);
            done++;
        }
        if (done > 0) ui.log("train-dual: rescaled %d %s volume(s) to %s Å into %s", done, domain, Reconstruction.plain(target), Ui.show(outDir.resolve("rescaled")));
        return out2;
    }

    /** The {@code --histogram-bins} option of {@code train-dual} and {@code benchmark dual}: 0 or at least 2. */
    static int checkHistogramBins(int bins) {
        if (bins != 0 && bins < 2) throw new CliError("--histogram-bins must be 0 (off) or at least 2, got " + bins);
        return bins;
    }

    /** The {@code --lambda-kl} option of {@code train-dual} and {@code benchmark dual-sim}: a finite weight >= 0. */
    static double checkLambdaKl(double v) {
        if (!(v >= 0 && Double.isFinite(v))) throw new CliError("--lambda-kl must be a finite weight >= 0, got " + v);
        return v;
    }

    /** The {@code --lr-decay} option of {@code train-dual} and {@code benchmark dual}: a fraction of the run. */
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
            ProgressDisplay bar = new ProgressDisplay(ui);
            try {
                org.cryograd.api.Denoise.run(m, in, out, singlePass, bar, Cancellation.NONE);
            } catch (IllegalArgumentException e) { // the input's problems, named with the file
                String msg = String.valueOf(e.getMessage());
                throw new CliError("--in " + (msg.startsWith(in.toString()) ? msg : in + ": " + msg), e);
            }
            bar.finish("dual", "tile passes");
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
