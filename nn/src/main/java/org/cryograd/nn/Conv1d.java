package org.cryograd.nn;

import org.cryograd.tensor.Rng;
import org.cryograd.tensor.PadMode;

/**
 * 1-D convolution (PyTorch's {@code nn.Conv1d}) on inputs {@code [N, C, L]}; see {@link ConvNd} for
 * options and initialisation. State names: {@code weight}, {@code bias}.
 */
public final class Conv1d extends ConvNd {
    /** Stride 1, no padding, one group, with bias. */
    public Conv1d(Rng rng, int in, int out, int kernel) {
        this(rng, in, out, kernel, 1, 0);
    }

    /** Zero padding, one group, with bias. */
    public Conv1d(Rng rng, int in, int out, int kernel, int stride, int padding) {
        this(rng, in, out, new int[] {kernel}, new int[] {stride}, new int[] {padding}, 1, true, PadMode.ZERO);
    }

    /**
     * The general layer.
     *
     * @param kernel  kernel size: one value for every spatial dimension, or 1
     * @param stride  stride: 1 or 1 values
     * @param padding padding added on both sides: 1 or 1 values
     * @param groups  channel groups; {@code in} and {@code out} must be multiples
     * @param bias    whether to add a learned bias
     * @param mode    {@link PadMode#ZERO} or {@link PadMode#CIRCULAR} (PyTorch's {@code padding_mode})
     */
    public Conv1d(Rng rng, int in, int out, int[] kernel, int[] stride, int[] padding, int groups, boolean bias, PadMode mode) {
        super(1, rng, in, out, kernel, stride, padding, groups, bias, mode);
    }
}
