package org.cryograd.nn.optim;

import java.util.List;
import org.cryograd.tensor.Tensor;

/**
 * Updates a fixed list of parameters in place from their accumulated gradients, reproducing the update rules
 * of {@code torch.optim} (single-tensor, non-foreach code path, one parameter group). Typical loop:
 * <pre>{@code
 * Optimizer opt = new AdamW(model.parameters(), AdamOptions.adamW(1e-3).withAmsgrad(true));
 * for (long k = 0; k < steps; k++) {
 *     schedule.applyTo(opt, k);
 *     opt.zeroGrad();
 *     try (var s = MemoryScope.open()) { loss(model).backward(); }
 *     opt.step();
 * }
 * }</pre>
 * Parameters whose gradient is null are skipped (and their step count does not advance), as in PyTorch.
 * Optimizer state is allocated when the optimizer is constructed, in the {@link org.cryograd.tensor.MemoryScope}
 * current at that moment (normally none): construct optimizers outside the per-step scope.
 */
public interface Optimizer {
    /** Applies one update to every parameter that has a gradient. Not recorded by autograd. */
    void step();

    /** Clears every parameter's gradient (PyTorch's {@code zero_grad(set_to_none=True)}). */
    void zeroGrad();

    /** The learning rate the next {@link #step()} uses. */
    double learningRate();

    /** Sets the learning rate for the following steps (what LR schedules call). */
    void setLearningRate(double lr);

    /** The parameters, in the order given at construction (state is indexed by this order). */
    List<Tensor> parameters();

    /**
     * The state needed to resume exactly: hyperparameters, per-parameter step counts and moment buffers.
     * The tensors alias the optimizer's live buffers (as PyTorch's {@code state_dict()} does): closing them does not
     * free the optimizer's state, and they change with the next step unless copied.
     */
    OptimizerState stateDict();

    /**
     * Restores a state saved by {@link #stateDict()} of the same optimizer type over the same parameter shapes:
     * copies buffers and step counts and restores the learning rate.
     *
     * @throws IllegalArgumentException naming the key if the type, the parameter count, a buffer's shape or a
     *                                  hyperparameter other than the learning rate differs
     */
    void loadStateDict(OptimizerState state);
}
