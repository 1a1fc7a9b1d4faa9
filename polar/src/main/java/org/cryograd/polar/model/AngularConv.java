package org.cryograd.polar.model;

import org.cryograd.nn.Conv1d;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.PadMode;

/**
 * Factory for the angular convolution: a 1-D convolution along θ with circular padding on polar feature maps
 * {@code [batch, channels, nTheta]} (radius folded into channels), so a circular shift of the input along θ shifts
 * the output the same way. The kernel size must be odd (same-length output).
 */
public final class AngularConv {
    private AngularConv() {}

    /**
     * A circular angular convolution.
     *
     * @param rng    initialisation stream
     * @param in     input channels
     * @param out    output channels
     * @param kernel odd kernel size along θ
     * @param bias   whether to add a bias
     * @return the layer (state names {@code weight}, {@code bias})
     */
    public static Conv1d of(Rng rng, int in, int out, int kernel, boolean bias) {
        if (kernel < 1 || kernel % 2 == 0) throw new IllegalArgumentException("AngularConv: kernel size must be odd, got " + kernel);
        return new Conv1d(rng, in, out, new int[] {kernel}, new int[] {1}, new int[] {kernel / 2}, 1, bias, PadMode.CIRCULAR);
    }
}
