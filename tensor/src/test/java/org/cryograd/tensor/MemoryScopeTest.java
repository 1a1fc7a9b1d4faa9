package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Per-step scopes free everything a training step makes: the live tensor count returns to its baseline (per device). */
class MemoryScopeTest {
    @OnEachDevice
    void thousandTrainingStepsDoNotLeakTensors(Device d) {
        TestDevices.use(d);
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(d, rng, 2, 1, 6, 6);
        Tensor target = Tensor.randn(d, rng, 2, 2, 3, 3);
        Tensor w1 = Tensor.randn(d, rng, 4, 1, 3, 3).mul(0.3f).detach().requiresGrad(true);
        Tensor b1 = Tensor.zeros(d, 4).requiresGrad(true);
        Tensor w2 = Tensor.randn(d, rng, 2, 4, 3, 3).mul(0.3f).detach().requiresGrad(true);
        List<Tensor> params = List.of(w1, b1, w2);
        float first = Float.NaN, last = Float.NaN;
        long baseline = -1;
        for (int step = 0; step < 1000; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor h = F.conv2d(x, w1, b1, 1, 1).leakyRelu(0.1f);
                Tensor p = F.maxPool(2, h, new int[] {2}, null, new int[] {0});
                Tensor y = F.conv2d(p, w2, null, 1, 1);
                Tensor loss = y.sub(target).square().mean();
                loss.backward();
                if (step == 0) first = loss.item();
                last = loss.item();
                try (Grad g = Grad.disabled()) {
                    for (Tensor t : params) t.addInPlace(t.grad(), -0.05f);
                }
            }
            for (Tensor t : params) t.zeroGrad();
            long live = Tensor.liveCount();
            if (baseline < 0) baseline = live;
            assertEquals(baseline, live, "live tensors after step " + step);
        }
        assertTrue(last < first, "training should reduce the loss: " + first + " -> " + last);
    }

    @OnEachDevice
    void elementsCountsWhatTheScopeHoldsAndDropsWhatIsClosed(Device d) {
        TestDevices.use(d);
        try (MemoryScope s = MemoryScope.open()) {
            Tensor a = Tensor.zeros(d, 3, 4);
            Tensor b = a.add(1f);
            Tensor v = b.reshape(12);
            assertEquals(12 + 12 + 12, s.elements(), "a view counts once more");
            a.close();
            assertEquals(24, s.elements());
            s.keep(v);
            assertEquals(12, s.elements());
        }
    }

    @OnEachDevice
    void keptTensorsSurviveTheirScope(Device d) {
        TestDevices.use(d);
        Tensor kept;
        Tensor dropped;
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope inner = MemoryScope.open()) {
                kept = inner.keep(Tensor.full(d, 1f, 3).mul(2f));
                dropped = Tensor.full(d, 1f, 3);
            }
            assertTrue(dropped.isClosed());
            assertFalse(kept.isClosed());
            assertEquals(6f, kept.sum().item());
        }
        assertTrue(kept.isClosed(), "kept moves to the enclosing scope, which frees it");
    }

    @OnEachDevice
    void escapedTensorsOutliveEveryScope(Device d) {
        TestDevices.use(d);
        Tensor kept;
        try (MemoryScope outer = MemoryScope.open(); MemoryScope inner = MemoryScope.open()) {
            kept = MemoryScope.escape(Tensor.full(d, 1f, 2));
        }
        assertFalse(kept.isClosed());
        assertEquals(2f, kept.sum().item());
        kept.close();
    }

    @OnEachDevice
    void reshapeSharesStorageUntilTheLastHolderCloses(Device d) {
        TestDevices.use(d);
        Tensor a = Tensor.of(d, new float[] {0, 1, 2, 3, 4, 5}, 6);
        Tensor b = a.reshape(2, 3);
        a.close();
        assertEquals(15f, b.sum().item(), "the view keeps the data alive");
        b.close();
        assertTrue(b.isClosed());
    }
}
