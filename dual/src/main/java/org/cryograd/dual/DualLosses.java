package org.cryograd.dual;

import org.cryograd.dual.net.Discriminator;
import org.cryograd.nn.Losses;
import org.cryograd.tensor.Tensor;

/**
 * DUAL's losses (Zeng et al. 2024, eq. 3-9). Adversarial terms are the paper's non-saturating log losses computed
 * from logits with BCE-with-logits ({@code -log σ(x)} = BCE(x, 1), {@code -log(1 - σ(x))} = BCE(x, 0)); each of a
 * discriminator's branches (spatial PatchGAN, spectral, and the optional histogram branch) contributes its own mean
 * BCE term.
 */
public final class DualLosses {
    private DualLosses() {}

    /**
     * Eq. 4-5: {@code log(mean((a - â)^2) + eps) + log(1 - pearson(a, â) + eps)} over the whole batch
     * ({@link Losses#dualReconstruction(Tensor, Tensor, float)}; the mean differs from the paper's squared norm by the
     * constant {@code log(numel)}, gradients identical).
     */
    public static Tensor reconstruction(Tensor a, Tensor ahat, float eps) {
        return Losses.dualReconstruction(a, ahat, eps);
    }

    /** BCE-with-logits of every logit against a constant label. */
    public static Tensor bce(Tensor logits, float label) {
        Tensor target = Tensor.full(logits.device(), label, logits.dims());
        return Losses.bceWithLogits(logits, target);
    }

    /** The generators' term for one discriminator and its fakes: BCE(spatial, 1) + BCE(spectral, 1) (one half of eq. 8), + BCE(histogram, 1) when present. */
    public static Tensor generatorAdversarial(Discriminator d, Tensor fake) {
        return branches(d, fake, 1f);
    }

    /** Sum over the discriminator's branches of the mean BCE of their logits against {@code label}. */
    private static Tensor branches(Discriminator d, Tensor x, float label) {
        Tensor t = bce(d.spatialLogits(x), label).add(bce(d.spectralLogits(x), label));
        return d.hasHistogram() ? t.add(bce(d.histogramLogits(x), label)) : t;
    }

    /**
     * Eq. 6/7 for one discriminator: {@code -log(1 - D(fake)) - log D(real)} per branch, from logits. Pass
     * {@code fake} detached.
     */
    public static Tensor discriminatorAdversarial(Discriminator d, Tensor real, Tensor fake) {
        return branches(d, real, 1f).add(branches(d, fake, 0f));
    }

    /** Eq. 9, see {@link GaussianKl#loss}. */
    public static Tensor kl(Tensor codes, double eps) {
        return GaussianKl.loss(codes, eps);
    }

    /**
     * Eq. 9 over the batch's codes and the remembered inputs' codes ({@link KlMemory}), both from the current encoder
     * and both differentiable: {@link GaussianKl#loss(Tensor, double)} of all rows (memory first). Warm-up: while they
     * hold fewer than {@code K + 1} rows (the first {@code ⌈(K + 1 − B) / B⌉} steps of a run) their covariance is
     * rank-deficient, and the term is reported but not trained on (detached): there the gradient comes from the
     * {@code ε}-dominated inverse and log-determinant, orders of magnitude above the later one, and Adam's second moment
     * (β2 = 0.999) would carry that scale for thousands of steps.
     *
     * @param codes       the batch's codes {@code [B, K]}
     * @param memoryCodes the remembered inputs' codes {@code [M, K]}, or null when the memory is empty
     */
    public static Tensor klWithMemory(Tensor codes, Tensor memoryCodes, double eps) {
        Tensor all = memoryCodes == null ? codes : Tensor.cat(0, memoryCodes, codes);
        if (all.dim(0) < 2) throw new IllegalArgumentException("DualLosses.klWithMemory: one code and an empty memory have no covariance");
        Tensor kl = GaussianKl.loss(all, eps);
        return all.dim(0) < codes.dim(1) + 1 ? kl.detach() : kl;
    }
}
