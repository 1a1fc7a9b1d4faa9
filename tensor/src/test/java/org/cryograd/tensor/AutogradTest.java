package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Semantics of the autograd engine itself, on every test device. */
class AutogradTest {
    @OnEachDevice
    void gradientsAccumulateOverBackwardCallsAndReusedInputs(Device d) {
        TestDevices.use(d);
        Tensor x = Tensor.of(d, new float[] {1, 2, 3}, 3).requiresGrad(true);
        x.mul(x).sum().backward(); // d/dx sum(x^2) = 2x
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().toArray());
        x.add(x).add(x).sum().backward(); // + 3
        assertArrayEquals(new float[] {5, 7, 9}, x.grad().toArray());
        assertEquals(d, x.grad().device());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @OnEachDevice
    void diamondGraphSumsBothPaths(Device d) {
        TestDevices.use(d);
        Tensor x = Tensor.of(d, new float[] {0.5f, -1f}, 2).requiresGrad(true);
        Tensor y = x.exp();
        Tensor z = y.mul(y.sin()).add(y); // dz/dx = (sin y + y cos y + 1) * e^x
        z.sum().backward();
        float[] g = x.grad().toArray();
        for (int i = 0; i < 2; i++) {
            double xv = i == 0 ? 0.5 : -1, yv = Math.exp(xv);
            assertEquals((Math.sin(yv) + yv * Math.cos(yv) + 1) * yv, g[i], 1e-5);
        }
    }

    @OnEachDevice
    void disabledGradRecordsNothing(Device d) {
        TestDevices.use(d);
        Tensor x = Tensor.full(d, 1f, 2).requiresGrad(true);
        Tensor y;
        try (Grad g = Grad.disabled()) {
            y = x.mul(3f);
        }
        assertFalse(y.needsGrad());
        assertTrue(y.isLeaf());
        assertTrue(x.mul(3f).needsGrad());
        assertEquals("mul", x.mul(3f).gradFnName());
    }

    @OnEachDevice
    void detachStopsGradientsAndSharesData(Device d) {
        TestDevices.use(d);
        Tensor x = Tensor.of(d, new float[] {2, 3}, 2).requiresGrad(true);
        Tensor dt = x.detach();
        assertFalse(dt.needsGrad());
        x.mul(dt).sum().backward();
        assertArrayEquals(new float[] {2, 3}, x.grad().toArray());
    }

    @OnEachDevice
    void deepGraphsDoNotOverflowTheStack(Device d) {
        TestDevices.use(d);
        Tensor x = Tensor.full(d, 1f, 1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) y = y.mul(1.0001f);
        y.sum().backward();
        double want = Math.pow((double) 1.0001f, 20_000);
        assertEquals(want, x.grad().item(), 1e-4 * want);
    }

    @OnEachDevice
    void anomalyModeNamesTheFirstOpThatMadeNaN(Device d) {
        TestDevices.use(d);
        Tensor x = Tensor.of(d, new float[] {-1f, 4f}, 2).requiresGrad(true);
        try (Anomaly a = Anomaly.detect()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.sqrt().mul(2f).sum());
            assertTrue(e.getMessage().contains("'sqrt'"), e.getMessage());
            Tensor z = Tensor.of(d, new float[] {0f, 1f}, 2).requiresGrad(true);
            Tensor s = z.sqrt().sum(); // finite forward, infinite gradient at 0
            IllegalStateException b = assertThrows(IllegalStateException.class, s::backward);
            assertTrue(b.getMessage().contains("backward") && b.getMessage().contains("'sqrt'"), b.getMessage());
        }
        assertTrue(Float.isNaN(x.sqrt().toArray()[0]), "without anomaly mode NaN flows silently");
    }

    @OnEachDevice
    void leafGradientsOutliveTheStepScope(Device d) {
        TestDevices.use(d);
        Tensor w = Tensor.full(d, 1f, 3).requiresGrad(true);
        try (MemoryScope s = MemoryScope.open()) {
            w.mul(2f).sum().backward();
        }
        assertFalse(w.grad().isClosed());
        assertArrayEquals(new float[] {2, 2, 2}, w.grad().toArray());
    }

    @OnEachDevice
    void intermediatesClosedByTheUserStillPassGradients(Device d) {
        TestDevices.use(d);
        Tensor x = Tensor.of(d, new float[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(3f);
        Tensor z = y.add(1f).sum();
        y.close(); // add's backward never reads y's data
        z.backward();
        assertArrayEquals(new float[] {3, 3}, x.grad().toArray());
    }
}
