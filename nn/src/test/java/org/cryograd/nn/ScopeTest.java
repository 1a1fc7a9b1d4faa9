package org.cryograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Training steps inside a MemoryScope leave no tensors behind and keep parameters, gradients and buffers alive. */
class ScopeTest {
    @Test
    void trainingStepsInAScopeKeepTheLiveCountFlat() {
        Rng rng = new Rng(1);
        Sequential net = new Sequential(new Conv3d(rng, 1, 4, 3, 1, 1), new BatchNorm(3, 4), new LeakyReLU(0.2f), new Dropout(0.2f, new Rng(2)),
                new Conv3d(rng, 4, 2, 3, 2, 1), new InstanceNorm3d(2, 1e-5f, 0.1f, true, true), new Sine(2f), new Conv3d(rng, 2, 1, 1));
        Tensor x = Tensor.randn(new Rng(3), 2, 1, 6, 6, 6);
        Tensor target = Tensor.randn(new Rng(4), 2, 1, 3, 3, 3);
        long live = -1;
        for (int step = 0; step < 5; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                net.zeroGrad();
                Tensor loss = Losses.dualReconstruction(target, net.forward(x));
                loss.backward();
                try (Grad g = Grad.disabled()) {
                    for (Tensor p : net.parameters()) p.addInPlace(p.grad(), -1e-3f);
                }
            }
            if (step == 1) live = Tensor.liveCount();
            if (step > 1) assertEquals(live, Tensor.liveCount(), "live tensors after step " + step);
        }
        for (Tensor t : net.stateDict().values()) assertFalse(t.isClosed());
        for (Tensor p : net.parameters()) assertTrue(p.grad() != null && !p.grad().isClosed());
        assertEquals(5f, net.stateDict().get("1.num_batches_tracked").item());
    }
}
