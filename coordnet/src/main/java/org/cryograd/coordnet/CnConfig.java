package org.cryograd.coordnet;

/**
 * Every setting of the coordinate-network (SIREN) reconstruction (METHODS.md section 1, seed 002), with the
 * paper's and authors' defaults in {@link #paper()}.
 *
 * <p>Network: {@code Linear(in, hidden) + sin(w0 .)}, then {@code hiddenLayers} times
 * {@code Linear(hidden, hidden) + sin(w0 .)}, then a linear head {@code Linear(hidden, 1)}; {@code in} is 3
 * (coordinates in [0, 1]) or {@code 2 * fourierCount} with Gaussian Fourier features.
 *
 * <p>Training, chunked mode (default): the volume is cut along y into chunks of {@code slicesPerChunk} y-slices,
 * one network per chunk. The middle chunk trains from random initialisation for {@code firstChunkIterations} at
 * {@code firstChunkLr}; every other chunk starts from its already trained neighbour's weights and trains
 * {@code chunkIterations} at {@code chunkLr}, marching outwards both ways. Whole-volume mode: one network for all
 * voxels, {@code wholeVolumeIterations} at {@code firstChunkLr}, each iteration on {@code batchSize} random
 * y-slices. The learning rate is constant for the first half of a run's iterations and then decays
 * log-linearly to {@code lr * finalLrFactor}; optimizer AdamW.
 *
 * @param hidden                features per hidden layer (paper 256)
 * @param hiddenLayers          number of {@code Linear(hidden, hidden) + sin} blocks after the first layer (paper 4)
 * @param w0                    frequency factor of every sine layer (paper 30)
 * @param fourierFeatures       encode coordinates with Gaussian Fourier features (authors: off for sine nets)
 * @param fourierCount          number of Fourier frequencies (encoding width {@code 2 * fourierCount}; authors 128)
 * @param fourierScale          standard deviation of the Fourier frequencies {@code B ~ N(0, scale^2)} (authors 4)
 * @param slicesPerChunk        y-slices per network in chunked mode (authors 2)
 * @param firstChunkIterations  optimizer steps of the middle chunk (authors 2000)
 * @param chunkIterations       optimizer steps of every other chunk (authors 400)
 * @param firstChunkLr          learning rate of the middle chunk and of whole-volume mode (authors 1e-3)
 * @param chunkLr               learning rate of the other chunks (authors 1e-4)
 * @param finalLrFactor         learning-rate factor reached at the last step (authors 0.1)
 * @param weightDecay           AdamW's decoupled weight decay (authors 0)
 * @param amsgrad               AdamW with AMSGrad (authors true)
 * @param gradientPenalty       weight of the squared finite-difference gradient ("TV") term (authors 0 on simulated
 *                              data, 1 on real data)
 * @param wholeVolume           one network for the whole volume instead of y-chunks
 * @param batchSize             random y-slices per iteration in whole-volume mode (authors' batch size 2)
 * @param wholeVolumeIterations optimizer steps in whole-volume mode
 * @param parallelChunks        how many chunks may train concurrently; after the middle chunk the two directions are
 *                              independent, so values above 2 act as 2. Results do not depend on it.
 * @param seed                  seed of the random initialisation (and the whole-volume batches)
 */
public record CnConfig(int hidden, int hiddenLayers, double w0,
                       boolean fourierFeatures, int fourierCount, double fourierScale,
                       int slicesPerChunk, int firstChunkIterations, int chunkIterations,
                       double firstChunkLr, double chunkLr, double finalLrFactor,
                       double weightDecay, boolean amsgrad, double gradientPenalty,
                       boolean wholeVolume, int batchSize, int wholeVolumeIterations,
                       int parallelChunks, long seed) {

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the first field out of range and its value
     */
    public CnConfig {
        atLeast("hidden", hidden, 1);
        atLeast("hiddenLayers", hiddenLayers, 0);
        positive("w0", w0);
        atLeast("fourierCount", fourierCount, 1);
        positive("fourierScale", fourierScale);
        atLeast("slicesPerChunk", slicesPerChunk, 1);
        atLeast("firstChunkIterations", firstChunkIterations, 1);
        atLeast("chunkIterations", chunkIterations, 1);
        positive("firstChunkLr", firstChunkLr);
        positive("chunkLr", chunkLr);
        positive("finalLrFactor", finalLrFactor);
        nonNegative("weightDecay", weightDecay);
        nonNegative("gradientPenalty", gradientPenalty);
        atLeast("batchSize", batchSize, 1);
        atLeast("wholeVolumeIterations", wholeVolumeIterations, 1);
        atLeast("parallelChunks", parallelChunks, 1);
    }

    private static void atLeast(String field, int v, int min) {
        if (v < min) throw new IllegalArgumentException("CnConfig." + field + " must be >= " + min + ", got " + v);
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v))
            throw new IllegalArgumentException("CnConfig." + field + " must be positive and finite, got " + v);
    }

    private static void nonNegative(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v))
            throw new IllegalArgumentException("CnConfig." + field + " must be >= 0 and finite, got " + v);
    }

    /**
     * Exactly the authors' settings: SIREN 3-256x5-1, w0 30, no Fourier features, 2 y-slices per chunk, middle chunk
     * 2000 steps at 1e-3, other chunks 400 steps at 1e-4, decay to a tenth over the second half, AdamW with AMSGrad and
     * no weight decay, no gradient penalty (simulated data), seed 0. Whole-volume fields (not in the paper): batch of
     * 2 y-slices, 2000 steps.
     */
    public static CnConfig paper() {
        return new CnConfig(256, 4, 30, false, 128, 4, 2, 2000, 400, 1e-3, 1e-4, 0.1, 0, true, 0, false, 2, 2000, 1, 0);
    }

    /**
     * The setting of {@code cryograd demo} (64 x 64 x 32 volume, 61 views; a few minutes on 2 CPU cores): SIREN
     * 3-64x4-1 (3 hidden blocks), the paper's 2 y-slices per chunk, middle chunk 1000 steps, other chunks 300 steps,
     * both at learning rate 1e-3, everything else as {@link #paper()}: at these step counts the paper's 1e-4 for the
     * neighbour chunks leaves them short of converged.
     */
    public static CnConfig demo() {
        return paper().withHidden(64).withHiddenLayers(3).withIterations(1000, 300).withLearningRates(1e-3, 1e-3);
    }

    /**
     * A fast setting for {@code cryograd demo --quick} (48 x 32 x 24) and tests: as {@link #demo()} with 400 steps for
     * the middle chunk and 100 for the others (scores: results/demo-quick.txt).
     */
    public static CnConfig quick() {
        return demo().withIterations(400, 100);
    }

    /** A copy with another hidden width. */
    public CnConfig withHidden(int v) {
        return new CnConfig(v, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy with another number of hidden {@code Linear(h, h) + sin} blocks. */
    public CnConfig withHiddenLayers(int v) {
        return new CnConfig(hidden, v, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy with another sine frequency factor. */
    public CnConfig withW0(double v) {
        return new CnConfig(hidden, hiddenLayers, v, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy with Fourier features on or off (count and scale unchanged). */
    public CnConfig withFourierFeatures(boolean on) {
        return new CnConfig(hidden, hiddenLayers, w0, on, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy with Fourier features on, {@code count} frequencies of standard deviation {@code scale}. */
    public CnConfig withFourierFeatures(int count, double scale) {
        return new CnConfig(hidden, hiddenLayers, w0, true, count, scale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy with another number of y-slices per chunk. */
    public CnConfig withSlicesPerChunk(int v) {
        return new CnConfig(hidden, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, v, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy with other step counts for the middle chunk and the other chunks. */
    public CnConfig withIterations(int firstChunk, int otherChunks) {
        return new CnConfig(hidden, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunk,
                otherChunks, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy with other learning rates for the middle chunk (and whole-volume mode) and the other chunks. */
    public CnConfig withLearningRates(double firstChunk, double otherChunks) {
        return new CnConfig(hidden, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunk, otherChunks, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy with another final learning-rate factor. */
    public CnConfig withFinalLrFactor(double v) {
        return new CnConfig(hidden, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, v, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy with other optimizer settings. */
    public CnConfig withOptimizer(double weightDecay, boolean amsgrad) {
        return new CnConfig(hidden, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy with another weight of the squared-gradient ("TV") penalty. */
    public CnConfig withGradientPenalty(double v) {
        return new CnConfig(hidden, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, v, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy in whole-volume mode with {@code batchSize} random y-slices per step and {@code iterations} steps. */
    public CnConfig withWholeVolume(int batchSize, int iterations) {
        return new CnConfig(hidden, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, true, batchSize,
                iterations, parallelChunks, seed);
    }

    /** A copy with whole-volume mode on or off (batch size and step count unchanged). */
    public CnConfig withWholeVolume(boolean on) {
        return new CnConfig(hidden, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, on, batchSize,
                wholeVolumeIterations, parallelChunks, seed);
    }

    /** A copy that trains up to {@code v} chunks concurrently. */
    public CnConfig withParallelChunks(int v) {
        return new CnConfig(hidden, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, v, seed);
    }

    /** A copy with another seed. */
    public CnConfig withSeed(long v) {
        return new CnConfig(hidden, hiddenLayers, w0, fourierFeatures, fourierCount, fourierScale, slicesPerChunk, firstChunkIterations,
                chunkIterations, firstChunkLr, chunkLr, finalLrFactor, weightDecay, amsgrad, gradientPenalty, wholeVolume, batchSize,
                wholeVolumeIterations, parallelChunks, v);
    }

    /** The width of the network's input: 3, or {@code 2 * fourierCount} with Fourier features. */
    public int inputFeatures() {
        return fourierFeatures ? 2 * fourierCount : 3;
    }
}
