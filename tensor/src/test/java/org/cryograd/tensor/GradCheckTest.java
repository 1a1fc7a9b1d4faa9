package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.cryograd.tensor.PadMode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/** Finite-difference checks (double-precision accumulation) of every differentiable op, on every test device. */
class GradCheckTest {
    private static final Rng RNG = new Rng(7);
    /** The device the inputs of {@link #cases} are made on. */
    private static Device dev = Device.cpu();

    private static Tensor randn(int... shape) {
        return Tensor.randn(dev, RNG, shape).requiresGrad(true);
    }

    /** Values in [lo, hi] with random sign when {@code signed}: keeps inputs away from kinks and poles. */
    private static Tensor away(float lo, float hi, boolean signed, int... shape) {
        float[] u = Tensor.rand(dev, RNG, shape).toArray();
        float[] s = Tensor.rand(dev, RNG, shape).toArray();
        for (int i = 0; i < u.length; i++) u[i] = (lo + (hi - lo) * u[i]) * (signed && s[i] < 0.5f ? -1 : 1);
        return Tensor.of(dev, u, shape).requiresGrad(true);
    }

    private static Tensor distinct(int... shape) {
        Tensor p = Tensor.permutation(dev, RNG, Shape.of(shape).numelInt());
        float[] v = p.toArray();
        for (int i = 0; i < v.length; i++) v[i] = (v[i] - v.length / 2f) * 0.1f;
        return Tensor.of(dev, v, shape).requiresGrad(true);
    }

    private static Tensor index(int high, int... shape) {
        return Tensor.randint(dev, RNG, 0, high, shape);
    }

    private static synchronized Map<String, Object[]> cases(Device d) {
        dev = d;
        Map<String, Object[]> m = new LinkedHashMap<>();
        m.put("neg", c(a -> a[0].neg(), randn(3, 4)));
        m.put("exp", c(a -> a[0].exp(), randn(3, 4)));
        m.put("log", c(a -> a[0].log(), away(0.5f, 2f, false, 3, 4)));
        m.put("sqrt", c(a -> a[0].sqrt(), away(0.5f, 2f, false, 3, 4)));
        m.put("abs", c(a -> a[0].abs(), away(0.1f, 2f, true, 3, 4)));
        m.put("sin", c(a -> a[0].sin(), randn(3, 4)));
        m.put("cos", c(a -> a[0].cos(), randn(3, 4)));
        m.put("sine", c(a -> a[0].sine(3f), randn(3, 4)));
        m.put("tanh", c(a -> a[0].tanh(), randn(3, 4)));
        m.put("sigmoid", c(a -> a[0].sigmoid(), randn(3, 4)));
        m.put("relu", c(a -> a[0].relu(), away(0.1f, 2f, true, 3, 4)));
        m.put("leakyRelu", c(a -> a[0].leakyRelu(0.2f), away(0.1f, 2f, true, 3, 4)));
        m.put("clamp", c(a -> a[0].clamp(-0.35f, 0.45f), distinct(3, 4))); // grid of 0.1 keeps 0.05 from both bounds
        m.put("square", c(a -> a[0].square(), randn(3, 4)));
        m.put("powScalar", c(a -> a[0].pow(1.7f), away(0.5f, 2f, false, 3, 4)));
        m.put("add/broadcast", c(a -> a[0].add(a[1]), randn(2, 3, 4), randn(3, 1)));
        m.put("sub/broadcast", c(a -> a[0].sub(a[1]), randn(2, 1, 4), randn(3, 4)));
        m.put("mul/broadcast", c(a -> a[0].mul(a[1]), randn(2, 3, 4), randn(4)));
        m.put("div/broadcast", c(a -> a[0].div(a[1]), randn(2, 3), away(0.7f, 2f, true, 2, 1)));
        m.put("pow/tensor", c(a -> a[0].pow(a[1]), away(0.5f, 2f, false, 3, 4), randn(4).mul(0.5f).detach().requiresGrad(true)));
        m.put("maximum", c(a -> a[0].maximum(a[1]), distinct(3, 4), distinct(3, 4).add(0.05f).detach().requiresGrad(true)));
        m.put("minimum", c(a -> a[0].minimum(a[1]), distinct(3, 4), distinct(3, 4).add(0.05f).detach().requiresGrad(true)));
        m.put("sum/axes", c(a -> a[0].sum(new int[] {0, 2}, false), randn(2, 3, 4)));
        m.put("mean/keep", c(a -> a[0].mean(new int[] {1}, true), randn(2, 3, 4)));
        m.put("max/axis", c(a -> a[0].max(new int[] {-1}, false), distinct(3, 5)));
        m.put("max/total", c(a -> a[0].max(), distinct(3, 5)));
        m.put("var", c(a -> a[0].var(new int[] {1}, 1, false), randn(3, 5)));
        m.put("matmul", c(a -> a[0].matmul(a[1]), randn(3, 5), randn(5, 2)));
        m.put("matmul/batched", c(a -> a[0].matmul(a[1]), randn(2, 3, 4), randn(2, 4, 3)));
        m.put("matmul/sharedRight", c(a -> a[0].matmul(a[1]), randn(2, 3, 4), randn(4, 3)));
        m.put("matmul/sharedLeft", c(a -> a[0].matmul(a[1]), randn(3, 4), randn(2, 4, 3)));
        m.put("matmul/vector", c(a -> a[0].matmul(a[1]), randn(4), randn(4, 3)));
        m.put("reshape", c(a -> a[0].reshape(4, -1).square(), randn(2, 3, 2)));
        m.put("permute", c(a -> a[0].permute(2, 0, 1), randn(2, 3, 4)));
        m.put("transpose", c(a -> a[0].transpose(0, 1), randn(3, 4)));
        m.put("slice", c(a -> a[0].slice(1, 1, 5, 2), randn(2, 6)));
        m.put("pad/zero", c(a -> F.pad(a[0], PadMode.ZERO, 1, 2, 0, 1), randn(2, 3, 4)));
        m.put("pad/circular", c(a -> F.pad(a[0], PadMode.CIRCULAR, 2, 3, 1, 1), randn(1, 3, 4)));
        m.put("cat", c(a -> Tensor.cat(1, a[0], a[1]), randn(2, 3), randn(2, 2)));
        m.put("stack", c(a -> Tensor.stack(2, a[0], a[1]), randn(2, 3), randn(2, 3)));
        m.put("flip", c(a -> a[0].flip(0, 2), randn(2, 3, 4)));
        m.put("roll", c(a -> a[0].roll(new int[] {1, -3}, new int[] {0, 1}), randn(3, 4)));
        m.put("expand", c(a -> a[0].expand(2, 3, 4), randn(3, 1)));
        m.put("conv1d", c(a -> F.conv1d(a[0], a[1], a[2], new int[] {2}, new int[] {1}, 1, PadMode.ZERO), randn(2, 2, 7), randn(3, 2, 3), randn(3)));
        m.put("conv2d/groups", c(a -> F.conv2d(a[0], a[1], a[2], new int[] {1, 2}, new int[] {1}, 2, PadMode.ZERO), randn(1, 4, 5, 6), randn(2, 2, 3, 2), randn(2)));
        m.put("conv3d/circular", c(a -> F.conv3d(a[0], a[1], a[2], new int[] {1}, new int[] {1}, 1, PadMode.CIRCULAR), randn(1, 2, 4, 3, 5), randn(2, 2, 3, 3, 3), randn(2)));
        m.put("conv3d/stride", c(a -> F.conv3d(a[0], a[1], null, new int[] {2, 1, 2}, new int[] {1, 0, 1}, 1, PadMode.ZERO), randn(2, 1, 5, 4, 5), randn(2, 1, 3, 2, 3)));
        m.put("convTranspose1d", c(a -> F.convTranspose1d(a[0], a[1], a[2], new int[] {2}, new int[] {1}, new int[] {1}, 1), randn(2, 2, 4), randn(2, 3, 3), randn(3)));
        m.put("convTranspose2d/groups", c(a -> F.convTranspose2d(a[0], a[1], null, new int[] {2}, new int[] {0}, new int[] {0}, 2), randn(1, 4, 3, 2), randn(4, 1, 2, 2)));
        m.put("convTranspose3d", c(a -> F.convTranspose3d(a[0], a[1], a[2], 2, 0), randn(1, 2, 2, 3, 2), randn(2, 2, 2, 2, 2), randn(2)));
        m.put("maxPool2d", c(a -> F.maxPool(2, a[0], new int[] {3}, new int[] {2}, new int[] {1}), distinct(1, 2, 5, 5)));
        m.put("maxPool3d", c(a -> F.maxPool3d(a[0], 2), distinct(1, 1, 4, 4, 4)));
        m.put("maxPool1d", c(a -> F.maxPool(1, a[0], new int[] {2}, new int[] {1}, new int[] {0}), distinct(2, 2, 5)));
        m.put("avgPool3d", c(a -> F.avgPool(3, a[0], new int[] {3}, new int[] {2}, new int[] {1}, true), randn(1, 2, 5, 4, 5)));
        m.put("avgPool1d/excludePad", c(a -> F.avgPool(1, a[0], new int[] {3}, new int[] {2}, new int[] {1}, false), randn(2, 1, 7)));
        m.put("avgPool2d", c(a -> F.avgPool(2, a[0], new int[] {2}, null, new int[] {0}, true), randn(1, 2, 4, 6)));
        m.put("upsampleNearest3d", c(a -> F.upsampleNearest(a[0], 4, 6, 3), randn(1, 2, 2, 3, 2)));
        m.put("upsampleNearest1d", c(a -> F.upsampleNearest(a[0], 7), randn(2, 1, 5)));
        m.put("upsampleLinear1d", c(a -> F.upsampleLinear(a[0], false, 7), randn(1, 2, 5)));
        m.put("upsampleBilinear", c(a -> F.upsampleLinear(a[0], true, 5, 7), randn(1, 2, 3, 4)));
        m.put("upsampleTrilinear", c(a -> F.upsampleLinear(a[0], false, 4, 3, 5), randn(1, 1, 2, 3, 3)));
        m.put("softmax", c(a -> F.softmax(a[0], 1), randn(2, 5, 3)));
        m.put("logSoftmax", c(a -> F.logSoftmax(a[0], -1), randn(3, 5)));
        m.put("standardize", c(a -> F.standardize(a[0], 2, 1e-3f), randn(2, 3, 2, 4)));
        m.put("standardizeFromAxis0", c(a -> F.standardize(a[0], 0, 1e-5f), randn(3, 4)));
        Tensor gi = index(5, 3, 4), si = index(4, 3, 2);
        m.put("gather", c(a -> F.gather(a[0], 1, gi), randn(3, 5)));
        m.put("scatterAdd", c(a -> F.scatterAdd(a[0], 0, si, a[1]), randn(4, 3), randn(3, 2)));
        SparseCsr csr = new SparseCsr(3, 4, new int[] {0, 2, 2, 5}, new int[] {0, 3, 1, 2, 3}, new float[] {0.5f, -1f, 2f, 0.3f, 1.5f});
        m.put("spmm", c(a -> F.spmm(csr, a[0]), randn(4, 2)));
        m.put("spmmT", c(a -> F.spmmT(csr, a[0]), randn(3, 2)));
        m.put("spmm/vector", c(a -> F.spmm(csr, a[0]), randn(4)));
        m.put("chain", c(a -> a[0].matmul(a[1]).tanh().mul(a[0].sum(new int[] {1}, true)).exp().mean(new int[] {0}, false), randn(3, 4), randn(4, 2)));
        return m;
    }

    private static Object[] c(Function<Tensor[], Tensor> f, Tensor... in) {
        return new Object[] {f, in};
    }

    @TestFactory
    @Tag("cuda") // one container per test device: kernels' GpuTestMain runs it on the GPU machine
    @SuppressWarnings("unchecked")
    Stream<DynamicNode> analyticMatchesFiniteDifferences() {
        return TestDevices.all().stream().map(d -> DynamicContainer.dynamicContainer(d.toString(), TestDevices.orSkip(d,
                () -> cases(d).entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    Function<Tensor[], Tensor> f = (Function<Tensor[], Tensor>) e.getValue()[0];
                    Tensor[] in = (Tensor[]) e.getValue()[1];
                    for (Tensor t : in) assertEquals(d, t.device(), e.getKey() + ": input device");
                    GradCheck.Result r = GradCheck.check(f, in);
                    assertTrue(r.ok(), e.getKey() + ": " + r.worst());
                })))));
    }

    @OnEachDevice
    void gradCheckDetectsAWrongGradient(Device d) {
        TestDevices.use(d);
        // y = x * stop(x): its autograd gradient is x, the true derivative of x^2 is 2x, so the check must fail
        Tensor x = Tensor.randn(d, RNG, 2, 3).requiresGrad(true);
        GradCheck.Result r = GradCheck.check(a -> a[0].mul(a[0].detach()), x);
        assertFalse(r.ok(), "a deliberately wrong gradient passed: " + r);
    }
}
