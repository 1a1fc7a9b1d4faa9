package org.cryograd.dual.net;

import java.util.HashMap;
import java.util.Map;
import org.cryograd.nn.Module;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;

/**
 * The differentiable voxel-value histogram of the discriminators' histogram branch: {@code [N, 1, n, n, n] -> [N, bins]},
 * the log of a Gaussian-kernel (soft) histogram {@code log(mean_v exp(-(x_v - c_j)^2 / (2 h^2)) + eps)} with
 * {@code bins} centres {@code c_j} evenly spaced over {@code [-range, range]} and the kernel width {@code h} equal to
 * their spacing. Values are not re-standardised per patch, so the branch sees both a patch's level and its shape.
 *
 * <p>Why: a PatchGAN's first layer is linear, so the spatial branch can only notice the higher moments of the voxel
 * values (skew, tails) through its nonlinearities, and the spectral branch not at all; this branch shows them
 * directly. Built from ordinary tensor ops (broadcast subtract, square, exp, mean), so it runs and back-propagates on
 * any device. No parameters.
 */
public final class VoxelHistogram extends Module {
    /** Added to each bin before the log. */
    public static final float EPS = 1e-4f;
    private final int bins;
    private final float range, invTwoH2;
    private final Map<Device, Tensor> centres = new HashMap<>();

    /**
     * @param bins  number of bins, at least 2
     * @param range the outer centres sit at {@code -range} and {@code +range} (standardised units)
     */
    public VoxelHistogram(int bins, float range) {
        if (bins < 2) throw new IllegalArgumentException("VoxelHistogram: bins must be >= 2, got " + bins);
        if (!(range > 0)) throw new IllegalArgumentException("VoxelHistogram: range must be > 0, got " + range);
        this.bins = bins;
        this.range = range;
        float h = 2 * range / (bins - 1);
        this.invTwoH2 = 1f / (2 * h * h);
    }

    /** Number of bins. */
    public int bins() {
        return bins;
    }

    /** Centre of bin {@code j}. */
    public float centre(int j) {
        return -range + 2 * range * j / (bins - 1);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2) throw new IllegalArgumentException("VoxelHistogram: input of shape " + x.shape() + " needs a batch axis");
        int n = x.dim(0);
        int v = (int) (x.numel() / n);
        Tensor c = centres.computeIfAbsent(x.device(), d -> {
            float[] a = new float[bins];
            for (int j = 0; j < bins; j++) a[j] = centre(j);
            return MemoryScope.escape(Tensor.of(d, a, 1, 1, bins));
        });
        Tensor d = x.reshape(n, v, 1).sub(c);                               // [N, V, bins]
        Tensor k = d.square().mul(-invTwoH2).exp();
        return k.mean(new int[] {1}, false).add(EPS).log();                            // [N, bins]
    }
}
