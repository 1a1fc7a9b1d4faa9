package org.cryograd.nn;

import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/** Small user-style modules mirroring the PyTorch classes in make_layer_fixtures.py. */
final class TestNets {
    private TestNets() {}

    /** conv -> instance norm (affine) -> LeakyReLU(0.2), as the script's {@code Block}. */
    static final class Block extends Module {
        private final Conv3d conv;
        private final InstanceNorm3d norm;
        private final LeakyReLU act;

        Block(Rng rng, int cin, int cout) {
            conv = child("conv", new Conv3d(rng, cin, cout, 3, 1, 1));
            norm = child("norm", new InstanceNorm3d(cout, true));
            act = child("act", new LeakyReLU(0.2f));
        }

        @Override
        public Tensor forward(Tensor x) {
            return act.forward(norm.forward(conv.forward(x)));
        }
    }

    /** {@code down = Sequential(Block(1, 2), Block(2, 3))}, {@code bn = BatchNorm3d(3)}, {@code head = Conv3d(3, 1, 1)}. */
    static final class Net extends Module {
        private final Sequential down;
        private final BatchNorm bn;
        private final Conv3d head;

        Net(Rng rng) {
            down = child("down", new Sequential(new Block(rng, 1, 2), new Block(rng, 2, 3)));
            bn = child("bn", new BatchNorm(3, 3));
            head = child("head", new Conv3d(rng, 3, 1, 1));
        }

        @Override
        public Tensor forward(Tensor x) {
            return head.forward(bn.forward(down.forward(x)));
        }
    }
}
