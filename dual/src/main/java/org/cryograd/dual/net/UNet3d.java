package org.cryograd.dual.net;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.nn.Conv3d;
import org.cryograd.nn.ConvTranspose3d;
import org.cryograd.nn.Module;
import org.cryograd.nn.Sequential;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * The 3-D U-Net used for DUAL's denoiser Dn and structural generator Gs: {@code depth} resolution levels with
 * {@code base * 2^l} channels at level {@code l}; per level two {@code 3^3 conv + InstanceNorm + LeakyReLU} stages,
 * a stride-2 {@code 3^3} conv down, a {@code 2^3} stride-2 transposed conv up, skip concatenation, and a {@code 1^3}
 * output conv. Spatial sizes must be multiples of {@code 2^(depth-1)}. State names: {@code enc.<l>}, {@code down.<l>},
 * {@code up.<l>}, {@code dec.<l>}, {@code out}.
 */
public final class UNet3d extends Module {
    private final int depth;
    private final List<Module> enc = new ArrayList<>(), down = new ArrayList<>(), up = new ArrayList<>(), dec = new ArrayList<>();
    private final Conv3d out;

    /**
     * Builds the network with PyTorch-default weights (re-initialise with {@link DualInit}).
     *
     * @param in    input channels
     * @param outCh output channels
     * @param depth resolution levels, at least 1
     * @param base  channels of the first level
     * @param slope LeakyReLU negative slope
     */
    public UNet3d(Rng rng, int in, int outCh, int depth, int base, float slope) {
        if (depth < 1 || base < 1 || in < 1 || outCh < 1)
            throw new IllegalArgumentException("UNet3d: need depth, base, in, out >= 1, got " + depth + ", " + base + ", " + in + ", " + outCh);
        this.depth = depth;
        Sequential encs = child("enc", new Sequential()), downs = child("down", new Sequential());
        Sequential ups = child("up", new Sequential()), decs = child("dec", new Sequential());
        for (int l = 0; l < depth; l++) {
            int c = base << l;
            enc.add(encs.add(Layers.doubleConv(rng, l == 0 ? in : c / 2, c, slope)).get(l));
            if (l < depth - 1) down.add(downs.add(Layers.down(rng, c, slope)).get(l));
        }
        for (int l = 0; l < depth - 1; l++) {
            int c = base << l;
            up.add(ups.add(new ConvTranspose3d(rng, 2 * c, c, 2, 2)).get(l));
            dec.add(decs.add(Layers.doubleConv(rng, 2 * c, c, slope)).get(l));
        }
        out = child("out", new Conv3d(rng, base, outCh, 1));
    }

    /** Multiple that every spatial size of an input must be. */
    public int sizeMultiple() {
        return 1 << (depth - 1);
    }

    @Override
    public Tensor forward(Tensor x) {
        int m = sizeMultiple();
        if (x.rank() != 5 || x.dim(2) % m != 0 || x.dim(3) % m != 0 || x.dim(4) % m != 0)
            throw new IllegalArgumentException("UNet3d: input of shape " + x.shape() + " must be [N, C, D, H, W] with D, H, W multiples of " + m);
        boolean release = !Grad.isEnabled();   // without a graph each tensor is freed once its last reader has run
        Tensor[] skips = new Tensor[depth];
        Tensor h = x;
        for (int l = 0; l < depth; l++) {
            Tensor in = h;
            h = enc.get(l).forward(in);
            if (release && l > 0) in.close();   // the level above's downsampled tensor
            skips[l] = h;
            if (l < depth - 1) h = down.get(l).forward(h);
        }
        for (int l = depth - 2; l >= 0; l--) {
            Tensor below = h, upsampled = up.get(l).forward(below), joined = Tensor.cat(1, upsampled, skips[l]);
            h = dec.get(l).forward(joined);
            if (release) closeAll(below, upsampled, joined, skips[l]);
        }
        Tensor y = out.forward(h);
        if (release && h != x) h.close();
        return y;
    }

    private static void closeAll(Tensor... ts) {
        for (Tensor t : ts) t.close();
    }
}
