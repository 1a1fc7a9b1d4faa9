package org.cryograd.polar.bench;

import java.util.List;
import org.cryograd.polar.Interpolation;
import org.cryograd.polar.model.PolarModelConfig;

/**
 * Settings of {@link PolarBenchmark#run}.
 *
 * @param quick             quick mode (recorded in the output; the sizes below are what decide the cost)
 * @param imageSize         image side {@code N}
 * @param setSize           images per set
 * @param snrs              SNRs to test
 * @param polar             polar CNN / transformer sizes
 * @param dncnnLayers       DnCNN depth (paper: 17)
 * @param dncnnChannels     DnCNN width (paper: 64)
 * @param imagesPerStep     simulated images per training step (rounded to whole sets)
 * @param dncnnSteps        DnCNN training steps
 * @param polarCnnSteps     single-image polar CNN training steps
 * @param transformerSteps  polar transformer training steps (per setting)
 * @param learningRate      Adam learning rate (all models)
 * @param testImages        held-out images per (setting, SNR)
 * @param downstream        whether to run the 3-D reconstruction comparison (at the lowest SNR, directional sets)
 * @param downstreamImages  images for the reconstruction (one class, known orientations)
 * @param seed              master seed
 */
public record PolarBenchmarkOptions(boolean quick, int imageSize, int setSize, List<Double> snrs, PolarModelConfig polar, int dncnnLayers,
        int dncnnChannels, int imagesPerStep, int dncnnSteps, int polarCnnSteps, int transformerSteps, double learningRate, int testImages,
        boolean downstream, int downstreamImages, long seed) {
    /** Validates the settings. */
    public PolarBenchmarkOptions {
        snrs = List.copyOf(snrs);
        if (snrs.isEmpty()) throw new IllegalArgumentException("PolarBenchmarkOptions.snrs is empty");
        if (setSize < 1 || imagesPerStep < setSize || testImages < setSize)
            throw new IllegalArgumentException("PolarBenchmarkOptions: need setSize >= 1, imagesPerStep and testImages >= setSize");
        if (polar.imageSize() != imageSize) throw new IllegalArgumentException("PolarBenchmarkOptions: polar.imageSize " + polar.imageSize() + " != imageSize " + imageSize);
    }

    /**
     * Quick mode: 32 x 32 images, sets of 16, SNR 0.02 only, polar models with 32 channels, DnCNN with 6 layers of
     * 32 channels, 400 steps of 64 images each, downstream from 1,024 images; about 13 minutes on 2 busy CPU cores.
     */
    public static PolarBenchmarkOptions quickPreset() {
        return new PolarBenchmarkOptions(true, 32, 16, List.of(0.02), new PolarModelConfig(32, 32, 3, 3, 9, 8, 4, 1, Interpolation.bilinear()),
                6, 32, 64, 400, 400, 400, 2e-3, 512, true, 1024, 2025);
    }

    /**
     * The full benchmark: SNR 1, 0.1, 0.05, 0.02; DnCNN at the paper's 17 x 64; longer training. Hours on a CPU.
     */
    public static PolarBenchmarkOptions fullPreset() {
        return new PolarBenchmarkOptions(false, 32, 16, List.of(1.0, 0.1, 0.05, 0.02), new PolarModelConfig(32, 64, 3, 3, 9, 8, 4, 1,
                Interpolation.bilinear()), 17, 64, 64, 1500, 1500, 1500, 1e-3, 1024, true, 4096, 2025);
    }

    /** A copy with quick or full settings' sizes kept but other SNRs. */
    public PolarBenchmarkOptions withSnrs(List<Double> s) {
        return new PolarBenchmarkOptions(quick, imageSize, setSize, s, polar, dncnnLayers, dncnnChannels, imagesPerStep, dncnnSteps, polarCnnSteps,
                transformerSteps, learningRate, testImages, downstream, downstreamImages, seed);
    }

    /** A copy with other step counts (e.g. for tests). */
    public PolarBenchmarkOptions withSteps(int dncnn, int polarCnn, int transformer) {
        return new PolarBenchmarkOptions(quick, imageSize, setSize, snrs, polar, dncnnLayers, dncnnChannels, imagesPerStep, dncnn, polarCnn, transformer,
                learningRate, testImages, downstream, downstreamImages, seed);
    }

    /** A copy with other test and downstream sizes. */
    public PolarBenchmarkOptions withEvaluation(int test, boolean down, int downImages) {
        return new PolarBenchmarkOptions(quick, imageSize, setSize, snrs, polar, dncnnLayers, dncnnChannels, imagesPerStep, dncnnSteps, polarCnnSteps,
                transformerSteps, learningRate, test, down, downImages, seed);
    }
}
