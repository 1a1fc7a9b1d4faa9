package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The five-line example of the README and tensor/README.md, kept compiling and checked by hand-derived math, per device. */
class ReadmeExampleTest {
    @OnEachDevice
    void fiveLineExampleRunsAndItsGradientIsRight(Device d) {
        TestDevices.use(d);
        Tensor x = Tensor.of(d, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = Tensor.randn(d, new Rng(42), 3, 2).requiresGrad();
        Tensor loss = x.matmul(w).tanh().square().mean();
        loss.backward();
        float[] g = w.grad().toArray();

        // d/dw mean(tanh(xw)^2) = x^T [2 tanh(xw) (1 - tanh^2(xw))] / 4, computed here in double
        float[] xv = x.toArray(), wv = w.toArray();
        double[] expect = new double[6];
        double lossExpect = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double z = 0;
                for (int k = 0; k < 3; k++) z += xv[i * 3 + k] * wv[k * 2 + j];
                double t = Math.tanh(z);
                lossExpect += t * t / 4;
                for (int k = 0; k < 3; k++) expect[k * 2 + j] += xv[i * 3 + k] * 2 * t * (1 - t * t) / 4;
            }
        }
        assertEquals(lossExpect, loss.item(), 1e-6);
        assertArrayEquals(new int[] {3, 2}, w.grad().dims());
        for (int i = 0; i < 6; i++) assertEquals(expect[i], g[i], 1e-5 + 1e-4 * Math.abs(expect[i]));
    }
}
