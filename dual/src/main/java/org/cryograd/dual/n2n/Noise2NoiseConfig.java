package org.cryograd.dual.n2n;

/**
 * Settings of {@link Noise2NoiseTrainer}.
 *
 * @param patch       training patch and inference tile edge, a multiple of {@code 2^(depth-1)}
 * @param depth       U-Net resolution levels
 * @param base        U-Net channels of the first level
 * @param slope       LeakyReLU negative slope
 * @param batchSize   patch pairs per step
 * @param steps       training steps
 * @param lr          Adam learning rate (constant)
 * @param tileOverlap overlap of neighbouring inference tiles
 */
public record Noise2NoiseConfig(int patch, int depth, int base, float slope, int batchSize, int steps, double lr, int tileOverlap) {
    /** Checks the fields. */
    public Noise2NoiseConfig {
        if (depth < 1 || base < 1 || batchSize < 1 || steps < 1)
            throw new IllegalArgumentException("Noise2NoiseConfig: depth, base, batch size and steps must be >= 1, got " + depth + ", " + base + ", "
                    + batchSize + ", " + steps);
        if (patch < 1 || patch % (1 << (depth - 1)) != 0)
            throw new IllegalArgumentException("Noise2NoiseConfig: patch " + patch + " must be a positive multiple of 2^(depth-1) = " + (1 << (depth - 1)));
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("Noise2NoiseConfig: lr must be > 0, got " + lr);
        if (tileOverlap < 0 || tileOverlap >= patch)
            throw new IllegalArgumentException("Noise2NoiseConfig: tile overlap must be in [0, patch), got " + tileOverlap);
    }

    /** The benchmark's small network: 32^3 patches, U-Net depth 3 with 8 base channels, batch 4, 500 steps, lr 1e-3, overlap 8. */
    public static Noise2NoiseConfig quick() {
        return new Noise2NoiseConfig(32, 3, 8, 0.2f, 4, 500, 1e-3, 8);
    }

    /** {@link #quick} with 16 base channels and 2000 steps. */
    public static Noise2NoiseConfig standard() {
        return new Noise2NoiseConfig(32, 3, 16, 0.2f, 4, 2000, 1e-3, 8);
    }

    /** A copy with another number of steps. */
    public Noise2NoiseConfig withSteps(int n) {
        return new Noise2NoiseConfig(patch, depth, base, slope, batchSize, n, lr, tileOverlap);
    }

    /** A copy with another patch size, network and batch (tests use tiny ones). */
    public Noise2NoiseConfig withNetwork(int patch, int depth, int base, int batchSize) {
        return new Noise2NoiseConfig(patch, depth, base, slope, batchSize, steps, lr, Math.min(tileOverlap, patch / 4));
    }

    /** A copy with another learning rate. */
    public Noise2NoiseConfig withLr(double v) {
        return new Noise2NoiseConfig(patch, depth, base, slope, batchSize, steps, v, tileOverlap);
    }
}
