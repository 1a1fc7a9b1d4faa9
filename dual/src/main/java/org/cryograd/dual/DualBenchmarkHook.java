package org.cryograd.dual;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.benchmark.DenoiserFactory;
import org.cryograd.em.benchmark.NoiseCodeProbe;
import org.cryograd.em.benchmark.TrainingData;
import org.cryograd.em.benchmark.VolumeSimulator;
import org.cryograd.em.denoise.VolumeDenoiser;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Rng;

/**
 * DUAL inside the synthetic benchmark ({@link org.cryograd.em.benchmark.DualBenchmark}): train for a fixed number of
 * steps on lists of noisy and clean volumes and get back the model as a whole-volume denoiser (Dn, tiled) and
 * simulator (Gs + Gn). Volumes wrap {@code float[]} arrays with their dims without copying
 * ({@code new Volume(data, nz, ny, nx)}).
 */
public final class DualBenchmarkHook {
    private DualBenchmarkHook() {}

    /**
     * A trained model seen as the benchmark's denoiser and simulator. Outputs are in the clean domain's standardised
     * units (zero mean, unit std of the training density maps).
     *
     * @param model the trained model
     * @param flips the flips denoising averages over ({@link DualModel#denoise(Volume, Augment)})
     * @param steps the training steps that made the model, for its description; 0 when not known
     */
    public record Trained(DualModel model, Augment flips, int steps) implements VolumeDenoiser, VolumeSimulator, NoiseCodeProbe {
        /** Checks the arguments. */
        public Trained {
            if (model == null || flips == null) throw new IllegalArgumentException("DualBenchmarkHook.Trained: model and flips must not be null");
            if (steps < 0) throw new IllegalArgumentException("DualBenchmarkHook.Trained: steps must be >= 0, got " + steps);
        }

        /** A model of unknown training length denoising with {@code flips}. */
        public Trained(DualModel model, Augment flips) {
            this(model, flips, 0);
        }

        /** Denoising averaged over the flips the model was trained with, as {@code cryograd denoise} does by default. */
        public Trained(DualModel model) {
            this(model, model.config().augment());
        }

        @Override
        public float[] denoise(float[] voxels, int nz, int ny, int nx) {
            VolumeDenoiser.checkShape("DUAL denoise", voxels, nz, ny, nx);
            return model.denoise(new Volume(voxels, nz, ny, nx), flips).data();
        }

        /** How the benchmark's {@code details.csv} names this denoiser: the flips and the configuration's widths and training settings. */
        @Override
        public String toString() {
            DualConfig c = model.config();
            return String.format(java.util.Locale.ROOT, "DUAL Dn, %s (U-Net base %d, encoder %d, K %d, batch %d, lr %s, lambda_kl %s, kl memory %d%s)",
                    flips == Augment.NONE ? "single pass" : flips.count() + "-flip average", c.unetBase(), c.encoderBase(), c.codeSize(), c.batchSize(),
                    java.math.BigDecimal.valueOf(c.lr()).toPlainString(), java.math.BigDecimal.valueOf(c.lambdaKl()).toPlainString(), c.klMemory(),
                    steps > 0 ? ", " + steps + " steps" : "");
        }

        @Override
        public float[] simulate(float[] cleanMap, int nz, int ny, int nx, long seed) {
            VolumeDenoiser.checkShape("DUAL simulate", cleanMap, nz, ny, nx);
            return model.simulate(new Volume(cleanMap, nz, ny, nx), new Rng(seed)).data();
        }

        /** The codes of {@link #CODE_PATCHES} random patches ({@link DualModel#codeStatistics}), unflipped and with the training flips. */
        @Override
        public java.util.Map<String, Double> codeStatistics(float[] tomogram, int nz, int ny, int nx, long seed) {
            VolumeDenoiser.checkShape("DUAL code statistics", tomogram, nz, ny, nx);
            List<Volume> v = List.of(new Volume(tomogram, nz, ny, nx));
            CodeStatistics s = model.codeStatistics(v, CODE_PATCHES, new Rng(seed));
            CodeStatistics f = model.codeStatistics(v, CODE_PATCHES, new Rng(seed), model.config().augment());
            java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
            m.put(METRICS.get(0), s.maxAbsMean());
            m.put(METRICS.get(1), s.maxCovarianceError());
            m.put(METRICS.get(2), s.kl(model.config().klEps()));
            m.put(METRICS.get(3), f.maxAbsMean());
            m.put(METRICS.get(4), f.maxCovarianceError());
            m.put(METRICS.get(5), f.kl(model.config().klEps()));
            return m;
        }
    }

    /** Patches whose codes {@link Trained#codeStatistics} measures. */
    public static final int CODE_PATCHES = 256;

    /**
     * Learning rate of the benchmarks' short DUAL runs: 5x the paper's 1e-4, which leaves 600 steps far from converged
     * (measured in dual/README.md).
     */
    public static final double BENCHMARK_LR = 5e-4;

    /** The benchmarks' DUAL configuration: {@link DualConfig#quick()} at {@link #BENCHMARK_LR}. */
    public static DualConfig benchmarkConfig() {
        return DualConfig.quick().withLr(BENCHMARK_LR);
    }

    /**
     * Trains {@code steps} DUAL steps (one epoch of {@code steps}).
     *
     * @param noisy    noisy-domain volumes (e.g. simulated tomograms)
     * @param clean    clean-domain volumes (e.g. grand models / density maps)
     * @param config   configuration ({@link DualConfig#stepsPerEpoch()} is replaced by {@code steps})
     * @param steps    training steps
     * @param seed     seed of everything random
     * @param workDir  where checkpoint, losses and model go; null for a temporary directory
     * @param progress callback, or null
     */
    public static Trained trainDenoiser(List<Volume> noisy, List<Volume> clean, DualConfig config, int steps, long seed, Path workDir,
            TrainingListener progress) {
        return trainDenoiser(noisy, clean, config, steps, seed, workDir, progress, Device.cpu());
    }

    /** {@link #trainDenoiser(List, List, DualConfig, int, long, Path, TrainingListener)} on {@code device}. */
    public static Trained trainDenoiser(List<Volume> noisy, List<Volume> clean, DualConfig config, int steps, long seed, Path workDir,
            TrainingListener progress, Device device) {
        try {
            Path dir = workDir != null ? workDir : Files.createTempDirectory("cryograd-dual-");
            DualTrainingOptions o = new DualTrainingOptions(null, null, noisy, clean, config.withStepsPerEpoch(steps), 1, dir, seed, false, device);
            DualModel m = DualTraining.train(o, progress);
            return new Trained(m, m.config().augment(), steps);
        } catch (IOException e) {
            throw new UncheckedIOException("DUAL benchmark training failed: " + e.getMessage(), e);
        }
    }

    /**
     * The benchmark's {@link DenoiserFactory}: trains DUAL on the benchmark's domains (tomograms 0-3 against grand
     * models 4-7) with {@code config} for {@code steps} steps, seeded by the benchmark's seed.
     *
     * @param workDir  where the run's checkpoint, losses and model go (null: a temporary directory)
     * @param progress DUAL's own progress (may be null); the benchmark's progress gets one line at start and end
     */
    public static DenoiserFactory factory(DualConfig config, int steps, Path workDir, TrainingListener progress) {
        return factory(config, steps, workDir, progress, Device.cpu());
    }

    /**
     * {@link #factory(DualConfig, int, Path, TrainingListener)} training and denoising on {@code device}; the denoiser
     * averages over the training flips {@link DualConfig#augment()}.
     */
    public static DenoiserFactory factory(DualConfig config, int steps, Path workDir, TrainingListener progress, Device device) {
        return factory(config, steps, workDir, progress, device, config.augment());
    }

    /**
     * {@link #factory(DualConfig, int, Path, TrainingListener, Device)} whose denoiser averages over {@code flips}
     * ({@link Augment#NONE}: a single pass per tile).
     */
    public static DenoiserFactory factory(DualConfig config, int steps, Path workDir, TrainingListener progress, Device device, Augment flips) {
        if (flips == null) throw new IllegalArgumentException("DualBenchmarkHook.factory: flips is null (use Augment.NONE for a single pass)");
        return (TrainingData d, org.cryograd.em.benchmark.BenchmarkProgress p) -> {
            List<Volume> noisy = new ArrayList<>(), clean = new ArrayList<>();
            for (float[] v : d.noisy()) noisy.add(new Volume(v, d.nz(), d.ny(), d.nx()));
            for (float[] v : d.clean()) clean.add(new Volume(v, d.nz(), d.ny(), d.nx()));
            p.report("dual", "training DUAL: " + steps + " steps on " + noisy.size() + " tomograms and " + clean.size() + " grand models");
            Trained t = new Trained(trainDenoiser(noisy, clean, config, steps, d.seed(), workDir, progress, device).model(), flips, steps);
            p.report("dual", "training done");
            return t;
        };
    }
}
