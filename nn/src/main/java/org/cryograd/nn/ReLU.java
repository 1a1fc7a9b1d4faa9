package org.cryograd.nn;

import org.cryograd.tensor.Tensor;

/** {@code max(x, 0)} elementwise (gradient 0 at 0, as PyTorch). */
public final class ReLU extends Module {
    /** The activation; it has no parameters. */
    public ReLU() {}

    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
