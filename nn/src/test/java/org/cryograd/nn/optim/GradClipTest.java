package org.cryograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Analytic cases of clip_grad_norm_ / clip_grad_value_ semantics (the torch comparison over 50 steps is in
 * {@link OptimizerTorchTest}, cases sgd_clip_norm and adam_clip_value).
 */
class GradClipTest {
    /** A parameter whose gradient is exactly {@code g} (d/dp sum(p * g) = g). */
    private static Tensor withGrad(float[] g, int... shape) {
        Tensor p = Tensor.zeros(shape).requiresGrad();
        try (MemoryScope s = MemoryScope.open()) {
            p.mul(Tensor.of(g, shape)).sum().backward();
        }
        return p;
    }

    @Test
    void clipNormScalesByMaxNormOverNormPlus1eMinus6() {
        // gradients (3) and (4): joint 2-norm 5; scaled by 1 / (5 + 1e-6)
        Tensor a = withGrad(new float[] {3}, 1), b = withGrad(new float[] {4}, 1);
        Tensor none = Tensor.zeros(3).requiresGrad(); // no gradient: skipped
        double total = GradClip.clipNorm(List.of(a, none, b), 1.0);
        assertEquals(5.0, total, 1e-12);
        assertEquals((float) (3 / (5 + 1e-6)), a.grad().item(), 1e-7);
        assertEquals((float) (4 / (5 + 1e-6)), b.grad().item(), 1e-7);
        assertNull(none.grad());
    }

    @Test
    void clipNormLeavesSmallGradientsUnchanged() {
        float[] g = {0.1f, -0.2f, 0.3f, 0.05f};
        Tensor p = withGrad(g, 2, 2);
        double total = GradClip.clipNorm(List.of(p), 10.0);
        assertEquals(Math.sqrt(0.01 + 0.04 + 0.09 + 0.0025), total, 1e-7);
        assertArrayEquals(g, p.grad().toArray(), 0f);
    }

    @Test
    void infinityAndOneNorms() {
        Tensor p = withGrad(new float[] {1, -6, 2}, 3), q = withGrad(new float[] {-3}, 1);
        assertEquals(6.0, GradClip.clipNorm(List.of(p, q), 100, Double.POSITIVE_INFINITY, false), 0);
        assertEquals(12.0, GradClip.clipNorm(List.of(p, q), 100, 1.0, false), 1e-6);
        // max-norm clip to 3: coefficient 3 / (6 + 1e-6)
        GradClip.clipNorm(List.of(p, q), 3, Double.POSITIVE_INFINITY, false);
        assertEquals((float) (-6 * 3 / (6 + 1e-6)), p.grad().toArray()[1], 1e-6);
    }

    @Test
    void nonFiniteNormIsReportedOnRequest() {
        Tensor p = withGrad(new float[] {Float.POSITIVE_INFINITY, 1}, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GradClip.clipNorm(List.of(p), 1, 2, true));
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
        assertEquals(0.0, GradClip.clipNorm(List.of(Tensor.zeros(1).requiresGrad()), 1.0)); // no gradients at all
    }

    @Test
    void clipValueClampsEachElement() {
        Tensor p = withGrad(new float[] {-2, -0.5f, 0.25f, 3}, 4);
        GradClip.clipValue(List.of(p), 1.0);
        assertArrayEquals(new float[] {-1, -0.5f, 0.25f, 1}, p.grad().toArray(), 0f);
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipValue(List.of(p), -1));
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipNorm(List.of(p), Double.NaN));
    }
}
