package org.cryograd.nn;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Tensor;

/**
 * Modules applied in order, each to the previous one's output; children are named {@code "0"}, {@code "1"}, ...
 * as in PyTorch's {@code nn.Sequential}, so state names read {@code 0.weight}, {@code 3.bias}, ...
 *
 * <p>With gradients disabled ({@link Grad#disabled()}) each intermediate output is closed as soon as the next module
 * has read it, so an inference pass holds two layer outputs at a time rather than all of them until its
 * {@link org.cryograd.tensor.MemoryScope} closes. A module in a sequence therefore returns either its input or a tensor
 * that nothing else holds.
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** A sequence of the given modules (possibly none). */
    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /**
     * Appends a module under the next index.
     *
     * @return this sequence
     */
    public Sequential add(Module m) {
        child(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    /** The module at {@code index}. */
    public Module get(int index) {
        if (index < 0 || index >= layers.size())
            throw new IndexOutOfBoundsException("Sequential.get: index " + index + " for " + layers.size() + " modules");
        return layers.get(index);
    }

    /** Number of modules. */
    public int size() {
        return layers.size();
    }

    /** Applies every module in turn (the identity when empty). */
    @Override
    public Tensor forward(Tensor x) {
        boolean release = !Grad.isEnabled();   // with a graph, backward still reads the intermediates
        Tensor y = x;
        for (Module m : layers) {
            Tensor next = m.forward(y);
            if (release && y != x && next != y && !y.needsGrad()) y.close();
            y = next;
        }
        return y;
    }
}
