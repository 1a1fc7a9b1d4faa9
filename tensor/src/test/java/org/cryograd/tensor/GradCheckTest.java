package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference checks (double-precision accumulation) of what the PyTorch fixture table does not hold: variants
 * without a fixture case and compositions of several ops, on every test device. Every op of the table is checked
 * against finite differences on its fixture inputs by {@link TorchFixtureTest}.
 */
class GradCheckTest {
    private static final Rng RNG = new Rng(7);
    /** The device the inputs of {@link #cases} are made on. */
    private static Device dev = Device.cpu();

    private static Tensor randn(int... shape) {
        return Tensor.randn(dev, RNG, shape).requiresGrad(true);
    }

    private static synchronized Map<String, Object[]> cases(Device d) {
        dev = d;
        Map<String, Object[]> m = new LinkedHashMap<>();
        m.put("avgPool1d/excludePad", c(a -> F.avgPool(1, a[0], new int[] {3}, new int[] {2}, new int[] {1}, false), randn(2, 1, 7)));
        SparseCsr csr = new SparseCsr(3, 4, new int[] {0, 2, 2, 5}, new int[] {0, 3, 1, 2, 3}, new float[] {0.5f, -1f, 2f, 0.3f, 1.5f});
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
