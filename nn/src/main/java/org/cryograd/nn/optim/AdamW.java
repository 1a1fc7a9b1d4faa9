package org.cryograd.nn.optim;

import java.util.List;
import org.cryograd.tensor.Tensor;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter) and optional AMSGrad, with PyTorch's update rule
 * ({@code torch.optim.AdamW}, single-tensor path). As {@link Adam}, except that the gradient is not modified
 * and the weights shrink first: {@code p *= 1 - lr * weightDecay}, then the Adam update. Note PyTorch's
 * default weight decay for AdamW is 0.01 ({@link AdamOptions#adamW}).
 */
public final class AdamW extends AdamFamily {
    /** The type name in saved states. */
    public static final String TYPE = "AdamW";

    /** An optimizer over {@code params} (leaf tensors with {@code requiresGrad()}); moment buffers are allocated here. */
    public AdamW(List<Tensor> params, AdamOptions options) {
        super(new AdamCore(TYPE, true, params, options));
    }

    /** {@code torch.optim.AdamW}'s defaults (betas 0.9/0.999, eps 1e-8, weight decay 0.01) with learning rate {@code lr}. */
    public AdamW(List<Tensor> params, double lr) {
        this(params, AdamOptions.adamW(lr));
    }
}
