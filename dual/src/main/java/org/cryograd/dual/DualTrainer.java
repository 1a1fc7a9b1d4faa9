package org.cryograd.dual;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryograd.io.AtomicFiles;
import org.cryograd.io.LinePlot;
import org.cryograd.nn.optim.AdamOptions;
import org.cryograd.nn.optim.AdamW;
import org.cryograd.nn.optim.DivergedException;
import org.cryograd.nn.optim.LinearDecayLr;
import org.cryograd.nn.optim.LrSchedule;
import org.cryograd.nn.train.CheckpointPolicy;
import org.cryograd.nn.train.SettingsDiff;
import org.cryograd.nn.train.Trainer;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.nn.train.TrainingStep;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * DUAL's training, on the shared {@link Trainer}: {@link DualConfig#stepsPerEpoch()} steps of {@link DualStep} per
 * epoch on patches from a {@link PatchSampler}, AdamW on each side with the paper's settings, and after every epoch an
 * atomic checkpoint ({@code checkpoint.safetensors}: all six networks, the KL's memory of patches, both optimizers,
 * epoch/step and the position of the single random stream that draws patches, codes and permutations), the per-step
 * losses ({@code losses.csv}) and their plot ({@code losses.png}). A run started again on the same directory with
 * {@code resume} continues from the last checkpoint and ends bit-identical to an uninterrupted run. {@link #train}
 * finishes by saving the trained model ({@link DualModel}) under {@code model/}.
 */
public final class DualTrainer {
    /** Checkpoint file name inside the output directory. */
    public static final String CHECKPOINT = "checkpoint.safetensors";
    /** Loss table file name. */
    public static final String LOSSES_CSV = "losses.csv";
    /** Loss plot file name. */
    public static final String LOSSES_PNG = "losses.png";
    /** Directory of the trained model. */
    public static final String MODEL_DIR = "model";

    private final DualConfig cfg;
    private final PatchSampler sampler;
    private final Device device;
    private final Path outDir;
    private final TrainingListener progress;

    /**
     * @param cfg      model and training configuration
     * @param sampler  training patches (its patch size must equal {@code cfg.patchSize()})
     * @param outDir   where checkpoints, losses and the model go (created if needed)
     * @param progress callback, or null
     */
    public DualTrainer(DualConfig cfg, PatchSampler sampler, Path outDir, TrainingListener progress) {
        this(cfg, sampler, outDir, progress, Device.cpu());
    }

    /**
     * A trainer that runs every step on {@code device} (networks, optimizer state and batches live there; patches are
     * cut on the CPU and uploaded, codes and permutations are drawn on the device from the same seeded stream).
     *
     * @param device where training runs
     */
    public DualTrainer(DualConfig cfg, PatchSampler sampler, Path outDir, TrainingListener progress, Device device) {
        if (device == null) throw new IllegalArgumentException("DualTrainer: device is null");
        this.device = device;
        if (sampler.patchSize() != cfg.patchSize())
            throw new IllegalArgumentException("DualTrainer: sampler patch " + sampler.patchSize() + " != config patch " + cfg.patchSize());
        this.cfg = cfg;
        this.sampler = sampler;
        this.outDir = outDir;
        this.progress = TrainingListener.orNone(progress);
    }

    /** The paper's AdamW (the configuration's lr, betas, eps and weight decay) for a list of parameters. */
    public static AdamW adamW(DualConfig c, List<Tensor> params) {
        return new AdamW(params, AdamOptions.adamW(c.lr()).withBetas(c.beta1(), c.beta2()).withEps(c.adamEps()).withWeightDecay(c.weightDecay()));
    }

    /**
     * Trains to {@code epochs} epochs in total.
     *
     * @param epochs total epochs (a resumed run trains only the missing ones)
     * @param seed   seed of weights and of the random stream (ignored when resuming: the checkpoint's stream is used)
     * @param resume continue from {@code outDir/checkpoint.safetensors} when it exists
     * @return the trained model (also saved under {@code outDir/model})
     * @throws DivergedException at the first NaN or infinite loss term or gradient, naming the 1-based step and the
     *                           term; the last epoch's checkpoint is left as it was and no model is written
     */
    public DualModel train(int epochs, long seed, boolean resume) throws IOException {
        if (epochs < 1) throw new IllegalArgumentException("DualTrainer.train: epochs must be >= 1, got " + epochs);
        Files.createDirectories(outDir);
        Rng rng = new Rng(seed);
        DualNetworks nets = new DualNetworks(cfg, rng);
        nets.to(device); // before the optimizers: they keep state beside each parameter
        OptimizerPair opt = new OptimizerPair(adamW(cfg, nets.generatorParameters()), adamW(cfg, nets.discriminatorParameters()));
        Path ckpt = outDir.resolve(CHECKPOINT);
        List<double[]> history = new ArrayList<>();
        int steps = cfg.stepsPerEpoch();
        long total = (long) epochs * steps;
        DualStep step = new DualStep(nets, opt.generator(), opt.discriminator());
        LrSchedule lr = LinearDecayLr.ofFraction(cfg.lr(), total, cfg.lrDecay()); // a function of the step: resume needs nothing more
        TrainingStep dualStep = ctx -> {
            StepLosses l;
            try (Tensor tr = onDevice(sampler.noisy(cfg.batchSize(), ctx.rng())); Tensor vr = onDevice(sampler.clean(cfg.batchSize(), ctx.rng()))) {
                l = step.run(tr, vr, ctx.rng());
            }
            double[] v = l.values();
            for (int i = 0; i < v.length; i++) ctx.loss(StepLosses.COLUMNS[i], v[i]);
            double[] row = new double[v.length + 2];
            row[0] = ctx.step() + 1;
            row[1] = ctx.epoch() + 1;
            System.arraycopy(v, 0, row, 2, v.length);
            history.add(row);
        };
        Trainer.builder("dual", total, dualStep).stepsPerEpoch(steps)
                .optimizer(opt).schedule(lr, opt.generator(), opt.discriminator()).rng(rng)
                .checkpoint(ckpt, CheckpointPolicy.everyEpoch(), () -> trainingState(nets, step), () -> Map.of("config", cfg.toMap().toString()))
                .resume(resume)
                .resumeCheck(c -> {
                    if (c.model().containsKey(KlMemory.LEGACY_CODES))
                        throw new IllegalArgumentException(ckpt + ": written by an earlier cryograd whose KL memory held codes, not patches; it cannot"
                                + " resume with this version: start afresh (--restart)");
                    String saved = c.extra().get("config");
                    if (saved != null) {
                        DualConfig was = DualConfig.fromMap(parseMapText(saved), ckpt.toString());
                        if (!was.equals(cfg)) throw new IllegalArgumentException(ckpt + ": saved with a different DUAL config: " + differences(was, cfg)
                                + "; train with the same settings to resume, or start afresh (--restart)");
                    }
                    if (c.progress().epoch() > epochs)
                        throw new IllegalArgumentException(ckpt + ": this run has already trained " + c.progress().epoch() + " epochs, more than the "
                                + epochs + " asked for; ask for at least " + c.progress().epoch() + " epochs to go on, or start afresh (--restart)");
                    history.addAll(readHistory(outDir.resolve(LOSSES_CSV), c.progress().step()));
                })
                .onEpochEnd(() -> writeHistory(history))
                // the checkpoint on disk is the last good one, and no model is written
                .divergenceNote(() -> "training stopped; " + (Files.exists(ckpt) ? "the last good checkpoint " + ckpt + " is kept"
                        : "no checkpoint had been written yet") + " and no model was written")
                .listener(progress).build().run();
        DualModel model = new DualModel(cfg, nets);
        model.save(outDir.resolve(MODEL_DIR));
        return model;
    }

    /** What a checkpoint holds besides the optimizers and the stream: the six networks and the KL's memory of patches. */
    private static Map<String, Tensor> trainingState(DualNetworks nets, DualStep step) {
        Map<String, Tensor> m = new LinkedHashMap<>(nets.stateDict());
        m.putAll(step.klMemory().stateDict());
        return m;
    }

    /** The keys on which two configs differ, as {@code key: saved S, now N} (their canonical map form). */
    static String differences(DualConfig saved, DualConfig now) {
        return SettingsDiff.describe(saved.toMap(), now.toMap());
    }

    /**
     * Reads back the {@code {key=value, ...}} text the checkpoint stores ({@link DualConfig#toMap()}'s {@code toString}):
     * compared as a config, so keys added later with a default (e.g. {@code lrDecay}) still match older checkpoints.
     */
    static Map<String, String> parseMapText(String text) {
        String body = text.strip();
        if (body.startsWith("{") && body.endsWith("}")) body = body.substring(1, body.length() - 1);
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : body.split(", ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    private Tensor onDevice(Tensor cpu) {
        if (cpu.device().equals(device)) return cpu;
        try (cpu) {
            return cpu.to(device);
        }
    }

    private static List<double[]> readHistory(Path csv, long upToStep) throws IOException {
        List<double[]> rows = new ArrayList<>();
        if (!Files.exists(csv)) return rows;
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            double[] r = new double[f.length];
            try {
                for (int j = 0; j < f.length; j++) r[j] = Double.parseDouble(f[j]);
            } catch (NumberFormatException ex) {
                throw new IOException(csv + ": line " + (i + 1) + " is not a row of numbers: " + lines.get(i));
            }
            if (r[0] <= upToStep) rows.add(r);
        }
        return rows;
    }

    private void writeHistory(List<double[]> history) throws IOException {
        StringBuilder sb = new StringBuilder("step,epoch,").append(String.join(",", StepLosses.COLUMNS)).append('\n');
        for (double[] r : history) {
            sb.append((long) r[0]).append(',').append((long) r[1]);
            for (int i = 2; i < r.length; i++) sb.append(',').append(r[i]);
            sb.append('\n');
        }
        AtomicFiles.write(outDir.resolve(LOSSES_CSV), sb.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, double[]> curves = new LinkedHashMap<>();
        String[] names = {"L_rec (v + t)", "L_adv G", "L_KL", "L_adv D"};
        int[][] cols = {{2, 3}, {4}, {5}, {7}};
        for (int c = 0; c < names.length; c++) {
            double[] y = new double[history.size()];
            for (int i = 0; i < y.length; i++) for (int k : cols[c]) y[i] += history.get(i)[k];
            curves.put(names[c], y);
        }
        try {
            LinePlot.loss(curves).title(String.format(Locale.ROOT, "DUAL training losses (%d steps)", history.size())).write(outDir.resolve(LOSSES_PNG));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
