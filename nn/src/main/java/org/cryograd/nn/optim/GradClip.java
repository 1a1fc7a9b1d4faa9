package org.cryograd.nn.optim;

import java.util.List;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;

/**
 * Gradient clipping in place, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}.
 * Parameters without a gradient are skipped.
 */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients together so their joint 2-norm is at most {@code maxNorm}.
     *
     * @return the total norm before clipping
     * @see #clipNorm(List, double, double, boolean)
     */
    public static double clipNorm(List<Tensor> params, double maxNorm) {
        return clipNorm(params, maxNorm, 2.0, false);
    }

    /**
     * PyTorch's {@code clip_grad_norm_}: the total norm is the {@code normType}-norm of all gradients viewed as one
     * vector ({@code Double.POSITIVE_INFINITY} for the max-norm); each gradient is multiplied by
     * {@code min(1, maxNorm / (total + 1e-6))}. The 1e-6 keeps the division finite and makes the clipped norm
     * slightly below {@code maxNorm}. A non-finite total makes the gradients non-finite too, as in PyTorch, unless
     * {@code errorIfNonfinite}.
     *
     * @return the total norm before clipping (0 if no parameter has a gradient)
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN or {@code normType} is not positive
     * @throws IllegalStateException    if {@code errorIfNonfinite} and the total norm is NaN or infinite
     */
    public static double clipNorm(List<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("GradClip.clipNorm: maxNorm must be >= 0, got " + maxNorm);
        if (!(normType > 0)) throw new IllegalArgumentException("GradClip.clipNorm: normType must be > 0, got " + normType);
        double total = 0;
        boolean any = false;
        try (Grad g = Grad.disabled(); MemoryScope scope = MemoryScope.open()) {
            for (Tensor p : params) {
                Tensor gr = p.grad();
                if (gr == null) continue;
                any = true;
                if (normType == Double.POSITIVE_INFINITY) {
                    total = Math.max(total, gr.abs().max().item());
                } else if (normType == 2.0) {
                    total += gr.square().sum().item(); // the CPU backend sums in double
                } else {
                    total += gr.abs().pow((float) normType).sum().item();
                }
            }
        }
        if (!any) return 0;
        if (normType == 2.0) total = Math.sqrt(total);
        else if (normType != Double.POSITIVE_INFINITY) total = Math.pow(total, 1 / normType);
        if (errorIfNonfinite && !Double.isFinite(total))
            throw new IllegalStateException("GradClip.clipNorm: the total norm of order " + normType + " of the gradients is " + total);
        double coef = maxNorm / (total + 1e-6);
        if (!(coef >= 1)) { // PyTorch multiplies by the clamped coefficient; a coefficient of 1 changes nothing
            float c = (float) Math.min(coef, 1.0);
            try (Grad g = Grad.disabled()) {
                for (Tensor p : params)
                    if (p.grad() != null) p.grad().mulInPlace(c);
            }
        }
        return total;
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]} ({@code clip_grad_value_}).
     *
     * @throws IllegalArgumentException if {@code clipValue} is negative or NaN
     */
    public static void clipValue(List<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("GradClip.clipValue: clipValue must be >= 0, got " + clipValue);
        float c = (float) clipValue;
        try (Grad g = Grad.disabled(); MemoryScope scope = MemoryScope.open()) {
            for (Tensor p : params) {
                Tensor gr = p.grad();
                if (gr != null) gr.copyFrom(gr.clamp(-c, c));
            }
        }
    }
}
