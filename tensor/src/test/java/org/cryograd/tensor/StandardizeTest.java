package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.spi.Backend;
import org.cryograd.tensor.spi.ComposedOps;
import org.junit.jupiter.api.Test;

/**
 * The fused row standardisation: the CPU kernel against the SPI's default composition (what a backend without its
 * own kernel runs), and the edge cases. PyTorch cases are in {@code TorchFixtureTest} (op {@code standardize}),
 * finite differences there too.
 */
class StandardizeTest {
    private static final Rng RNG = new Rng(11);

    private static void assertClose(float[] want, float[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++)
            assertTrue(Math.abs(want[i] - got[i]) <= tol * (1 + Math.abs(want[i])), what + " element " + i + ": " + got[i] + " vs " + want[i]);
    }

    @Test
    void cpuKernelMatchesTheComposedDefault() {
        int rows = 6, n = 301;
        Tensor x = Tensor.randn(RNG, rows, n).mul(3f).add(20f), gy = Tensor.randn(RNG, rows, n);
        Backend b = x.backend();
        Tensor y1 = Tensor.empty(x.device(), x.shape()), y2 = Tensor.empty(x.device(), x.shape());
        Tensor i1 = Tensor.empty(x.device(), Shape.of(rows)), i2 = Tensor.empty(x.device(), Shape.of(rows));
        b.standardizeRows(x.storage("t"), rows, n, 1e-5f, y1.storage("t"), i1.storage("t"));
        ComposedOps.standardizeRows(b, x.storage("t"), rows, n, 1e-5f, y2.storage("t"), i2.storage("t"));
        assertClose(y2.toArray(), y1.toArray(), 2e-5, "y");
        assertClose(i2.toArray(), i1.toArray(), 2e-6, "invStd");
        // the rows really are standardised: mean 0, biased variance 1 (eps is negligible at std 3)
        float[] y = y1.toArray();
        for (int r = 0; r < rows; r++) {
            double m = 0, v = 0;
            for (int i = 0; i < n; i++) m += y[r * n + i];
            m /= n;
            for (int i = 0; i < n; i++) v += (y[r * n + i] - m) * (y[r * n + i] - m);
            assertEquals(0, m, 1e-5);
            assertEquals(1, v / n, 1e-4);
        }
        Tensor g1 = Tensor.empty(x.device(), x.shape()), g2 = Tensor.empty(x.device(), x.shape());
        b.standardizeRowsBackward(gy.storage("t"), y1.storage("t"), i1.storage("t"), rows, n, g1.storage("t"));
        ComposedOps.standardizeRowsBackward(b, gy.storage("t"), y1.storage("t"), i1.storage("t"), rows, n, g2.storage("t"));
        assertClose(g2.toArray(), g1.toArray(), 2e-5, "gx");
    }

    @Test
    void gradientMatchesAutogradThroughTheComposedFormula() {
        Tensor x = Tensor.randn(RNG, 2, 3, 4, 5).requiresGrad(true), r = Tensor.randn(RNG, 2, 3, 4, 5);
        F.standardize(x, 2, 1e-5f).mul(r).sum().backward();
        float[] fused = x.grad().toArray();
        x.zeroGrad();
        int[] axes = {2, 3};
        Tensor composed = x.sub(x.mean(axes, true)).div(x.var(axes, 0, true).add(1e-5f).sqrt());
        assertClose(composed.toArray(), F.standardize(x, 2, 1e-5f).toArray(), 1e-5, "value");
        composed.mul(r).sum().backward();
        assertClose(x.grad().toArray(), fused, 1e-4, "gradient");
    }

    @Test
    void aConstantRowGivesZerosAndAFiniteGradient() {
        Tensor x = Tensor.of(new float[] {2, 2, 2, 2, 1, 3, 1, 3}, 2, 4).requiresGrad(true);
        Tensor y = F.standardize(x, 1, 1e-5f);
        float[] v = y.toArray();
        for (int i = 0; i < 4; i++) assertEquals(0, v[i]);
        assertEquals(-1, v[4], 1e-5); // (1 - 2) / sqrt(1 + 1e-5)
        y.sum().backward();
        for (float g : x.grad().toArray()) assertTrue(Float.isFinite(g));
    }

    @Test
    void badArgumentsNameTheProblem() {
        Tensor x = Tensor.randn(RNG, 2, 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> F.standardize(x, 2, 1e-5f)).getMessage().contains("fromAxis 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> F.standardize(x, -1, 1e-5f)).getMessage().contains("fromAxis -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> F.standardize(x, 1, -1f)).getMessage().contains("eps"));
        assertThrows(IllegalArgumentException.class, () -> F.standardize(Tensor.zeros(2, 0), 1, 1e-5f));
    }
}
