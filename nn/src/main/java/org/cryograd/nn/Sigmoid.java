package org.cryograd.nn;

import org.cryograd.tensor.Tensor;

/** Logistic sigmoid {@code 1 / (1 + exp(-x))}, elementwise. */
public final class Sigmoid extends Module {
    /** The activation; it has no parameters. */
    public Sigmoid() {}

    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
