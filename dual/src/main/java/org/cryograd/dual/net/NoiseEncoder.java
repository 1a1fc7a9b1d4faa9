package org.cryograd.dual.net;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.nn.InstanceNorm3d;
import org.cryograd.nn.LeakyReLU;
import org.cryograd.nn.Linear;
import org.cryograd.nn.Module;
import org.cryograd.nn.Sequential;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * DUAL's noise encoder E: stride-2 {@code 3^3} convs (LeakyReLU, InstanceNorm after the first) from a
 * {@code patch^3} tomogram patch down to {@code 4^3}, flattened, then {@code Linear -> K}: one noise code per patch,
 * {@code [N, 1, p, p, p] -> [N, K]}. Channels {@code base, 2 base, ...}. State names {@code convs.*}, {@code fc}.
 */
public final class NoiseEncoder extends Module {
    private final int patch, flat;
    private final Sequential convs;
    private final Linear fc;

    /**
     * @param patch    input edge, {@code 4 * 2^m} with {@code m >= 1}
     * @param base     channels of the first conv
     * @param codeSize K
     * @param slope    LeakyReLU negative slope
     */
    public NoiseEncoder(Rng rng, int patch, int base, int codeSize, float slope) {
        int m = stagesTo4(patch);
        this.patch = patch;
        List<Module> layers = new ArrayList<>();
        int in = 1, c = base;
        for (int i = 0; i < m; i++) {
            layers.add(Layers.conv(rng, in, c, 3, 2, 1, i == 0));
            if (i > 0) layers.add(new InstanceNorm3d(c));
            layers.add(new LeakyReLU(slope));
            in = c;
            c *= 2;
        }
        convs = child("convs", new Sequential(layers.toArray(new Module[0])));
        flat = in * 64;
        fc = child("fc", new Linear(rng, flat, codeSize));
    }

    static int stagesTo4(int patch) {
        if (patch < 8 || Integer.bitCount(patch) != 1)
            throw new IllegalArgumentException("DUAL noise networks: patch edge must be a power of two >= 8, got " + patch);
        return Integer.numberOfTrailingZeros(patch / 4);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 5 || x.dim(1) != 1 || x.dim(2) != patch || x.dim(3) != patch || x.dim(4) != patch)
            throw new IllegalArgumentException("NoiseEncoder: input of shape " + x.shape() + " must be [N, 1, " + patch + ", " + patch + ", " + patch + "]");
        Tensor h = convs.forward(x);
        return fc.forward(h.reshape(x.dim(0), flat));
    }
}
