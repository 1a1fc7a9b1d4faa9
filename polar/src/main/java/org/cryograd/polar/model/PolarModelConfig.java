package org.cryograd.polar.model;

import org.cryograd.polar.Interpolation;
import org.cryograd.polar.PolarGrid;

/**
 * Sizes of the polar CNN and polar transformer.
 *
 * @param imageSize       image side {@code N} (polar grid {@link PolarGrid#of(int)})
 * @param hidden          hidden channels of every polar CNN and of the attention
 * @param preLayers       convolutions before attention (or the first half of the single-image polar CNN)
 * @param postLayers      convolutions after attention (ending in {@code nr} channels)
 * @param kernel          odd angular kernel size
 * @param groups          GroupNorm groups
 * @param heads           attention heads
 * @param attentionBlocks attention blocks (transformer only)
 * @param interpolation   polar resampling weights
 */
public record PolarModelConfig(int imageSize, int hidden, int preLayers, int postLayers, int kernel, int groups, int heads,
        int attentionBlocks, Interpolation interpolation) {
    /** Validates the sizes. */
    public PolarModelConfig {
        if (hidden < 1 || hidden % groups != 0 || hidden % heads != 0)
            throw new IllegalArgumentException("PolarModelConfig: hidden " + hidden + " must be a multiple of groups " + groups + " and heads " + heads);
        if (preLayers < 1 || postLayers < 1 || attentionBlocks < 0)
            throw new IllegalArgumentException("PolarModelConfig: preLayers/postLayers must be >= 1 and attentionBlocks >= 0");
        if (interpolation == null) throw new IllegalArgumentException("PolarModelConfig: interpolation is null");
    }

    /** A small default for {@code N x N} images: 64 channels, 3 + 3 layers, kernel 9, 8 groups, 4 heads, 1 block. */
    public static PolarModelConfig small(int imageSize) {
        return new PolarModelConfig(imageSize, 64, 3, 3, 9, 8, 4, 1, Interpolation.bilinear());
    }

    /** The polar grid. */
    public PolarGrid grid() {
        return PolarGrid.of(imageSize);
    }
}
