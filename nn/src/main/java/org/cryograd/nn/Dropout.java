package org.cryograd.nn;

import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Inverted dropout (PyTorch's {@code nn.Dropout}): in training each element is zeroed with probability {@code p}
 * and the survivors are scaled by {@code 1/(1-p)}, so the expectation is unchanged; in evaluation it is the
 * identity (returns its input). The masks come from the {@link Rng} given at construction, so a seeded run
 * is reproducible on every device (but the masks differ from PyTorch's, whose generator is another).
 */
public final class Dropout extends Module {
    /** Any non-zero {@code (1 - p) - u} is a multiple of at least 2^-48 here, so times this it is >= 1. */
    private static final float STEP_GAIN = 0x1.0p100f;
    private final float p;
    private final Rng rng;

    /**
     * A dropout layer.
     *
     * @param p   probability of zeroing an element, in [0, 1]
     * @param rng the stream the masks are drawn from (owned by this layer from now on)
     */
    public Dropout(float p, Rng rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        if (rng == null) throw new IllegalArgumentException("Dropout: rng is null");
        this.p = p;
        this.rng = rng;
    }

    /** The drop probability. */
    public float p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0f) return x;
        if (p == 1f) return x.mul(0f);
        float keep = 1f - p;
        // keep an element iff u < 1 - p for u ~ U[0, 1) on the 2^-24 grid (probability exactly 1 - p up to
        // rounding of p); the mask is a step function built from clamp so it runs on any device
        Tensor mask;
        try (Tensor u = Tensor.rand(x.device(), rng, x.dims()); Tensor a = u.neg(); Tensor b = a.add(keep); Tensor c = b.mul(STEP_GAIN);
             Tensor step = c.clamp(0f, 1f)) {
            mask = step.mul(1f / keep); // no graph: the mask needs no gradient, only mul's backward reads it
        }
        return x.mul(mask);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
