package org.cryograd.dual;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryograd.nn.optim.Optimizer;
import org.cryograd.nn.optim.OptimizerState;
import org.cryograd.tensor.Tensor;

/**
 * The generator-side and discriminator-side optimizers seen as one {@link Optimizer}, so a single
 * {@link org.cryograd.nn.io.Checkpoint} holds both states: values and tensors are prefixed {@code g.} and
 * {@code d.}, each side keeping its own type and hyperparameters. {@link #step()} steps both; DUAL's trainer steps
 * them separately through {@link #generator()} and {@link #discriminator()}.
 */
public final class OptimizerPair implements Optimizer {
    /** Type name stored in checkpoints. */
    public static final String TYPE = "DualOptimizerPair";
    private final Optimizer g, d;

    /** Pairs the two optimizers. */
    public OptimizerPair(Optimizer generator, Optimizer discriminator) {
        this.g = generator;
        this.d = discriminator;
    }

    /** The optimizer of Dn, Gs, E, Gn. */
    public Optimizer generator() { return g; }

    /** The optimizer of Dt, Dv. */
    public Optimizer discriminator() { return d; }

    @Override
    public void step() {
        g.step();
        d.step();
    }

    @Override
    public void zeroGrad() {
        g.zeroGrad();
        d.zeroGrad();
    }

    /** The generator side's learning rate. */
    @Override
    public double learningRate() {
        return g.learningRate();
    }

    /** Sets both sides' learning rate. */
    @Override
    public void setLearningRate(double lr) {
        g.setLearningRate(lr);
        d.setLearningRate(lr);
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> p = new ArrayList<>(g.parameters());
        p.addAll(d.parameters());
        return p;
    }

    @Override
    public OptimizerState stateDict() {
        OptimizerState sg = g.stateDict(), sd = d.stateDict();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        values.put("g.type", sg.type());
        values.put("d.type", sd.type());
        sg.values().forEach((k, v) -> values.put("g." + k, v));
        sd.values().forEach((k, v) -> values.put("d." + k, v));
        sg.tensors().forEach((k, v) -> tensors.put("g." + k, v));
        sd.tensors().forEach((k, v) -> tensors.put("d." + k, v));
        return new OptimizerState(TYPE, values, tensors);
    }

    @Override
    public void loadStateDict(OptimizerState state) {
        if (!TYPE.equals(state.type()))
            throw new IllegalArgumentException("OptimizerPair: state of type '" + state.type() + "', expected '" + TYPE + "'");
        OptimizerState sg = side(state, "g."), sd = side(state, "d.");
        g.loadStateDict(sg);
        d.loadStateDict(sd);
    }

    private static OptimizerState side(OptimizerState s, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        s.values().forEach((k, v) -> {
            if (k.startsWith(prefix) && !k.equals(prefix + "type")) values.put(k.substring(prefix.length()), v);
        });
        s.tensors().forEach((k, v) -> {
            if (k.startsWith(prefix)) tensors.put(k.substring(prefix.length()), v);
        });
        return new OptimizerState(s.value(prefix + "type"), values, tensors);
    }
}
