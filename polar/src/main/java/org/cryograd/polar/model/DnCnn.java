package org.cryograd.polar.model;

import org.cryograd.nn.BatchNorm;
import org.cryograd.nn.Conv2d;
import org.cryograd.nn.Module;
import org.cryograd.nn.ReLU;
import org.cryograd.nn.Sequential;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.PadMode;

/**
 * DnCNN (Zhang et al. 2017): {@code conv-ReLU, (layers-2) x (conv-BatchNorm-ReLU), conv}, 3 x 3 kernels, zero
 * padding. As published it predicts the noise, and the output is the input minus that residual; the direct variant
 * ({@code residual = false}) outputs the body's prediction of the clean image instead. At very low SNR the residual
 * form must reproduce nearly all of the input (at SNR 0.02 the noise carries 50 times the signal's energy), so
 * small errors in the predicted noise dominate; the direct form has no such handicap. The paper's configuration is
 * 17 layers of 64 channels ({@link #standard}). State names {@code body.<i>.*} as {@code nn.Sequential} (the same
 * for both forms).
 */
public final class DnCnn extends SetDenoiserModel {
    private final int imageSize;
    private final int layers;
    private final int channels;
    private final boolean residual;

    /** The published, residual network: {@code new DnCnn(rng, imageSize, layers, channels, true)}. */
    public DnCnn(Rng rng, int imageSize, int layers, int channels) {
        this(rng, imageSize, layers, channels, true);
    }

    /**
     * Builds the network.
     *
     * @param rng       initialisation stream
     * @param imageSize image side
     * @param layers    convolution layers ({@code >= 2})
     * @param channels  feature channels
     * @param residual  output {@code input - body(input)} (published) or {@code body(input)} (direct)
     */
    public DnCnn(Rng rng, int imageSize, int layers, int channels, boolean residual) {
        if (layers < 2 || channels < 1) throw new IllegalArgumentException("DnCnn: need layers >= 2 and channels >= 1, got " + layers + ", " + channels);
        this.imageSize = imageSize;
        this.layers = layers;
        this.channels = channels;
        this.residual = residual;
        Sequential body = new Sequential();
        body.add(conv(rng, 1, channels, true)).add(new ReLU());
        for (int l = 0; l < layers - 2; l++) body.add(conv(rng, channels, channels, false)).add(new BatchNorm(2, channels)).add(new ReLU());
        body.add(conv(rng, channels, 1, false));
        child("body", body);
    }

    /** The paper's baseline: 17 layers, 64 channels. */
    public static DnCnn standard(Rng rng, int imageSize) {
        return new DnCnn(rng, imageSize, 17, 64);
    }

    private static Module conv(Rng rng, int in, int out, boolean bias) {
        return new Conv2d(rng, in, out, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, 1, bias, PadMode.ZERO);
    }

    /** Convolution layers. */
    public int layers() {
        return layers;
    }

    /** Feature channels. */
    public int channels() {
        return channels;
    }

    /** Whether the output is the input minus the body's output (the published form). */
    public boolean residual() {
        return residual;
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    /** Denoises images {@code [sets, n, N, N]} one by one. */
    @Override
    public Tensor forward(Tensor x) {
        checkSets("DnCnn", x);
        int[] d = x.dims();
        Tensor flat = x.reshape(d[0] * d[1], 1, d[2], d[3]);
        Tensor body = children().get("body").forward(flat);
        return (residual ? flat.sub(body) : body).reshape(d);
    }
}
