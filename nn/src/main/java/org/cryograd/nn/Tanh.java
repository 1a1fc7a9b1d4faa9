package org.cryograd.nn;

import org.cryograd.tensor.Tensor;

/** Hyperbolic tangent, elementwise. */
public final class Tanh extends Module {
    /** The activation; it has no parameters. */
    public Tanh() {}

    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
