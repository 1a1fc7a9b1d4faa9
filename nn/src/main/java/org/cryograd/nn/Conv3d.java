package org.cryograd.nn;

import org.cryograd.tensor.Rng;
import org.cryograd.tensor.PadMode;

/**
 * 3-D convolution (PyTorch's {@code nn.Conv3d}) on inputs {@code [N, C, D, H, W]}; see {@link ConvNd} for
 * options and initialisation. State names: {@code weight}, {@code bias}.
 */
public final class Conv3d extends ConvNd {
    /** Stride 1, no padding, one group, with bias. */
    public Conv3d(Rng rng, int in, int out, int kernel) {
        this(rng, in, out, kernel, 1, 0);
    }

    /** Zero padding, one group, with bias. */
    public Conv3d(Rng rng, int in, int out, int kernel, int stride, int padding) {
        this(rng, in, out, new int[] {kernel}, new int[] {stride}, new int[] {padding}, 1, true, PadMode.ZERO);
    }

    /**
     * The general layer.
     *
     * @param kernel  kernel size: one value for every spatial dimension, or 3
     * @param stride  stride: 1 or 3 values
     * @param padding padding added on both sides: 1 or 3 values
     * @param groups  channel groups; {@code in} and {@code out} must be multiples
     * @param bias    whether to add a learned bias
     * @param mode    {@link PadMode#ZERO} or {@link PadMode#CIRCULAR} (PyTorch's {@code padding_mode})
     */
    public Conv3d(Rng rng, int in, int out, int[] kernel, int[] stride, int[] padding, int groups, boolean bias, PadMode mode) {
        super(3, rng, in, out, kernel, stride, padding, groups, bias, mode);
    }
}
