package org.cryograd.polar.model;

import org.cryograd.polar.PolarTransform;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * The single-image polar CNN (the paper's Fig. 4): {@code P} -> angular convolution stack with
 * {@code preLayers + postLayers} convolutions -> {@code P^-1}. Every image is denoised on its own.
 * State names {@code cnn.*}.
 */
public final class PolarCnnDenoiser extends SetDenoiserModel {
    private final PolarModelConfig config;
    private final PolarTransform transform;

    /**
     * Builds the model.
     *
     * @param rng    initialisation stream
     * @param config sizes (attention settings ignored)
     */
    public PolarCnnDenoiser(Rng rng, PolarModelConfig config) {
        this.config = config;
        this.transform = new PolarTransform(config.grid(), config.interpolation());
        int nr = config.grid().nr();
        child("cnn", new PolarCnn(rng, nr, config.hidden(), nr, config.preLayers() + config.postLayers(), config.kernel(), config.groups()));
    }

    /** The sizes. */
    public PolarModelConfig config() {
        return config;
    }

    @Override
    public int imageSize() {
        return config.imageSize();
    }

    /** Denoises images {@code [sets, n, N, N]} one by one. */
    @Override
    public Tensor forward(Tensor x) {
        checkSets("PolarCnnDenoiser", x);
        return transform.toCartesian(forwardPolar(transform.toPolar(x)));
    }

    /** The network in polar space: {@code [..., nr, nTheta]} to the same shape. */
    public Tensor forwardPolar(Tensor polar) {
        int[] d = polar.dims();
        int nr = config.grid().nr(), len = config.grid().nTheta();
        int b = (int) (polar.numel() / ((long) nr * len));
        return children().get("cnn").forward(polar.reshape(b, nr, len)).reshape(d);
    }
}
