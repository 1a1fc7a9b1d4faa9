package org.cryograd.nn.optim;

/**
 * Hyperparameters of {@link Adam} and {@link AdamW}.
 *
 * @param lr          learning rate, >= 0
 * @param beta1       decay of the first moment, in [0, 1)
 * @param beta2       decay of the second moment, in [0, 1)
 * @param eps         added to the bias-corrected root of the second moment, >= 0
 * @param weightDecay L2 penalty added to the gradient ({@link Adam}) or decoupled decay of the weights
 *                    ({@link AdamW}), >= 0
 * @param amsgrad     normalise by the running maximum of the second moment (Reddi et al., 2018)
 */
public record AdamOptions(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
    /** Validates like PyTorch. */
    public AdamOptions {
        Params.checkNonNegative("Adam", "lr", lr);
        Params.checkNonNegative("Adam", "eps", eps);
        Params.checkNonNegative("Adam", "weightDecay", weightDecay);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("Adam: beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam: beta2 must be in [0, 1), got " + beta2);
    }

    /** {@code torch.optim.Adam}'s defaults with learning rate {@code lr}: betas (0.9, 0.999), eps 1e-8, weight decay 0. */
    public static AdamOptions adam(double lr) {
        return new AdamOptions(lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** {@code torch.optim.AdamW}'s defaults with learning rate {@code lr}: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static AdamOptions adamW(double lr) {
        return new AdamOptions(lr, 0.9, 0.999, 1e-8, 0.01, false);
    }

    /** A copy with another learning rate. */
    public AdamOptions withLr(double v) { return new AdamOptions(v, beta1, beta2, eps, weightDecay, amsgrad); }

    /** A copy with other betas. */
    public AdamOptions withBetas(double b1, double b2) { return new AdamOptions(lr, b1, b2, eps, weightDecay, amsgrad); }

    /** A copy with another eps. */
    public AdamOptions withEps(double v) { return new AdamOptions(lr, beta1, beta2, v, weightDecay, amsgrad); }

    /** A copy with another weight decay. */
    public AdamOptions withWeightDecay(double v) { return new AdamOptions(lr, beta1, beta2, eps, v, amsgrad); }

    /** A copy with AMSGrad on or off. */
    public AdamOptions withAmsgrad(boolean v) { return new AdamOptions(lr, beta1, beta2, eps, weightDecay, v); }
}
