package org.cryograd.nn.optim;

import java.util.List;
import org.cryograd.tensor.Tensor;

/** What {@link Adam} and {@link AdamW} share: everything but how weight decay enters, which {@link AdamCore} holds. */
abstract sealed class AdamFamily implements Optimizer permits Adam, AdamW {
    final AdamCore core;

    AdamFamily(AdamCore core) {
        this.core = core;
    }

    /** The hyperparameters given at construction (the current learning rate is {@link #learningRate()}). */
    public AdamOptions options() {
        return core.options;
    }

    @Override
    public void step() {
        core.step();
    }

    @Override
    public void zeroGrad() {
        Params.zeroGrad(core.params);
    }

    @Override
    public double learningRate() {
        return core.lr;
    }

    @Override
    public void setLearningRate(double lr) {
        Params.checkNonNegative(core.type, "lr", lr);
        core.lr = lr;
    }

    @Override
    public List<Tensor> parameters() {
        return core.params;
    }

    @Override
    public OptimizerState stateDict() {
        return core.stateDict();
    }

    @Override
    public void loadStateDict(OptimizerState state) {
        core.loadStateDict(state);
    }
}
