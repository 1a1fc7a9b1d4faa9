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
 * Optionally (our addition, {@code DualConfig.histogramBins}) a third, histogram branch: the log soft histogram of the
 * voxel values ({@link VoxelHistogram}) through the same MLP shape, so the adversarial game also sees the marginal
 * distribution, which a PatchGAN's linear first layer and the spectrum see poorly.
 * Each branch is a discriminator of its own in the losses (their BCE terms are added). {@link #forward} returns them
 * flattened and concatenated, {@code [N, P + 1]} (or {@code [N, P + 2]} with the histogram branch). State names
 * {@code spatial.*}, {@code spectral.*}, {@code histogram.*}.
 */
public final class Discriminator extends Module {
    private final Sequential spatial, spectral, histogram;
    private final SpectralProfile profile;
    private final VoxelHistogram bins;

    /**
     * @param patch  input edge (16, 32 or 64)
     * @param base   channels of the first conv
     * @param hidden width of the spectral MLP
     * @param slope  LeakyReLU negative slope
     */
    public Discriminator(Rng rng, int patch, int base, int hidden, float slope) {
        this(rng, patch, base, hidden, slope, 0);
    }

    /**
     * @param histogramBins bins of the optional histogram branch ({@link VoxelHistogram} over [-4, 4] through the same
     *                      MLP shape as the spectral branch); 0 leaves it out, as in the paper
     */
    public Discriminator(Rng rng, int patch, int base, int hidden, float slope, int histogramBins) {
        if (patch < 16) throw new IllegalArgumentException("Discriminator: patch edge must be >= 16, got " + patch);
        spatial = child("spatial", new Sequential(
                Layers.conv(rng, 1, base, 4, 2, 1, true), new LeakyReLU(slope),
                Layers.conv(rng, base, 2 * base, 4, 2, 1, false), new InstanceNorm3d(2 * base), new LeakyReLU(slope),
                Layers.conv(rng, 2 * base, 4 * base, 4, 2, 1, false), new InstanceNorm3d(4 * base), new LeakyReLU(slope),
                Layers.conv(rng, 4 * base, 1, 4, 1, 1, true)));
        profile = new SpectralProfile(patch);
        spectral = child("spectral", new Sequential(new Linear(rng, profile.shellCount(), hidden), new LeakyReLU(slope), new Linear(rng, hidden, 1)));
        if (histogramBins < 0) throw new IllegalArgumentException("Discriminator: histogramBins must be >= 0, got " + histogramBins);
        bins = histogramBins == 0 ? null : new VoxelHistogram(histogramBins, 4f);
        histogram = bins == null ? null
                : child("histogram", new Sequential(new Linear(rng, histogramBins, hidden), new LeakyReLU(slope), new Linear(rng, hidden, 1)));
    }

    /** Whether this discriminator has the histogram branch. */
    public boolean hasHistogram() {
        return histogram != null;
    }

    /** Histogram logit {@code [N, 1]}; only when {@link #hasHistogram()}. */
    public Tensor histogramLogits(Tensor x) {
        if (histogram == null) throw new IllegalStateException("Discriminator: built without the histogram branch");
        return histogram.forward(bins.forward(x));
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
        Tensor flat = a.reshape(x.dim(0), (int) (a.numel() / x.dim(0)));
        return histogram == null ? Tensor.cat(1, flat, spectralLogits(x)) : Tensor.cat(1, flat, spectralLogits(x), histogramLogits(x));
    }
}
