package org.cryograd.em.recon;

import java.util.function.IntConsumer;
import org.cryograd.em.geometry.Projector;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;

/**
 * SIRT, the simultaneous iterative reconstruction technique, on the projector {@code P}:
 * <pre>{@code x_{k+1} = x_k + λ C Pᵀ R (b − P x_k),   x_0 = 0}</pre>
 * with {@code R = 1 / (row sums of P)} and {@code C = 1 / (column sums of P)} (zero where a sum is zero: detector
 * bins no voxel reaches, voxels no ray reaches), optionally clamped to {@code x >= 0} after every iteration.
 *
 * <p>With {@code 0 < λ < 2} this is Landweber iteration on {@code ||R^½ (P x − b)||²} in the variable
 * {@code C^-½ x}, and {@code ||R^½ P C^½|| <= 1}, so (without the clamp) the R-weighted residual
 * {@code ||R^½ (b − P x_k)||} never increases and {@code x_k} converges to the C⁻¹-weighted least-squares solution
 * closest to the start. The row and column sums are the same for every y-slice, so {@code R} and {@code C} are
 * computed once for one slice ({@code [views, 1, nx]} and {@code [nz, 1, nx]}) and broadcast. Every iteration is
 * made of tensor operations and runs on the tilt series' device; temporaries are freed per iteration; no gradient
 * is recorded.
 */
public final class Sirt {
    private Sirt() {}

    /** {@link #reconstruct(Projector, Tensor, SirtOptions, IntConsumer)} without a progress callback. */
    public static Tensor reconstruct(Projector p, Tensor tilts, SirtOptions options) {
        return iterate(p, tilts, options, null);
    }

    /**
     * Reconstructs a volume {@code [nz, ny, nx]} from a tilt series {@code [views, ny, nx]}.
     *
     * @param onIteration called with the 1-based iteration number after each iteration, or null
     * @throws IllegalArgumentException if the tilt series does not match the projector
     */
    public static Tensor reconstruct(Projector p, Tensor tilts, SirtOptions options, IntConsumer onIteration) {
        return iterate(p, tilts, options, onIteration == null ? null : (it, x) -> onIteration.accept(it));
    }

    /** Sees the current estimate after every iteration (it must not close or keep it). */
    @FunctionalInterface
    public interface IterationListener {
        /** @param iteration 1-based; {@code estimate} the volume after it, valid only during the call */
        void after(int iteration, Tensor estimate);
    }

    /**
     * {@link #reconstruct(Projector, Tensor, SirtOptions, IntConsumer)} with a listener that sees every iterate.
     *
     * @param listener called after each iteration, or null
     */
    public static Tensor iterate(Projector p, Tensor tilts, SirtOptions options, IterationListener listener) {
        Wbp.checkTilts("Sirt.reconstruct", p, tilts);
        int views = p.views(), nx = p.nx(), nz = p.nz(), ny = tilts.dim(1);
        try (Grad g = Grad.disabled()) {
            Tensor rowW = inverse(p.project(Tensor.ones(nz, 1, nx)), 1.0, tilts, views, nx);
            Tensor colW = inverse(p.backproject(Tensor.ones(views, 1, nx)), options.relaxation(), tilts, nz, nx);
            Tensor x = Tensor.zeros(tilts.device(), nz, ny, nx);
            for (int it = 1; it <= options.iterations(); it++) {
                Tensor next;
                try (MemoryScope s = MemoryScope.open()) {
                    Tensor residual = tilts.sub(p.project(x)).mul(rowW);
                    Tensor n = x.add(p.backproject(residual).mul(colW));
                    if (options.positivity()) n = n.relu();
                    next = s.keep(n);
                }
                x.close();
                x = next;
                if (listener != null) listener.after(it, x);
            }
            rowW.close();
            colW.close();
            return x;
        }
    }

    /** {@code scale / sums} elementwise with 0 where a sum is not positive, on the device of {@code like}, {@code [a, 1, b]}. */
    private static Tensor inverse(Tensor sums, double scale, Tensor like, int a, int b) {
        float[] v = sums.toArray();
        sums.close();
        for (int i = 0; i < v.length; i++) v[i] = v[i] > 1e-6f ? (float) (scale / v[i]) : 0f;
        return Tensor.of(like.device(), v, a, 1, b);
    }
}
