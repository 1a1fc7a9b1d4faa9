package org.cryograd.nn.train;

import java.io.IOException;

/**
 * One training step, supplied by the method: forward pass, loss terms reported through
 * {@link StepContext#loss(String, org.cryograd.tensor.Tensor)} (which stops at a non-finite one), backward pass,
 * {@link StepContext#checkGradients}, optimizer updates. The {@link Trainer} has already set the learning rate and
 * runs the step inside a {@link org.cryograd.tensor.MemoryScope}.
 */
@FunctionalInterface
public interface TrainingStep {
    /** Runs step {@code ctx.step()}. */
    void run(StepContext ctx) throws IOException;
}
