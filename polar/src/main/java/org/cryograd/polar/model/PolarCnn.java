package org.cryograd.polar.model;

import org.cryograd.nn.GroupNorm;
import org.cryograd.nn.Module;
import org.cryograd.nn.ReLU;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * A stack of angular convolutions on polar feature maps {@code [batch, in, nTheta]} to {@code [batch, out, nTheta]}:
 * {@code layers - 1} blocks of (circular angular convolution, GroupNorm, ReLU) and a final angular convolution
 * without normalisation. Every block is exactly equivariant to circular shifts along θ (GroupNorm's statistics run
 * over whole channels, which a shift does not change). State names {@code layers.<i>.conv.weight}, ... .
 */
public final class PolarCnn extends Module {
    private final int depth;

    /**
     * Builds the stack.
     *
     * @param rng    initialisation stream
     * @param in     input channels
     * @param hidden hidden channels (a multiple of {@code groups})
     * @param out    output channels
     * @param layers number of convolutions ({@code >= 1})
     * @param kernel odd angular kernel size
     * @param groups GroupNorm groups
     */
    public PolarCnn(Rng rng, int in, int hidden, int out, int layers, int kernel, int groups) {
        if (layers < 1) throw new IllegalArgumentException("PolarCnn: layers must be >= 1, got " + layers);
        if (layers > 1 && hidden % groups != 0)
            throw new IllegalArgumentException("PolarCnn: hidden channels " + hidden + " not a multiple of GroupNorm groups " + groups);
        this.depth = layers;
        Seq seq = child("layers", new Seq());
        for (int l = 0; l < layers - 1; l++) seq.add(Integer.toString(l), new Block(rng, l == 0 ? in : hidden, hidden, kernel, groups));
        seq.add(Integer.toString(layers - 1), AngularConv.of(rng, layers == 1 ? in : hidden, out, kernel, true));
    }

    /** Number of convolutions. */
    public int depth() {
        return depth;
    }

    /** Applies the stack to {@code [batch, in, nTheta]}. */
    @Override
    public Tensor forward(Tensor x) {
        return children().get("layers").forward(x);
    }

    /** Angular convolution, GroupNorm, ReLU. */
    static final class Block extends Module {
        Block(Rng rng, int in, int out, int kernel, int groups) {
            child("conv", AngularConv.of(rng, in, out, kernel, true));
            child("norm", new GroupNorm(groups, out));
            child("act", new ReLU());
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = children().get("conv").forward(x);
            h = children().get("norm").forward(h);
            return children().get("act").forward(h);
        }
    }

    /** Children applied in order under explicit names. */
    static final class Seq extends Module {
        void add(String name, Module m) {
            child(name, m);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = x;
            for (Module m : children().values()) h = m.forward(h);
            return h;
        }
    }
}
