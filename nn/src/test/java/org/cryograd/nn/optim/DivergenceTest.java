package org.cryograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Loss-term and gradient checks name what went non-finite. */
class DivergenceTest {
    @Test
    void lossTerms() {
        assertEquals(2.5, Divergence.checkLoss("rec", Tensor.scalar(2.5f)), 0);
        assertEquals("loss term 'cycle' is NaN", assertThrows(DivergedException.class, () -> Divergence.checkLoss("cycle", Float.NaN)).getMessage());
        assertEquals("loss term 'kl' is -Inf",
                assertThrows(DivergedException.class, () -> Divergence.checkLoss("kl", Double.NEGATIVE_INFINITY)).getMessage());
        DivergedException e = assertThrows(DivergedException.class, () -> Divergence.checkLoss("adv", Tensor.scalar(Float.POSITIVE_INFINITY)));
        DivergedException s = e.atStep(17, "training stopped");
        assertEquals("step 17: loss term 'adv' is +Inf; training stopped", s.getMessage());
        assertEquals(17, s.step());
        assertEquals("loss term 'adv'", s.term());
    }

    @Test
    void gradientsNameTheFirstBadParameter() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(), b = Tensor.of(new float[] {4, 5}, 2).requiresGrad();
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("a", a);
        params.put("b", b);
        Divergence.checkGradients(params); // no gradients yet: nothing to check
        a.sum().add(b.sum()).backward();
        Divergence.checkGradients(params); // all finite
        a.zeroGrad();
        b.zeroGrad();
        // b[1] -> 0 * sqrt(b[1] - b[1]): value 0 but gradient 0 * Inf = NaN
        Tensor zero = b.sub(b).sqrt().mul(0f);
        a.sum().add(zero.sum()).backward();
        DivergedException e = assertThrows(DivergedException.class, () -> Divergence.checkGradients(params));
        assertEquals("gradient of 'b' has 2 non-finite values (2 NaN) of 2, the first (NaN) at flat index 0", e.getMessage());
    }
}
