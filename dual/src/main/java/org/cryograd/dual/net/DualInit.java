package org.cryograd.dual.net;

import org.cryograd.nn.ConvNd;
import org.cryograd.nn.ConvTranspose3d;
import org.cryograd.nn.Init;
import org.cryograd.nn.Linear;
import org.cryograd.nn.Module;
import org.cryograd.tensor.Rng;

/**
 * DUAL's initialisation (the paper: "an orthogonal kernel weight initializer"): every conv, transposed-conv and
 * linear weight from {@link Init#orthogonal} ({@code torch.nn.init.orthogonal_}: the weight viewed as
 * {@code [dim0, rest]} has orthonormal rows, or columns when taller than wide), biases zero. Norm layers keep
 * weight 1 and bias 0. Modules are visited in {@link Module#apply} order, so a seed gives the same weights.
 */
public final class DualInit {
    private DualInit() {}

    /** Re-initialises every weight of {@code m} in place. */
    public static void orthogonal(Module m, double gain, Rng rng) {
        m.apply(mod -> {
            if (mod instanceof ConvNd c) {
                Init.orthogonal(c.weight(), gain, rng);
                if (c.bias() != null) Init.constant(c.bias(), 0f);
            } else if (mod instanceof ConvTranspose3d c) {
                Init.orthogonal(c.weight(), gain, rng);
                if (c.bias() != null) Init.constant(c.bias(), 0f);
            } else if (mod instanceof Linear l) {
                Init.orthogonal(l.weight(), gain, rng);
                if (l.bias() != null) Init.constant(l.bias(), 0f);
            }
        });
    }
}
