package org.cryograd.polar.model;

import org.cryograd.nn.Module;
import org.cryograd.tensor.Tensor;

/**
 * A trainable denoiser of image sets: {@link #forward} maps noisy sets {@code [sets, n, N, N]} to denoised sets of
 * the same shape. Single-image models treat every image independently.
 */
public abstract class SetDenoiserModel extends Module {
    /** Creates the module. */
    protected SetDenoiserModel() {}

    /** The image side this model accepts. */
    public abstract int imageSize();

    /** Checks {@code x} is {@code [sets, n, N, N]}. */
    protected final void checkSets(String who, Tensor x) {
        int[] d = x.dims();
        if (d.length != 4 || d[2] != imageSize() || d[3] != imageSize())
            throw new IllegalArgumentException(who + ": expected [sets, n, " + imageSize() + ", " + imageSize() + "], got " + x.shape());
    }
}
