package org.cryograd.dual.net;

import org.cryograd.nn.InstanceNorm3d;
import org.cryograd.nn.LeakyReLU;
import org.cryograd.nn.Linear;
import org.cryograd.nn.Module;
import org.cryograd.nn.Sequential;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * A DUAL discriminator (Dt for the noisy domain, Dv for the clean one) with two branches that each return logits:
 * <ul>
 * <li>spatial: a 3-D PatchGAN, three {@code 4^3} stride-2 convs (LeakyReLU; InstanceNorm after the 2nd and 3rd),
 * channels {@code base, 2 base, 4 base}, then a {@code 4^3} stride-1 conv to one logit per receptive field
 * ({@code 3^3} logits for a 32^3 patch);</li>
 * <li>spectral: the radially averaged log-amplitude spectrum ({@link SpectralProfile}) through
 * {@code Linear -> LeakyReLU -> Linear} to one logit per patch.</li>
 * </ul>
 * Each branch is a discriminator of its own in the losses (their BCE terms are added). {@link #forward} returns both
 * flattened and concatenated, {@code [N, P + 1]}. State names {@code spatial.*}, {@code spectral.*}.
 */
public final class Discriminator extends Module {
    private final Sequential spatial, spectral;
    private final SpectralProfile profile;

    /**
     * @param patch  input edge (16, 32 or 64)
     * @param base   channels of the first conv
     * @param hidden width of the spectral MLP
     * @param slope  LeakyReLU negative slope
     */
    public Discriminator(Rng rng, int patch, int base, int hidden, float slope) {
        if (patch < 16) throw new IllegalArgumentException("Discriminator: patch edge must be >= 16, got " + patch);
        spatial = child("spatial", new Sequential(
                Layers.conv(rng, 1, base, 4, 2, 1, true), new LeakyReLU(slope),
                Layers.conv(rng, base, 2 * base, 4, 2, 1, false), new InstanceNorm3d(2 * base), new LeakyReLU(slope),
                Layers.conv(rng, 2 * base, 4 * base, 4, 2, 1, false), new InstanceNorm3d(4 * base), new LeakyReLU(slope),
                Layers.conv(rng, 4 * base, 1, 4, 1, 1, true)));
        profile = new SpectralProfile(patch);
        spectral = child("spectral", new Sequential(new Linear(rng, profile.shellCount(), hidden), new LeakyReLU(slope), new Linear(rng, hidden, 1)));
    }

    /** Patch logits {@code [N, 1, d, d, d]}. */
    public Tensor spatialLogits(Tensor x) {
        return spatial.forward(x);
    }

    /** Spectrum logit {@code [N, 1]}. */
    public Tensor spectralLogits(Tensor x) {
        return spectral.forward(profile.forward(x));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor a = spatialLogits(x);
        return Tensor.cat(1, a.reshape(x.dim(0), (int) (a.numel() / x.dim(0))), spectralLogits(x));
    }
}
