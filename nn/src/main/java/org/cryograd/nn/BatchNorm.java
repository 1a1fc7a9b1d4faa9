package org.cryograd.nn;

import org.cryograd.tensor.Tensor;

/**
 * Batch normalisation over {@code [N, C]} or {@code [N, C, L]} (1 spatial dim), {@code [N, C, H, W]} (2) or
 * {@code [N, C, D, H, W]} (3): PyTorch's {@code nn.BatchNorm1d/2d/3d} in one class. In training each channel is
 * standardised with the batch mean and biased variance over {@code N} and all spatial positions, and the running
 * statistics are updated with the batch mean and the <em>unbiased</em> variance: {@code r = (1 - m) r + m s},
 * {@code momentum = 0.1} by default; a null momentum gives the cumulative average ({@code m = 1/num_batches_tracked}).
 * In evaluation the running statistics are used (unless not tracked). {@code eps = 1e-5}.
 *
 * <p>State names as PyTorch: parameters {@code weight} (ones), {@code bias} (zeros) when affine; buffers
 * {@code running_mean} (zeros), {@code running_var} (ones), {@code num_batches_tracked} (a scalar count) when tracking.
 */
public final class BatchNorm extends Module {
    private final int spatialDims, channels;
    private final float eps;
    private final Float momentum;

    /** Affine, tracking running statistics, {@code eps = 1e-5}, {@code momentum = 0.1}. */
    public BatchNorm(int spatialDims, int numFeatures) {
        this(spatialDims, numFeatures, 1e-5f, 0.1f, true, true);
    }

    /**
     * The general layer.
     *
     * @param spatialDims       1, 2 or 3 (as BatchNorm1d/2d/3d; 1 also accepts {@code [N, C]})
     * @param numFeatures       channels C
     * @param eps               added to the variance
     * @param momentum          running-statistics factor in [0, 1], or null for a cumulative moving average
     * @param affine            whether to learn a per-channel scale and shift
     * @param trackRunningStats whether to keep running statistics (else batch statistics are used in evaluation too)
     */
    public BatchNorm(int spatialDims, int numFeatures, float eps, Float momentum, boolean affine, boolean trackRunningStats) {
        if (spatialDims < 1 || spatialDims > 3) throw new IllegalArgumentException("BatchNorm: spatialDims must be 1, 2 or 3, got " + spatialDims);
        if (numFeatures < 1) throw new IllegalArgumentException("BatchNorm: numFeatures must be positive, got " + numFeatures);
        if (!(eps >= 0) || (momentum != null && !(momentum >= 0 && momentum <= 1)))
            throw new IllegalArgumentException("BatchNorm: need eps >= 0 and momentum in [0, 1] or null, got eps=" + eps + ", momentum=" + momentum);
        this.spatialDims = spatialDims;
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

    /** The running mean {@code [C]}, or null when not tracked. */
    public Tensor runningMean() {
        return bufferOrNull("running_mean");
    }

    /** The running (unbiased) variance {@code [C]}, or null when not tracked. */
    public Tensor runningVar() {
        return bufferOrNull("running_var");
    }

    @Override
    public Tensor forward(Tensor x) {
        boolean rankOk = x.rank() == spatialDims + 2 || (spatialDims == 1 && x.rank() == 2);
        if (!rankOk || x.dim(1) != channels)
            throw new IllegalArgumentException("BatchNorm(" + spatialDims + "d, " + channels + "): input of shape " + x.shape() + " must be [N, " + channels
                    + (spatialDims == 1 ? "] or [N, " + channels + ", L]" : ", " + spatialDims + " spatial dims]"));
        int[] ax = new int[x.rank() - 1];
        ax[0] = 0;
        for (int i = 2; i < x.rank(); i++) ax[i - 1] = i;
        Tensor rm = runningMean();
        if (rm != null && !isTraining()) return NormOps.scaleShift(x, rm, runningVar(), eps, weight(), bias());
        if (NormOps.count(x, ax) < 2 && isTraining())
            throw new IllegalArgumentException("BatchNorm: expected more than 1 value per channel when training, got input " + x.shape());
        Tensor y = NormOps.standardize(x, ax, eps);
        if (rm != null && isTraining()) {
            Tensor nbt = buffer("num_batches_tracked");
            double count = NormOps.increment(nbt);
            double factor = momentum == null ? 1.0 / count : momentum;
            NormOps.updateRunning(x, ax, null, rm, runningVar(), factor);
        }
        return NormOps.affine(y, weight(), bias());
    }

    @Override
    protected String extraRepr() {
        return spatialDims + "d, " + channels + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight() != null)
                + ", track_running_stats=" + (runningMean() != null);
    }
}
