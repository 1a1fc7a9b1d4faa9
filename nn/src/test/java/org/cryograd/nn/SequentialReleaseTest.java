package org.cryograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.PadMode;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Without gradients a sequence frees each intermediate once the next module has read it; with them it keeps all. */
class SequentialReleaseTest {
    private static Sequential tanhChain(int n) {
        Sequential s = new Sequential();
        for (int i = 0; i < n; i++) s.add(new Tanh());
        return s;
    }

    @Test
    void aNoGradPassKeepsOnlyItsOutputAndLeavesTheInputOpen() {
        Tensor x = Tensor.randn(new Rng(3), 4, 5);
        float[] expected = x.toArray();
        for (int i = 0; i < 6; i++) for (int j = 0; j < expected.length; j++) expected[j] = (float) Math.tanh(expected[j]);
        try (MemoryScope s = MemoryScope.open(); Grad g = Grad.disabled()) {
            Tensor y = tanhChain(6).forward(x);
            assertEquals(1, s.size(), "the five intermediates are closed, the output is not");
            assertFalse(x.isClosed());
            assertArrayEquals(expected, y.toArray(), 1e-6f);
        }
    }

    @Test
    void aNoGradDnCnnStylePassHoldsLessThanOneHiddenActivation() {
        Rng rng = new Rng(6);
        Sequential net = new Sequential(conv(rng, 1, 8), new BatchNorm(2, 8), new ReLU(), conv(rng, 8, 8), new BatchNorm(2, 8), new ReLU(), conv(rng, 8, 1));
        net.eval();   // batch norm with running statistics: the inference form
        Tensor x = Tensor.randn(new Rng(7), 4, 1, 16, 16);
        long hidden = 4L * 8 * 16 * 16;
        try (MemoryScope s = MemoryScope.open(); Grad g = Grad.disabled()) {
            Tensor y = net.forward(x);
            assertTrue(s.elements() < hidden, "held " + s.elements() + " elements; one hidden activation is " + hidden);
            assertEquals(x.numel(), y.numel());
        }
        try (MemoryScope s = MemoryScope.open()) {
            net.forward(x);
            assertTrue(s.elements() > 5 * hidden, "with gradients the five hidden activations stay: " + s.elements());
        }
    }

    @Test
    void aNoGradAffineGroupNormHoldsOnlyItsOutput() {
        GroupNorm gn = new GroupNorm(2, 8);
        Tensor x = Tensor.randn(new Rng(8), 4, 8, 16, 16);
        try (MemoryScope s = MemoryScope.open(); Grad g = Grad.disabled()) {
            Tensor y = gn.forward(x);
            assertTrue(s.elements() < 2 * x.numel(), "held " + s.elements() + " elements; the output has " + x.numel());
            assertFalse(y.isClosed());
        }
    }

    private static Conv2d conv(Rng rng, int in, int out) {
        return new Conv2d(rng, in, out, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, 1, true, PadMode.ZERO);
    }

    @Test
    void withGradientsTheIntermediatesStayForBackward() {
        Tensor x = Tensor.randn(new Rng(4), 3, 2).requiresGrad();
        try (MemoryScope s = MemoryScope.open()) {
            Tensor y = tanhChain(4).forward(x);
            assertEquals(4, s.size());
            y.sum().backward();
            assertNotNull(x.grad());
        }
    }

    @Test
    void aModuleThatReturnsItsInputDoesNotCloseWhatComesNext() {
        Sequential net = new Sequential(new Tanh(), new Dropout(0.5f, new Rng(1)), new Tanh());
        net.eval();   // dropout is the identity in eval mode
        Tensor x = Tensor.randn(new Rng(5), 8);
        float[] expected = x.toArray();
        for (int j = 0; j < expected.length; j++) expected[j] = (float) Math.tanh(Math.tanh(expected[j]));
        try (MemoryScope s = MemoryScope.open(); Grad g = Grad.disabled()) {
            Tensor y = net.forward(x);
            assertFalse(y.isClosed());
            assertArrayEquals(expected, y.toArray(), 1e-6f);
        }
    }

    @Test
    void parametersReturnedByAModuleAreNeverClosed() {
        Linear lin = new Linear(new Rng(2), 3, 3);
        Tensor w = lin.stateDict().get("weight");
        Module returnsWeight = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return w;
            }
        };
        try (Grad g = Grad.disabled()) {
            new Sequential(returnsWeight, new Tanh()).forward(Tensor.ones(3, 3));
        }
        assertFalse(w.isClosed());
    }
}
