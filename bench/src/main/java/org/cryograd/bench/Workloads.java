package org.cryograd.bench;

import org.cryograd.tensor.F;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/** The anchor workloads ({@code shared/anchors/torch_cpu_anchor.py}) as plain methods, shared by the JMH classes and tests. */
final class Workloads {
    private Workloads() {}

    /** Parameters of a conv layer as PyTorch initialises it (uniform in +-1/sqrt(fan_in)). */
    static Tensor[] convParams(Rng rng, int cout, int cinPerGroup, int... kernel) {
        int fanIn = cinPerGroup;
        for (int k : kernel) fanIn *= k;
        float bound = (float) (1 / Math.sqrt(fanIn));
        int[] shape = new int[2 + kernel.length];
        shape[0] = cout;
        shape[1] = cinPerGroup;
        System.arraycopy(kernel, 0, shape, 2, kernel.length);
        Tensor w = uniform(rng, bound, shape), b = uniform(rng, bound, cout);
        return new Tensor[] {w, b};
    }

    static Tensor uniform(Rng rng, float bound, int... shape) {
        try (Grad g = Grad.disabled(); Tensor u = Tensor.rand(rng, shape)) {
            return u.mul(2 * bound).sub(bound).requiresGrad();
        }
    }

    /** {@code t} on {@code d} (the CPU tensor is closed when it was moved). */
    static Tensor on(org.cryograd.tensor.Device d, Tensor t) {
        if (t.device().equals(d)) return t;
        try (t) {
            return t.to(d);
        }
    }

    /** A gradient-requiring leaf on {@code d} with the values of {@code t}. */
    static Tensor leaf(org.cryograd.tensor.Device d, Tensor t) {
        try (Grad g = Grad.disabled(); Tensor src = t.detach()) {
            t.close();
            Tensor moved = src.to(d); // src itself when already on d
            Tensor out = moved.detach().requiresGrad();
            if (moved != src) moved.close();
            return out;
        }
    }

    /** {@link #leaf} of each. */
    static Tensor[] leaves(org.cryograd.tensor.Device d, Tensor[] ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = leaf(d, ts[i]);
        return out;
    }

    /** {@code loss = f(x).square().mean(); loss.backward()} in one scope, gradients cleared, as the anchor's fwd_bwd. */
    static float fwdBwd(java.util.function.Supplier<Tensor> f, Tensor... params) {
        for (Tensor p : params) p.zeroGrad();
        try (MemoryScope s = MemoryScope.open()) {
            Tensor loss = f.get().square().mean();
            loss.backward();
            return loss.item();
        }
    }

    /** SIREN 3-256x5-1 with sine activations sin(30 x), weights stored [in, out] so no transposes are needed. */
    static final class Siren {
        final Tensor[] w = new Tensor[6];
        final Tensor[] b = new Tensor[6];

        Siren(Rng rng) {
            int[] dims = {3, 256, 256, 256, 256, 256, 1};
            for (int i = 0; i < 6; i++) {
                float bound = (float) (1 / Math.sqrt(dims[i]));
                w[i] = uniform(rng, bound, dims[i], dims[i + 1]);
                b[i] = uniform(rng, bound, dims[i + 1]);
            }
        }

        Tensor forward(Tensor x) {
            Tensor h = x;
            for (int i = 0; i < 6; i++) {
                h = h.matmul(w[i]).add(b[i]);
                if (i < 5) h = h.sine(30f);
            }
            return h;
        }

        /** Moves the weights to {@code d} as new leaves. */
        void to(org.cryograd.tensor.Device d) {
            for (int i = 0; i < 6; i++) {
                w[i] = leaf(d, w[i]);
                b[i] = leaf(d, b[i]);
            }
        }

        Tensor[] params() {
            Tensor[] p = new Tensor[12];
            System.arraycopy(w, 0, p, 0, 6);
            System.arraycopy(b, 0, p, 6, 6);
            return p;
        }
    }

    static Tensor conv3d(Tensor x, Tensor[] wb) {
        return F.conv3d(x, wb[0], wb[1], 1, 1);
    }
}
