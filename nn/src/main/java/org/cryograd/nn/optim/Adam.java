package org.cryograd.nn.optim;

import java.util.List;
import org.cryograd.tensor.Tensor;

/**
 * Adam with L2 weight decay added to the gradient and optional AMSGrad, with PyTorch's update rule
 * ({@code torch.optim.Adam}, single-tensor path). Per parameter, with step count {@code t} starting at 1:
 * <pre>
 *   g = grad + weightDecay * p
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   vmax = max(vmax, v)                      (amsgrad; the normaliser is then vmax instead of v)
 *   p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Bias corrections are computed in double precision as PyTorch computes them in Python floats; tensor
 * arithmetic is float32.
 */
public final class Adam extends AdamFamily {
    /** The type name in saved states. */
    public static final String TYPE = "Adam";

    /** An optimizer over {@code params} (leaf tensors with {@code requiresGrad()}); moment buffers are allocated here. */
    public Adam(List<Tensor> params, AdamOptions options) {
        super(new AdamCore(TYPE, false, params, options));
    }

    /** {@code torch.optim.Adam}'s defaults (betas 0.9/0.999, eps 1e-8, no weight decay) with learning rate {@code lr}. */
    public Adam(List<Tensor> params, double lr) {
        this(params, AdamOptions.adam(lr));
    }
}
