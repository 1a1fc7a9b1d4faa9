package org.cryograd.dual;

import org.cryograd.tensor.F;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * The random voxel permutation P of eq. 1, {@code t_f = Gs(v_r + P Gn(z))}: each sample's noise mask has its voxels
 * shuffled by its own seeded permutation (the paper assumes non-structural noise independent between voxels). A
 * gather, so gradients flow back to the unpermuted mask (a scatter-add).
 */
public final class VoxelPermutation {
    private VoxelPermutation() {}

    /** {@code [N, ...] -> [N, ...]}, every sample's elements permuted independently. */
    public static Tensor apply(Tensor x, Rng rng) {
        if (x.rank() < 2) throw new IllegalArgumentException("VoxelPermutation: need [N, ...], got " + x.shape());
        int n = x.dim(0);
        return apply(x, indices(x.device(), rng, n, (int) (x.numel() / n)));
    }

    /** {@code n} independent random permutations of {@code 0..m-1}, {@code [n, m]} (integer-valued floats). */
    public static Tensor indices(org.cryograd.tensor.Device device, Rng rng, int n, int m) {
        Tensor[] rows = new Tensor[n];
        for (int i = 0; i < n; i++) rows[i] = Tensor.permutation(device, rng, m);
        return Tensor.stack(0, rows);
    }

    /** Permutes each sample of {@code x} by its row of {@code index} ({@code [N, M]}): {@code out[i, j] = x[i, index[i, j]]}. */
    public static Tensor apply(Tensor x, Tensor index) {
        int n = x.dim(0), m = (int) (x.numel() / n);
        if (index.rank() != 2 || index.dim(0) != n || index.dim(1) != m)
            throw new IllegalArgumentException("VoxelPermutation: index of shape " + index.shape() + " does not fit input " + x.shape());
        return F.gather(x.reshape(n, m), 1, index).reshape(x.dims());
    }
}
