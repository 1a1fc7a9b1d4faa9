package org.cryograd.nn;

import org.cryograd.tensor.Tensor;

/**
 * Instance normalisation of {@code [N, C, D, H, W]} volumes (PyTorch's {@code nn.InstanceNorm3d}): each (sample,
 * channel) is standardised over its spatial positions with its mean and biased variance. Defaults as PyTorch:
 * {@code eps = 1e-5}, {@code momentum = 0.1}, not affine, no running statistics.
 *
 * <p>With {@code affine}: parameters {@code weight} (ones) and {@code bias} (zeros). With
 * {@code trackRunningStats}: buffers {@code running_mean}, {@code running_var}, {@code num_batches_tracked} (kept
 * at 0, as PyTorch does for instance norm), updated in training with the per-instance means and unbiased variances averaged over the batch (as PyTorch), and
 * used instead of the instance statistics in evaluation mode.
 */
public final class InstanceNorm3d extends Module {
    private static final int[] SPATIAL = {2, 3, 4};
    private static final int[] BATCH = {0};
    private final int channels;
    private final float eps;
    private final float momentum;

    /** PyTorch's defaults: not affine, no running statistics. */
    public InstanceNorm3d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f, false, false);
    }

    /** Not tracking running statistics; affine as given. */
    public InstanceNorm3d(int numFeatures, boolean affine) {
        this(numFeatures, 1e-5f, 0.1f, affine, false);
    }

    /**
     * The general layer.
     *
     * @param numFeatures       channels C
     * @param eps               added to the variance
     * @param momentum          running-statistics update factor, in [0, 1]
     * @param affine            whether to learn a per-channel scale and shift
     * @param trackRunningStats whether to keep running statistics (and use them in evaluation mode)
     */
    public InstanceNorm3d(int numFeatures, float eps, float momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures < 1) throw new IllegalArgumentException("InstanceNorm3d: numFeatures must be positive, got " + numFeatures);
        if (!(eps >= 0) || !(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException("InstanceNorm3d: need eps >= 0 and momentum in [0, 1], got eps=" + eps + ", momentum=" + momentum);
        this.channels = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        if (affine) {
            param("weight", Tensor.ones(numFeatures));
            param("bias", Tensor.zeros(numFeatures));
        }
        if (trackRunningStats) {
            buffer("running_mean", Tensor.zeros(numFeatures));
            buffer("running_var", Tensor.ones(numFeatures));
            buffer("num_batches_tracked", Tensor.scalar(0));
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

    /** Whether running statistics are kept. */
    public boolean tracksRunningStats() {
        return bufferOrNull("running_mean") != null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 5 || x.dim(1) != channels)
            throw new IllegalArgumentException("InstanceNorm3d(" + channels + "): input of shape " + x.shape() + " must be [N, " + channels + ", D, H, W]");
        if (tracksRunningStats() && !isTraining())
            return NormOps.scaleShift(x, buffer("running_mean"), buffer("running_var"), eps, weight(), bias());
        if (NormOps.count(x, SPATIAL) < 2 && isTraining())
            throw new IllegalArgumentException("InstanceNorm3d: expected more than 1 spatial element per channel when training, got input " + x.shape());
        Tensor y = NormOps.standardize(x, SPATIAL, eps);
        if (tracksRunningStats() && isTraining()) {
            // PyTorch's instance norm never advances num_batches_tracked (it only exists for state-dict parity)
            NormOps.updateRunning(x, SPATIAL, BATCH, buffer("running_mean"), buffer("running_var"), momentum);
        }
        return NormOps.affine(y, weight(), bias());
    }

    @Override
    protected String extraRepr() {
        return channels + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight() != null) + ", track_running_stats=" + tracksRunningStats();
    }
}
