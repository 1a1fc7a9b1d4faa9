package org.cryograd.nn;

import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * {@code y = x W^T + b} over the last dimension (PyTorch's {@code nn.Linear}): input {@code [..., in]}, weight
 * {@code [out, in]}, bias {@code [out]}, output {@code [..., out]}. Default initialisation is PyTorch's: weight
 * and bias {@code U(-1/sqrt(in), 1/sqrt(in))}.
 */
public final class Linear extends Module {
    private final int in, out;

    /** A layer with a bias. */
    public Linear(Rng rng, int inFeatures, int outFeatures) {
        this(rng, inFeatures, outFeatures, true);
    }

    /** A layer, with or without a bias. */
    public Linear(Rng rng, int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 1 || outFeatures < 1)
            throw new IllegalArgumentException("Linear: feature counts must be positive, got in=" + inFeatures + ", out=" + outFeatures);
        this.in = inFeatures;
        this.out = outFeatures;
        Tensor w = param("weight", Tensor.zeros(outFeatures, inFeatures));
        Init.kaimingUniform(w, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, rng);
        if (bias) {
            double b = 1.0 / Math.sqrt(inFeatures);
            Init.uniform(param("bias", Tensor.zeros(outFeatures)), -b, b, rng);
        }
    }

    /** The weight {@code [out, in]}. */
    public Tensor weight() {
        return param("weight");
    }

    /** The bias {@code [out]}, or null without one. */
    public Tensor bias() {
        return paramOrNull("bias");
    }

    /** Input features. */
    public int inFeatures() {
        return in;
    }

    /** Output features. */
    public int outFeatures() {
        return out;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.dim(-1) != in)
            throw new IllegalArgumentException("Linear(" + in + ", " + out + "): input of shape " + x.shape() + " must end with " + in + " features");
        Tensor y = x.matmul(weight().transpose(0, 1));
        Tensor b = bias();
        return b == null ? y : y.add(b);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + in + ", out_features=" + out + ", bias=" + (bias() != null);
    }
}
