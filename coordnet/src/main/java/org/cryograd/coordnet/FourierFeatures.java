package org.cryograd.coordnet;

import org.cryograd.nn.Init;
import org.cryograd.nn.Module;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Gaussian Fourier-feature encoding of coordinates (Tancik et al. 2020; the authors' {@code FFPositionalEncoding}):
 * {@code gamma(x) = [cos(2 pi x B^T), sin(2 pi x B^T)]} with a fixed random matrix {@code B ~ N(0, scale^2)} of
 * shape {@code [count, in]}, kept as the buffer {@code b} (saved in the state dict, never trained). Input
 * {@code [N, in]}, output {@code [N, 2 * count]}, cosines first.
 */
public final class FourierFeatures extends Module {
    private final int in, count;

    /**
     * Draws {@code B}.
     *
     * @param in    coordinate dimension (3 for volumes)
     * @param count number of frequencies
     * @param scale standard deviation of the frequencies
     * @param rng   the stream {@code B} is drawn from
     */
    public FourierFeatures(int in, int count, double scale, Rng rng) {
        if (in < 1 || count < 1) throw new IllegalArgumentException("FourierFeatures: in=" + in + " and count=" + count + " must be positive");
        if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("FourierFeatures: scale must be positive and finite, got " + scale);
        this.in = in;
        this.count = count;
        Init.normal(buffer("b", Tensor.zeros(count, in)), 0, scale, rng);
    }

    /** The frequency matrix {@code B} {@code [count, in]} (the live buffer). */
    public Tensor frequencies() {
        return buffer("b");
    }

    /** Output width {@code 2 * count}. */
    public int outFeatures() {
        return 2 * count;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != in)
            throw new IllegalArgumentException("FourierFeatures: input of shape " + x.shape() + " must be [N, " + in + "]");
        Tensor phase = x.matmul(buffer("b").transpose(0, 1)).mul((float) (2 * Math.PI));
        return Tensor.cat(1, phase.cos(), phase.sin());
    }

    @Override
    protected String extraRepr() {
        return "in=" + in + ", count=" + count;
    }
}
