package org.cryograd.dual.net;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.nn.ConvTranspose3d;
import org.cryograd.nn.LeakyReLU;
import org.cryograd.nn.Linear;
import org.cryograd.nn.Module;
import org.cryograd.nn.Sequential;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * DUAL's noise decoder Gn: {@code Linear(K -> C * 4^3)}, reshaped to {@code [N, C, 4, 4, 4]}, then
 * {@code 2^3} stride-2 transposed convs halving the channels (LeakyReLU after each) up to {@code patch^3}, and a
 * {@code 3^3} conv to one channel: the non-structural noise mask {@code [N, K] -> [N, 1, p, p, p]}. No normalisation,
 * so the noise amplitude is free to learn. State names {@code fc}, {@code ups.*}, {@code out}.
 */
public final class NoiseDecoder extends Module {
    private final int channels, codeSize;
    private final Linear fc;
    private final Sequential ups;
    private final Module out;
    private final float slope;

    /**
     * @param patch    output edge, {@code 4 * 2^m}
     * @param channels C, a multiple of {@code 2^m}
     * @param codeSize K
     * @param slope    LeakyReLU negative slope
     */
    public NoiseDecoder(Rng rng, int patch, int channels, int codeSize, float slope) {
        int m = NoiseEncoder.stagesTo4(patch);
        if (channels % (1 << m) != 0)
            throw new IllegalArgumentException("NoiseDecoder: channels " + channels + " must be a multiple of " + (1 << m));
        this.channels = channels;
        this.codeSize = codeSize;
        this.slope = slope;
        fc = child("fc", new Linear(rng, codeSize, channels * 64));
        List<Module> layers = new ArrayList<>();
        int c = channels;
        for (int i = 0; i < m; i++) {
            layers.add(new ConvTranspose3d(rng, c, c / 2, 2, 2));
            layers.add(new LeakyReLU(slope));
            c /= 2;
        }
        ups = child("ups", new Sequential(layers.toArray(new Module[0])));
        out = child("out", Layers.conv(rng, c, 1, 3, 1, 1, true));
    }

    @Override
    public Tensor forward(Tensor z) {
        if (z.rank() != 2 || z.dim(1) != codeSize)
            throw new IllegalArgumentException("NoiseDecoder: code of shape " + z.shape() + " must be [N, " + codeSize + "]");
        Tensor h = fc.forward(z).leakyRelu(slope).reshape(z.dim(0), channels, 4, 4, 4);
        return out.forward(ups.forward(h));
    }
}
