package org.cryograd.nn;

import org.cryograd.tensor.F;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Tensor;

/**
 * Normalisation composed from tensor ops (mean, biased variance, elementwise), so gradients come from the engine's
 * autograd. Shared by {@link GroupNorm}, {@link InstanceNorm3d} and {@link BatchNorm}.
 */
final class NormOps {
    private NormOps() {}

    /** {@code [1, C, 1, ...]} of the given rank: a per-channel vector broadcast over an {@code [N, C, ...]} tensor. */
    static int[] channelShape(int rank, int channels) {
        int[] s = new int[rank];
        java.util.Arrays.fill(s, 1);
        s[1] = channels;
        return s;
    }

    /**
     * {@code (x - mean) / sqrt(var + eps)} with mean and biased variance over {@code axes} (kept as size 1): the fused
     * {@link F#standardize} when the axes are the trailing ones in order (instance and group norm), else composed.
     */
    static Tensor standardize(Tensor x, int[] axes, float eps) {
        boolean trailing = axes.length > 0;
        for (int i = 0; i < axes.length; i++) trailing &= axes[i] == x.rank() - axes.length + i;
        if (trailing) return F.standardize(x, axes[0], eps);
        Tensor mean = x.mean(axes, true);
        Tensor var = x.var(axes, 0, true);
        return x.sub(mean).div(var.add(eps).sqrt());
    }

    /**
     * Normalisation with fixed statistics as PyTorch evaluates it: {@code x * a + b} per channel with
     * {@code a = weight / sqrt(var + eps)} and {@code b = bias - mean * a} (weight and bias may be null). Two
     * full-size results rather than four.
     */
    static Tensor scaleShift(Tensor x, Tensor mean, Tensor var, float eps, Tensor weight, Tensor bias) {
        Tensor sd = var.add(eps).sqrt();
        Tensor a = weight == null ? sd.pow(-1f) : weight.div(sd);
        Tensor ma = mean.mul(a);
        return channelMulAdd(x, a, bias == null ? ma.neg() : bias.sub(ma));
    }

    /**
     * {@code y * weight + bias} per channel; either may be null. {@code y} is the caller's temporary: without gradients
     * it is closed once the result exists.
     */
    static Tensor affine(Tensor y, Tensor weight, Tensor bias) {
        Tensor result = channelMulAdd(y, weight, bias);
        if (!Grad.isEnabled() && result != y) y.close();
        return result;
    }

    /** {@code x * scale + shift} per channel (either may be null); without gradients the product is closed once the sum exists. */
    private static Tensor channelMulAdd(Tensor x, Tensor scale, Tensor shift) {
        int[] cs = channelShape(x.rank(), x.dim(1));
        Tensor product = scale == null ? x : x.mul(scale.reshape(cs));
        Tensor result = shift == null ? product : product.add(shift.reshape(cs));
        if (!Grad.isEnabled() && product != x && product != result) product.close();
        return result;
    }

    /** Number of elements of {@code x} per reduced slice over {@code axes}. */
    static long count(Tensor x, int[] axes) {
        long n = 1;
        for (int a : axes) n *= x.dim(a);
        return n;
    }

    /**
     * Updates running statistics in place as PyTorch does: {@code r = (1 - f) r + f s} with {@code s} the batch mean,
     * or the unbiased batch variance ({@code n / (n - 1)} times the biased one), averaged over {@code avgAxes}
     * first when not null (instance norm: per-instance statistics averaged over the batch).
     *
     * @param x       the input of the forward pass (values only are used)
     * @param axes    the axes statistics are taken over (kept as size 1)
     * @param avgAxes axes of the kept-dims statistics to average before the update, or null
     * @param factor  the exponential-average factor (momentum, or 1/numBatchesTracked for a cumulative average)
     */
    static void updateRunning(Tensor x, int[] axes, int[] avgAxes, Tensor runningMean, Tensor runningVar, double factor) {
        try (Grad g = Grad.disabled(); Tensor xd = x.detach(); Tensor mean = xd.mean(axes, true); Tensor var = xd.var(axes, 1, true);
             Tensor m = avgAxes == null ? mean.detach() : mean.mean(avgAxes, true);
             Tensor v = avgAxes == null ? var.detach() : var.mean(avgAxes, true)) {
            blend(runningMean, m, factor);
            blend(runningVar, v, factor);
        }
    }

    private static void blend(Tensor running, Tensor stat, double factor) {
        try (Tensor s = stat.reshape(running.dims()); Tensor a = running.mul((float) (1 - factor)); Tensor b = s.mul((float) factor);
             Tensor sum = a.add(b)) {
            running.copyFrom(sum);
        }
    }

    /** Adds one to a scalar counter buffer in place and returns the new count. */
    static double increment(Tensor counter) {
        try (Grad g = Grad.disabled()) {
            double c = counter.item() + 1;
            counter.fillInPlace((float) c);
            return c;
        }
    }
}
