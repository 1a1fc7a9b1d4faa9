package org.cryograd.nn;

import org.cryograd.tensor.Tensor;

/** SIREN's activation {@code sin(w0 * x)}; pair it with {@link Init#sirenFirst} / {@link Init#sirenHidden}. */
public final class Sine extends Module {
    private final float w0;

    /** {@code sin(w0 * x)}; SIREN uses {@code w0 = 30}. */
    public Sine(float w0) {
        this.w0 = w0;
    }

    /** The frequency factor. */
    public float w0() {
        return w0;
    }

    @Override
    public Tensor forward(Tensor x) {
        // intermediates are left to the caller's MemoryScope: backward may still need them
        return x.sine(w0);
    }

    @Override
    protected String extraRepr() {
        return "w0=" + w0;
    }
}
