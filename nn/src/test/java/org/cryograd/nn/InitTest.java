package org.cryograd.nn;

import static org.cryograd.nn.TorchFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Shape;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.Test;

/**
 * Initializers: the orthogonal factor against {@code torch.nn.init.orthogonal_} on the same Gaussian draw,
 * orthonormality, and the documented bounds and variances of the random initializers (statistics of 10^4-10^5
 * samples, tolerances 5 standard errors wide).
 */
class InitTest {
    @Test
    void orthogonalMatchesTorchOnTheSameGaussianDraw() {
        List<Cgfx.Case> cases = TorchFixtures.load("/fixtures/init.bin.gz");
        assertTrue(cases.size() >= 5);
        for (Cgfx.Case c : cases) {
            Cgfx.Array g = c.get("gauss"), w = c.get("w");
            float[] got = Init.orthogonalFrom(g.data(), g.shape()[0], g.shape()[1], (float) c.real("gain"));
            // torch runs QR in float32; our QR is double: agreement to float32 rounding of O(1) values
            assertClose(c.id(), w.data(), got, 1e-5);
        }
    }

    @Test
    void orthogonalRowsAreOrthonormalWhenRowsAtMostCols() {
        for (int[] shape : new int[][] {{16, 64}, {32, 32}, {8, 4, 3, 3, 3}}) {
            Tensor w = Init.orthogonal(Tensor.zeros(shape), 1.0, new Rng(5));
            int rows = shape[0];
            Tensor m = w.reshape(rows, -1);
            float[] wwt = m.matmul(m.transpose(0, 1)).toArray();
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < rows; j++)
                    assertEquals(i == j ? 1.0 : 0.0, wwt[i * rows + j], 1e-5, "W W^T at " + i + "," + j + " for " + Arrays.toString(shape));
        }
    }

    @Test
    void orthogonalColumnsAreOrthonormalWhenRowsExceedColsAndGainScales() {
        Tensor w = Init.orthogonal(Tensor.zeros(40, 10), 2.0, new Rng(6));
        float[] wtw = w.transpose(0, 1).matmul(w).toArray();
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++) assertEquals(i == j ? 4.0 : 0.0, wtw[i * 10 + j], 4e-5, "W^T W at " + i + "," + j);
    }

    /** Mean and variance of all elements. */
    static double[] moments(Tensor t) {
        float[] v = t.toArray();
        double s = 0, s2 = 0;
        for (float x : v) s += x;
        double mean = s / v.length;
        for (float x : v) s2 += (x - mean) * (x - mean);
        return new double[] {mean, s2 / v.length};
    }

    static double maxAbs(Tensor t) {
        double m = 0;
        for (float x : t.toArray()) m = Math.max(m, Math.abs(x));
        return m;
    }

    /**
     * Uniform U(-b, b): every value inside, the extremes near b, mean and variance {@code b^2/3} within 5 standard
     * errors ({@code b/sqrt(3n)} for the mean, {@code sqrt(4/45) b^2/sqrt(n)} for the variance).
     */
    static void assertUniform(String what, Tensor t, double b) {
        double[] mv = moments(t);
        double max = maxAbs(t);
        double n = t.numel();
        assertTrue(max <= b, what + ": value " + max + " outside bound " + b);
        assertTrue(max > 0.98 * b, what + ": largest |value| " + max + " far below bound " + b);
        assertEquals(0, mv[0], 5 * b / Math.sqrt(3 * n), what + " mean");
        assertEquals(b * b / 3, mv[1], 5 * Math.sqrt(4.0 / 45) * b * b / Math.sqrt(n), what + " variance");
    }

    /** Normal N(0, s^2): mean and variance within 5 standard errors ({@code s/sqrt(n)}, {@code sqrt(2) s^2/sqrt(n)}). */
    static void assertNormal(String what, Tensor t, double std) {
        double[] mv = moments(t);
        double n = t.numel();
        assertEquals(0, mv[0], 5 * std / Math.sqrt(n), what + " mean");
        assertEquals(std * std, mv[1], 5 * Math.sqrt(2) * std * std / Math.sqrt(n), what + " variance");
    }

    @Test
    void kaimingAndXavierHaveTorchsBoundsAndVariances() {
        int[] shape = {64, 32, 3, 3}; // fanIn = 288, fanOut = 576, 18432 samples
        double fanIn = 288, fanOut = 576;
        Rng rng = new Rng(11);
        assertUniform("kaimingUniform relu fan_in", Init.kaimingUniform(Tensor.zeros(shape), 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, rng),
                Math.sqrt(2) * Math.sqrt(3 / fanIn));
        assertUniform("kaimingUniform leaky 0.2 fan_out",
                Init.kaimingUniform(Tensor.zeros(shape), 0.2, Init.FanMode.FAN_OUT, Init.Nonlinearity.LEAKY_RELU, rng),
                Math.sqrt(2 / 1.04) * Math.sqrt(3 / fanOut));
        assertNormal("kaimingNormal relu", Init.kaimingNormal(Tensor.zeros(shape), 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, rng),
                Math.sqrt(2 / fanIn));
        assertUniform("xavierUniform", Init.xavierUniform(Tensor.zeros(shape), 1.0, rng), Math.sqrt(6 / (fanIn + fanOut)));
        assertNormal("xavierNormal tanh gain", Init.xavierNormal(Tensor.zeros(shape), 5.0 / 3, rng), 5.0 / 3 * Math.sqrt(2 / (fanIn + fanOut)));
    }

    @Test
    void sirenBoundsFollowSitzmann() {
        Rng rng = new Rng(12);
        assertUniform("sirenFirst", Init.sirenFirst(Tensor.zeros(4096, 3), rng), 1.0 / 3);
        assertUniform("sirenHidden w0=30", Init.sirenHidden(Tensor.zeros(256, 256), 30, rng), Math.sqrt(6.0 / 256) / 30);
    }

    @Test
    void gainsAndFansAreTorchs() {
        assertEquals(1.0, Init.gain(Init.Nonlinearity.LINEAR, 0));
        assertEquals(5.0 / 3, Init.gain(Init.Nonlinearity.TANH, 0));
        assertEquals(Math.sqrt(2), Init.gain(Init.Nonlinearity.RELU, 0));
        assertEquals(Math.sqrt(2 / (1 + 0.04)), Init.gain(Init.Nonlinearity.LEAKY_RELU, 0.2), 1e-15);
        assertEquals(0.75, Init.gain(Init.Nonlinearity.SELU, 0));
        assertEquals(3 * 27, Init.fanIn(Shape.of(8, 3, 3, 3, 3)));
        assertEquals(8 * 27, Init.fanOut(Shape.of(8, 3, 3, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> Init.fanIn(Shape.of(5)));
    }

    @Test
    void defaultLayerInitIsTorchsKaimingUniformWithASqrt5() {
        // PyTorch: weight and bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)); fanIn = 200 here, so weight variance 1/(3*200)
        Linear lin = new Linear(new Rng(3), 200, 300);
        assertUniform("Linear weight", lin.weight(), 1 / Math.sqrt(200));
        assertTrue(maxAbs(lin.bias()) <= 1 / Math.sqrt(200));
        Conv3d conv = new Conv3d(new Rng(3), 8, 64, 3); // fanIn 216
        assertUniform("Conv3d weight", conv.weight(), 1 / Math.sqrt(216));
        ConvTranspose3d ct = new ConvTranspose3d(new Rng(3), 64, 16, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, 2, true);
        assertUniform("ConvTranspose3d weight", ct.weight(), 1 / Math.sqrt(8 * 27)); // torch's fan_in: dim 1 (out/groups) * k^3
    }

    @Test
    void sameSeedSameWeightsDifferentSeedDifferent() {
        List<BiFunction<Tensor, Rng, Tensor>> inits = List.of((t, r) -> Init.orthogonal(t, 1, r), (t, r) -> Init.sirenHidden(t, 30, r),
                (t, r) -> Init.xavierNormal(t, 1, r), (t, r) -> Init.kaimingUniform(t, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, r));
        for (var init : inits) {
            float[] a = init.apply(Tensor.zeros(6, 4, 3), new Rng(42)).toArray();
            float[] b = init.apply(Tensor.zeros(6, 4, 3), new Rng(42)).toArray();
            float[] c = init.apply(Tensor.zeros(6, 4, 3), new Rng(43)).toArray();
            assertArrayEquals(a, b);
            assertFalse(Arrays.equals(a, c));
        }
        assertArrayEquals(new Conv3d(new Rng(8), 2, 3, 3).weight().toArray(), new Conv3d(new Rng(8), 2, 3, 3).weight().toArray());
    }

    @Test
    void initOnAParameterDoesNotRecordAGraph() {
        Linear lin = new Linear(new Rng(1), 3, 2);
        Init.orthogonal(lin.weight(), 1, new Rng(2));
        assertTrue(lin.weight().isLeaf() && lin.weight().needsGrad());
    }
}
