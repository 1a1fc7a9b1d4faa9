package org.cryograd.polar.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DnCnnTest {
    @Test
    void theDirectFormOutputsWhatTheResidualFormSubtracts() {
        DnCnn residual = new DnCnn(new Rng(5), 16, 4, 6, true), direct = new DnCnn(new Rng(5), 16, 4, 6, false);
        assertTrue(residual.residual());
        assertFalse(direct.residual());
        Tensor x = Tensor.randn(new Rng(9), 2, 3, 16, 16);
        for (boolean training : new boolean[] {true, false}) {
            if (training) {
                residual.train();
                direct.train();
            } else {
                residual.eval();
                direct.eval();
            }
            try (Grad off = Grad.disabled()) {
                float[] r = residual.forward(x).toArray(), d = direct.forward(x).toArray(), in = x.toArray();
                double diff = 0;
                for (int i = 0; i < in.length; i++) {
                    assertEquals(in[i], r[i] + d[i], 1e-5f, "x = residual(x) + direct(x) at " + i + (training ? " (train)" : " (eval)"));
                    diff += Math.abs(r[i] - in[i]);
                }
                assertTrue(diff / in.length > 1e-3, "the body's output is not negligible");
            }
        }
    }
}
