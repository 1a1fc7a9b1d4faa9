package org.cryograd.dual;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The entry the synthetic benchmark uses: train DUAL for a fixed number of steps on lists of noisy and clean volumes
 * and get back a denoiser function. Volumes wrap {@code float[]} arrays with their dims without copying
 * ({@code new Volume(data, nz, ny, nx)}).
 */
public final class DualBenchmarkHook {
    private DualBenchmarkHook() {}

    /** A trained denoiser over whole volumes of any size. */
    @FunctionalInterface
    public interface VolumeDenoiser {
        /**
         * Denoises a volume {@code [nz, ny, nx]} (MRC order); the result has the same size, in the clean domain's
         * standardised units (zero mean, unit std of the training density maps).
         */
        float[] denoise(float[] voxels, int nz, int ny, int nx);
    }

    /**
     * Trains {@code steps} DUAL steps (one epoch of {@code steps}) and returns Dn with tiled inference.
     *
     * @param noisy    noisy-domain volumes (e.g. simulated tomograms)
     * @param clean    clean-domain volumes (e.g. grand models / density maps)
     * @param config   configuration ({@link DualConfig#stepsPerEpoch()} is replaced by {@code steps})
     * @param steps    training steps
     * @param seed     seed of everything random
     * @param workDir  where checkpoint, losses and model go; null for a temporary directory
     * @param progress callback, or null
     */
    public static VolumeDenoiser trainDenoiser(List<Volume> noisy, List<Volume> clean, DualConfig config, int steps, long seed, Path workDir,
            DualProgress progress) {
        try {
            Path dir = workDir != null ? workDir : Files.createTempDirectory("cryograd-dual-");
            DualTrainingOptions o = new DualTrainingOptions(null, null, noisy, clean, config.withStepsPerEpoch(steps), 1, dir, seed, false);
            DualModel model = DualTraining.train(o, progress);
            return (voxels, nz, ny, nx) -> model.denoise(new Volume(voxels, nz, ny, nx)).data();
        } catch (IOException e) {
            throw new UncheckedIOException("DUAL benchmark training failed: " + e.getMessage(), e);
        }
    }
}
