package org.cryograd.coordnet;

import org.cryograd.nn.Init;
import org.cryograd.nn.Linear;
import org.cryograd.nn.Module;
import org.cryograd.nn.Sequential;
import org.cryograd.nn.Sine;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * The coordinate network of the reconstruction (Sitzmann et al. 2020 SIREN, as in the authors' {@code FCBlock}):
 * {@code Linear(in, h) + sin(w0 .)}, {@code hiddenLayers} times {@code Linear(h, h) + sin(w0 .)}, and a linear head
 * {@code Linear(h, 1)}, optionally preceded by {@link FourierFeatures}.
 *
 * <p>Initialisation as the authors' code: the first layer's weight {@code U(-1/fanIn, 1/fanIn)}
 * ({@link Init#sirenFirst}), every later weight including the head's {@code U(-sqrt(6/fanIn)/w0, +sqrt(6/fanIn)/w0)}
 * ({@link Init#sirenHidden}), biases PyTorch's default {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}. With
 * {@code w0 = 30} the first layer's {@code sin(30 (W x + b))} spans several periods over [0, 1].
 *
 * <p>State names follow a PyTorch {@code nn.Sequential} of {@code nn.Sequential(Linear, Sine)} blocks:
 * {@code net.0.0.weight}, {@code net.0.0.bias}, ..., {@code net.<L+1>.0.weight} for the head, and {@code ff.b} for
 * the Fourier frequencies when present.
 */
public final class Siren extends Module {
    private final int inFeatures;

    /**
     * Builds and initialises the network.
     *
     * @param c   the configuration (width, depth, w0, Fourier features)
     * @param rng the stream the weights (and Fourier frequencies) are drawn from
     */
    public Siren(CnConfig c, Rng rng) {
        FourierFeatures ff = c.fourierFeatures() ? child("ff", new FourierFeatures(3, c.fourierCount(), c.fourierScale(), rng)) : null;
        inFeatures = ff == null ? 3 : ff.outFeatures();
        Sequential net = new Sequential();
        float w0 = (float) c.w0();
        Linear first = new Linear(rng, inFeatures, c.hidden());
        Init.sirenFirst(first.weight(), rng);
        net.add(new Sequential(first, new Sine(w0)));
        for (int i = 0; i < c.hiddenLayers(); i++) {
            Linear l = new Linear(rng, c.hidden(), c.hidden());
            Init.sirenHidden(l.weight(), c.w0(), rng);
            net.add(new Sequential(l, new Sine(w0)));
        }
        Linear head = new Linear(rng, c.hidden(), 1);
        Init.sirenHidden(head.weight(), c.w0(), rng);
        net.add(new Sequential(head));
        child("net", net);
    }

    /**
     * Evaluates the network at coordinates.
     *
     * @param coords {@code [N, 3]}, each axis scaled to [0, 1]
     * @return {@code [N, 1]}
     */
    @Override
    public Tensor forward(Tensor coords) {
        if (coords.rank() != 2 || coords.dim(1) != 3)
            throw new IllegalArgumentException("Siren.forward: coordinates of shape " + coords.shape() + " must be [N, 3]");
        Module ff = children().get("ff");
        Tensor x = ff == null ? coords : ff.forward(coords);
        return children().get("net").forward(x);
    }

    /** Width of the first linear layer's input: 3, or {@code 2 * fourierCount} with Fourier features. */
    public int inFeatures() {
        return inFeatures;
    }
}
