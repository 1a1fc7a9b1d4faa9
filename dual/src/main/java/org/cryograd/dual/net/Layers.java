package org.cryograd.dual.net;

import org.cryograd.nn.Conv3d;
import org.cryograd.nn.InstanceNorm3d;
import org.cryograd.nn.LeakyReLU;
import org.cryograd.nn.Sequential;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.PadMode;

/** Small layer stacks shared by the DUAL networks. */
final class Layers {
    private Layers() {}

    /** A bias-free 3-D convolution (a following InstanceNorm would cancel the bias). */
    static Conv3d conv(Rng rng, int in, int out, int kernel, int stride, int padding, boolean bias) {
        return new Conv3d(rng, in, out, new int[] {kernel}, new int[] {stride}, new int[] {padding}, 1, bias, PadMode.ZERO);
    }

    /** Two {@code 3^3 conv + InstanceNorm + LeakyReLU} stages: one U-Net level. */
    static Sequential doubleConv(Rng rng, int in, int out, float slope) {
        return new Sequential(conv(rng, in, out, 3, 1, 1, false), new InstanceNorm3d(out), new LeakyReLU(slope),
                conv(rng, out, out, 3, 1, 1, false), new InstanceNorm3d(out), new LeakyReLU(slope));
    }

    /** A stride-2 {@code 3^3 conv + InstanceNorm + LeakyReLU}: halves each spatial size. */
    static Sequential down(Rng rng, int ch, float slope) {
        return new Sequential(conv(rng, ch, ch, 3, 2, 1, false), new InstanceNorm3d(ch), new LeakyReLU(slope));
    }
}
