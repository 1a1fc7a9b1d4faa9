package org.cryograd.nn;

import org.cryograd.tensor.Tensor;

/**
 * Loss functions composed from differentiable tensor ops. The two arguments must have equal shapes (no silent
 * broadcasting); reductions are means unless stated.
 */
public final class Losses {
    private Losses() {}

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape()))
            throw new IllegalArgumentException(op + ": shapes differ: " + a.shape() + " vs " + b.shape());
    }

    /** Mean squared error {@code mean((pred - target)^2)} (PyTorch's {@code mse_loss}), a scalar. */
    public static Tensor mse(Tensor pred, Tensor target) {
        sameShape("mse", pred, target);
        return pred.sub(target).square().mean();
    }

    /** Mean absolute error {@code mean(|pred - target|)} (PyTorch's {@code l1_loss}; gradient 0 where equal), a scalar. */
    public static Tensor l1(Tensor pred, Tensor target) {
        sameShape("l1", pred, target);
        return pred.sub(target).abs().mean();
    }

    /**
     * Binary cross-entropy on logits, mean over all elements (PyTorch's {@code binary_cross_entropy_with_logits}),
     * in the numerically stable form {@code max(x, 0) - x y + log(1 + exp(-|x|))}: no overflow for any {@code x}.
     * {@code max(x, 0)} is written {@code (x + |x|) / 2} so that at {@code x = 0} the gradient is the exact
     * {@code sigmoid(0) - y} (a ReLU would give {@code -y} there).
     *
     * @param logits scores {@code x}
     * @param target labels or soft targets {@code y} in [0, 1]
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor target) {
        sameShape("bceWithLogits", logits, target);
        Tensor ax = logits.abs();
        Tensor pos = logits.add(ax).mul(0.5f);
        Tensor softplus = ax.neg().exp().add(1f).log();
        return pos.sub(logits.mul(target)).add(softplus).mean();
    }

    /**
     * Pearson's correlation over all elements: {@code sum(da db) / sqrt(sum(da^2) sum(db^2))} with
     * {@code da = a - mean(a)}, {@code db = b - mean(b)}; a scalar. NaN when either input is constant.
     */
    public static Tensor pearson(Tensor a, Tensor b) {
        sameShape("pearson", a, b);
        return pearsonImpl(a, b, null, 0);
    }

    /**
     * Pearson's correlation over {@code axes} (negative counts from the end); the result has the remaining
     * dimensions, e.g. axes {@code {1, 2, 3, 4}} of {@code [N, C, D, H, W]} give one correlation per sample {@code [N]}.
     */
    public static Tensor pearson(Tensor a, Tensor b, int... axes) {
        sameShape("pearson", a, b);
        if (axes.length == 0) throw new IllegalArgumentException("pearson: no axes given (use pearson(a, b) for all elements)");
        return pearsonImpl(a, b, axes, 0);
    }

    /** Pearson's correlation of each sample over all its non-batch elements: {@code [N, ...]} to {@code [N]}. */
    public static Tensor pearsonPerSample(Tensor a, Tensor b) {
        sameShape("pearsonPerSample", a, b);
        if (a.rank() < 2) throw new IllegalArgumentException("pearsonPerSample: need [N, ...] of rank >= 2, got " + a.shape());
        return pearsonImpl(a, b, nonBatchAxes(a), 0);
    }

    private static int[] nonBatchAxes(Tensor a) {
        int[] axes = new int[a.rank() - 1];
        for (int i = 0; i < axes.length; i++) axes[i] = i + 1;
        return axes;
    }

    /** {@code eps} is added to the product of the sums of squares under the square root (0 for the exact formula). */
    private static Tensor pearsonImpl(Tensor a, Tensor b, int[] axes, float eps) {
        Tensor da = axes == null ? a.sub(a.mean()) : a.sub(a.mean(axes, true));
        Tensor db = axes == null ? b.sub(b.mean()) : b.sub(b.mean(axes, true));
        Tensor cov = sum(da.mul(db), axes);
        Tensor den = sum(da.square(), axes).mul(sum(db.square(), axes));
        if (eps != 0f) den = den.add(eps);
        return cov.div(den.sqrt());
    }

    private static Tensor sum(Tensor t, int[] axes) {
        return axes == null ? t.sum() : t.sum(axes, false);
    }

    /**
     * DUAL's reconstruction loss (Zeng et al. 2024, eq. 4-5) over all elements of a batch:
     * {@code log(mean((a - ahat)^2)) + log(1 - pearson(a, ahat))}, where pearson is
     * {@code cov(a, ahat) / (sigma_a sigma_ahat)}, so the loss falls both as the squared error falls and as the
     * correlation rises.
     *
     * <p><b>Mean, not sum.</b> The paper writes {@code log(||a - ahat||_2^2)} (a sum of squares) but calls the term
     * "the mean squared error". The two differ by the constant {@code log(numel)}, so their gradients are identical
     * and training is unchanged; we use the mean so the value does not depend on the patch or batch size and reads
     * as the log-MSE. The loss is {@code -infinity} for a perfect reconstruction and NaN for a constant input; use
     * {@link #dualReconstruction(Tensor, Tensor, float)} with {@code eps > 0} to stay finite.
     *
     * @param a    the reference (e.g. the real density map {@code v_r} or tomogram {@code t_r})
     * @param ahat its reconstruction
     */
    public static Tensor dualReconstruction(Tensor a, Tensor ahat) {
        return dualReconstruction(a, ahat, 0f);
    }

    /**
     * {@link #dualReconstruction(Tensor, Tensor)} with a guard {@code eps}: {@code log(mse + eps) + log(1 - r + eps)},
     * with {@code eps} also added to the product of sums of squares inside the correlation's square root.
     */
    public static Tensor dualReconstruction(Tensor a, Tensor ahat, float eps) {
        sameShape("dualReconstruction", a, ahat);
        if (!(eps >= 0)) throw new IllegalArgumentException("dualReconstruction: eps must be >= 0, got " + eps);
        Tensor mse = a.sub(ahat).square().mean();
        Tensor r = pearsonImpl(a, ahat, null, eps);
        Tensor oneMinusR = r.neg().add(1f);
        if (eps != 0f) {
            mse = mse.add(eps);
            oneMinusR = oneMinusR.add(eps);
        }
        return mse.log().add(oneMinusR.log());
    }

    /**
     * DUAL's reconstruction loss per sample ({@code log(mse_n) + log(1 - r_n)} over each sample's non-batch
     * elements), averaged over the batch; each patch counts equally whatever its intensity scale.
     */
    public static Tensor dualReconstructionPerSample(Tensor a, Tensor ahat) {
        sameShape("dualReconstructionPerSample", a, ahat);
        if (a.rank() < 2) throw new IllegalArgumentException("dualReconstructionPerSample: need [N, ...] of rank >= 2, got " + a.shape());
        int[] axes = nonBatchAxes(a);
        Tensor mse = a.sub(ahat).square().mean(axes, false);
        Tensor r = pearsonImpl(a, ahat, axes, 0f);
        return mse.log().add(r.neg().add(1f).log()).mean();
    }
}
