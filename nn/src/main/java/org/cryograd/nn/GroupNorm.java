package org.cryograd.nn;

import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Tensor;

/**
 * Group normalisation (PyTorch's {@code nn.GroupNorm}): the channels of an {@code [N, C, ...]} input are split into
 * {@code G} groups; each (sample, group) is standardised with its own mean and biased variance over its channels
 * and all spatial positions, then an optional per-channel affine map is applied. Same in training and evaluation.
 * State names: {@code weight} (ones), {@code bias} (zeros).
 */
public final class GroupNorm extends Module {
    private final int groups, channels;
    private final float eps;

    /** {@code eps = 1e-5}, affine. */
    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5f, true);
    }

    /**
     * The general layer.
     *
     * @param numGroups   G, which must divide {@code numChannels}
     * @param numChannels C
     * @param eps         added to the variance
     * @param affine      whether to learn a per-channel scale and shift
     */
    public GroupNorm(int numGroups, int numChannels, float eps, boolean affine) {
        if (numGroups < 1 || numChannels < 1 || numChannels % numGroups != 0)
            throw new IllegalArgumentException("GroupNorm: numChannels=" + numChannels + " must be a positive multiple of numGroups=" + numGroups);
        if (!(eps >= 0)) throw new IllegalArgumentException("GroupNorm: eps must be >= 0, got " + eps);
        this.groups = numGroups;
        this.channels = numChannels;
        this.eps = eps;
        if (affine) {
            param("weight", Tensor.ones(numChannels));
            param("bias", Tensor.zeros(numChannels));
        }
    }

    /** The scale {@code [C]}, or null when not affine. */
    public Tensor weight() {
        return paramOrNull("weight");
    }

    /** The shift {@code [C]}, or null when not affine. */
    public Tensor bias() {
        return paramOrNull("bias");
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.dim(1) != channels)
            throw new IllegalArgumentException("GroupNorm(" + groups + ", " + channels + "): input of shape " + x.shape() + " must be [N, " + channels + ", ...]");
        Tensor grouped = x.reshape(x.dim(0), groups, -1);
        Tensor standardized = NormOps.standardize(grouped, new int[] {2}, eps);
        Tensor y = standardized.reshape(x.dims());
        if (!Grad.isEnabled()) {   // both are views or owners of storage that x or y keep alive
            grouped.close();
            standardized.close();
        }
        return NormOps.affine(y, weight(), bias());
    }

    @Override
    protected String extraRepr() {
        return groups + ", " + channels + ", eps=" + eps + ", affine=" + (weight() != null);
    }
}
