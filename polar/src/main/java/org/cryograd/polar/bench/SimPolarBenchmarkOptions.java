package org.cryograd.polar.bench;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cryograd.polar.Interpolation;
import org.cryograd.polar.model.PolarModelConfig;
import org.cryograd.polar.train.ModelKind;

/**
 * Settings of {@link SimPolarBenchmark#run}.
 *
 * @param quick            quick preset (recorded in the output; the sizes below decide the cost)
 * @param imageSize        image side {@code N}
 * @param pixelSize        Å per pixel; the 10 Å templates are resampled to it ({@code DensityMap.resampled}: trilinear
 *                         samples, box-averaged when shrinking)
 * @param setSize          images per set
 * @param snrs             SNRs
 * @param polar            polar CNN / transformer sizes
 * @param dncnnLayers      DnCNN depth (paper: 17)
 * @param dncnnChannels    DnCNN width (paper: 64)
 * @param setsPerStep      training sets per optimizer step
 * @param tuning           learning-rate grid, step budget and validation interval (the same for every learned method)
 * @param validationImages validation images per setting (validation molecules)
 * @param testImages       test images per setting (test molecules)
 * @param downstreamImages images of the first test molecule for the reconstruction (directional sets, lowest SNR)
 * @param split            train / validation / test molecules
 * @param seeds            seeds (each: data and initialisation)
 * @param learned          the learned methods to train and score (the Wiener filter and the raw images always are);
 *                         a subset keeps every other method's data and initial weights as in a full run
 */
public record SimPolarBenchmarkOptions(boolean quick, int imageSize, double pixelSize, int setSize, List<Double> snrs, PolarModelConfig polar,
        int dncnnLayers, int dncnnChannels, int setsPerStep, ValidatedTraining.Settings tuning, int validationImages, int testImages,
        int downstreamImages, TemplateSplit split, List<Long> seeds, Set<ModelKind> learned) {
    private static final List<ModelKind> TRAINING_ORDER = List.of(ModelKind.DNCNN, ModelKind.DNCNN_DIRECT, ModelKind.POLAR_CNN,
            ModelKind.POLAR_TRANSFORMER);

    /** Validates. */
    public SimPolarBenchmarkOptions {
        snrs = List.copyOf(snrs);
        seeds = List.copyOf(seeds);
        if (learned == null || learned.isEmpty()) throw new IllegalArgumentException("SimPolarBenchmarkOptions: name at least one learned method");
        learned = Set.copyOf(learned);
        if (dncnnLayers < 2 || dncnnChannels < 1)
            throw new IllegalArgumentException("SimPolarBenchmarkOptions: DnCNN needs >= 2 layers and >= 1 channel, got " + dncnnLayers + " x " + dncnnChannels);
        if (snrs.isEmpty() || seeds.isEmpty()) throw new IllegalArgumentException("SimPolarBenchmarkOptions: snrs and seeds must not be empty");
        for (double s : snrs) if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("SimPolarBenchmarkOptions: SNR " + s + " must be > 0");
        if (setSize < 1 || setsPerStep < 1 || validationImages < setSize || testImages < setSize || downstreamImages < setSize)
            throw new IllegalArgumentException("SimPolarBenchmarkOptions: need setSize, setsPerStep >= 1 and validation, test and downstream images >= setSize");
        if (polar.imageSize() != imageSize)
            throw new IllegalArgumentException("SimPolarBenchmarkOptions: polar.imageSize " + polar.imageSize() + " != imageSize " + imageSize);
        if (!(pixelSize > 0)) throw new IllegalArgumentException("SimPolarBenchmarkOptions: pixel size must be > 0 Å");
        if (split == null || tuning == null) throw new IllegalArgumentException("SimPolarBenchmarkOptions: split and tuning are required");
    }

    /**
     * Quick: 64 x 64 images of 5 Å, sets of 16, SNR 0.02, polar models with 32 channels, a small DnCNN of 6 layers x
     * 16 channels (method {@code dncnn_6x16}), learning rates {1e-3, 3e-3}, 120 steps of one set each with validation
     * every 40 steps, 64 validation and 256 test images per setting, downstream from 512 images; seeds 1, 2, 3.
     * Sized from step timings for about 20 minutes for the 3 seeds on 2 idle cores (a recorded run's wall time is in its
     * {@code run.txt}).
     */
    public static SimPolarBenchmarkOptions quickPreset() {
        return new SimPolarBenchmarkOptions(true, 64, 5.0, 16, List.of(0.02), new PolarModelConfig(64, 32, 3, 3, 9, 8, 4, 1, Interpolation.bilinear()),
                6, 16, 1, new ValidatedTraining.Settings(List.of(1e-3, 3e-3), 120, 40, 1.0), 64, 256, 512, TemplateSplit.DEFAULT, List.of(1L, 2L, 3L),
                EnumSet.allOf(ModelKind.class));
    }

    /**
     * Standard: 64 x 64 images of 5 Å, SNR 1, 0.1, 0.05, 0.02, DnCNN at the paper's 17 x 64, polar models with 64
     * channels, 4 sets of 16 per step, learning rates {3e-4, 1e-3, 3e-3}, 3000 steps with validation every 500, 256
     * validation and 1024 test images per setting, downstream from 2048 images; seeds 1, 2, 3. Not run on a CPU: DnCNN
     * 17 x 64 trains about 5 s per step of 16 images on 2 cores ({@code results/polar-sim-dncnn17-quick}: 600 steps in
     * 2,872-3,081 s), so a step of 64 images costs about 20 s and one seed of each DnCNN form 4 SNRs x 3 learning rates x
     * 3000 steps x 20 s ≈ 8 days (the transformer took 7.3 s per 64 images on busy cores): a GPU job
     * ({@code --device cuda}).
     */
    public static SimPolarBenchmarkOptions standardPreset() {
        return new SimPolarBenchmarkOptions(false, 64, 5.0, 16, List.of(1.0, 0.1, 0.05, 0.02), PolarModelConfig.small(64), 17, 64, 4,
                new ValidatedTraining.Settings(List.of(3e-4, 1e-3, 3e-3), 3000, 500, 1.0), 256, 1024, 2048, TemplateSplit.DEFAULT, List.of(1L, 2L, 3L),
                EnumSet.allOf(ModelKind.class));
    }

    /** The DnCNN's method name: {@code dncnn} at the paper's 17 x 64, else {@code dncnn_<layers>x<channels>}. */
    public String dncnnName() {
        return dncnnLayers == 17 && dncnnChannels == 64 ? "dncnn" : "dncnn_" + dncnnLayers + "x" + dncnnChannels;
    }

    /** The direct DnCNN's method name: {@code dncnn_direct} at 17 x 64, else {@code dncnn_direct_<layers>x<channels>}. */
    public String dncnnDirectName() {
        return dncnnName().replace("dncnn", "dncnn_direct");
    }

    /** A copy with other seeds. */
    public SimPolarBenchmarkOptions withSeeds(List<Long> s) {
        return new SimPolarBenchmarkOptions(quick, imageSize, pixelSize, setSize, snrs, polar, dncnnLayers, dncnnChannels, setsPerStep, tuning,
                validationImages, testImages, downstreamImages, split, s, learned);
    }

    /** A copy with other SNRs. */
    public SimPolarBenchmarkOptions withSnrs(List<Double> s) {
        return new SimPolarBenchmarkOptions(quick, imageSize, pixelSize, setSize, s, polar, dncnnLayers, dncnnChannels, setsPerStep, tuning,
                validationImages, testImages, downstreamImages, split, seeds, learned);
    }

    /** A copy with another tuning budget (e.g. for tests). */
    public SimPolarBenchmarkOptions withTuning(ValidatedTraining.Settings t) {
        return new SimPolarBenchmarkOptions(quick, imageSize, pixelSize, setSize, snrs, polar, dncnnLayers, dncnnChannels, setsPerStep, t,
                validationImages, testImages, downstreamImages, split, seeds, learned);
    }

    /** A copy with other image geometry, model sizes and evaluation sizes (e.g. small runs in tests). */
    public SimPolarBenchmarkOptions withSizes(int n, double pixel, int set, PolarModelConfig p, int layers, int channels, int valImages, int testImg,
            int downImages) {
        return new SimPolarBenchmarkOptions(quick, n, pixel, set, snrs, p, layers, channels, setsPerStep, tuning, valImages, testImg, downImages, split,
                seeds, learned);
    }

    /** A copy with another DnCNN depth and width (both forms). */
    public SimPolarBenchmarkOptions withDncnn(int layers, int channels) {
        return new SimPolarBenchmarkOptions(quick, imageSize, pixelSize, setSize, snrs, polar, layers, channels, setsPerStep, tuning, validationImages,
                testImages, downstreamImages, split, seeds, learned);
    }

    /** A copy that trains and scores only these learned methods. */
    public SimPolarBenchmarkOptions withLearned(Set<ModelKind> kinds) {
        return new SimPolarBenchmarkOptions(quick, imageSize, pixelSize, setSize, snrs, polar, dncnnLayers, dncnnChannels, setsPerStep, tuning,
                validationImages, testImages, downstreamImages, split, seeds, kinds);
    }

    /** Whether {@code kind} is trained and scored. */
    public boolean trains(ModelKind kind) {
        return learned.contains(kind);
    }

    /** The learned methods in the order {@link SimPolarBenchmark} trains them: the single-image ones, then the transformer. */
    public List<ModelKind> learnedInOrder() {
        return TRAINING_ORDER.stream().filter(learned::contains).toList();
    }

    /** {@link #learnedInOrder} as method names ({@link #methodName}). */
    public List<String> learnedNames() {
        return learnedInOrder().stream().map(this::methodName).toList();
    }

    /** A copy with another train / validation / test split of the molecules. */
    public SimPolarBenchmarkOptions withSplit(TemplateSplit s) {
        return new SimPolarBenchmarkOptions(quick, imageSize, pixelSize, setSize, snrs, polar, dncnnLayers, dncnnChannels, setsPerStep, tuning,
                validationImages, testImages, downstreamImages, s, seeds, learned);
    }

    /** The method name of a trained single-image model, or of the transformer (per setting in the results). */
    public String methodName(ModelKind kind) {
        return switch (kind) {
            case DNCNN -> dncnnName();
            case DNCNN_DIRECT -> dncnnDirectName();
            case POLAR_CNN, POLAR_TRANSFORMER -> kind.label();
        };
    }
}
