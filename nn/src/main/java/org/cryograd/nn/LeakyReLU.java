package org.cryograd.nn;

import org.cryograd.tensor.Tensor;

/** {@code x} for {@code x > 0}, else {@code slope * x} (PyTorch's {@code nn.LeakyReLU}). */
public final class LeakyReLU extends Module {
    private final float slope;

    /** PyTorch's default negative slope, 0.01. */
    public LeakyReLU() {
        this(0.01f);
    }

    /** An activation with the given negative slope (DUAL uses 0.2). */
    public LeakyReLU(float negativeSlope) {
        this.slope = negativeSlope;
    }

    /** The negative slope. */
    public float negativeSlope() {
        return slope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.leakyRelu(slope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + slope;
    }
}
