package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every op against PyTorch, from one table ({@link #OPS}) that mirrors the table of
 * {@code src/test/python/make_fixtures.py}: for every fixture case of an op, on every test device
 * ({@link TestDevices}), the forward result and the input gradients against PyTorch (float64 references stored as
 * float32), and the gradients against central finite differences ({@link GradCheck}) on the case's own inputs.
 * Adding an op: one row here, one row in the script's table, then rerun the script.
 */
class TorchFixtureTest {
    static final List<Cgfx.Case> CASES = Cgfx.load(TorchFixtureTest.class, "/fixtures/ops.bin.gz", "tensor/src/test/python/make_fixtures.py");

    /** The inputs of one case by name (fixture order), on the device under test. */
    record Inputs(Map<String, Tensor> byName) {
        Tensor x() {
            return get("x");
        }

        Tensor y() {
            return get("y");
        }

        Tensor get(String name) {
            Tensor t = byName.get(name);
            if (t == null) throw new IllegalArgumentException("fixture case has no input " + name);
            return t;
        }

        /** The inputs {@code x0, x1, ...} in order (cat, stack). */
        Tensor[] parts() {
            List<Tensor> p = new ArrayList<>();
            for (int i = 0; byName.containsKey("x" + i); i++) p.add(byName.get("x" + i));
            return p.toArray(new Tensor[0]);
        }
    }

    /**
     * One row of the table.
     *
     * @param name   the op's name in make_fixtures.py's table
     * @param call   the cryograd call on a case's parameters and inputs
     * @param fdStep the finite-difference step ({@link GradCheck}'s default 1e-2 unless a row needs a finer one)
     */
    record TorchOp(String name, BiFunction<Cgfx.Case, Inputs, Tensor> call, double fdStep) {
        /** This row with finite-difference step {@code step}. */
        TorchOp fdStep(double step) {
            return new TorchOp(name, call, step);
        }
    }

    static TorchOp op(String name, BiFunction<Cgfx.Case, Inputs, Tensor> call) {
        return new TorchOp(name, call, 1e-2);
    }

    /** THE TABLE: one row per op of make_fixtures.py, same names. */
    static final Map<String, TorchOp> OPS = table(
            op("neg", (c, in) -> in.x().neg()),
            op("exp", (c, in) -> in.x().exp()),
            op("log", (c, in) -> in.x().log()),
            op("sqrt", (c, in) -> in.x().sqrt()),
            op("abs", (c, in) -> in.x().abs()),
            op("sin", (c, in) -> in.x().sin()),
            op("cos", (c, in) -> in.x().cos()),
            op("tanh", (c, in) -> in.x().tanh()),
            op("sigmoid", (c, in) -> in.x().sigmoid()),
            op("relu", (c, in) -> in.x().relu()),
            op("square", (c, in) -> in.x().square()),
            op("sine30", (c, in) -> in.x().sine(30f)).fdStep(1e-3), // a 1e-2 step is 0.3 rad at frequency 30
            op("sin_wide", (c, in) -> in.x().sin()),
            op("cos_wide", (c, in) -> in.x().cos()),
            op("leaky_relu", (c, in) -> in.x().leakyRelu((float) c.real("slope"))),
            op("clamp", (c, in) -> in.x().clamp(c.has("min") ? (float) c.real("min") : Float.NEGATIVE_INFINITY,
                    c.has("max") ? (float) c.real("max") : Float.POSITIVE_INFINITY)),
            op("pow_scalar", (c, in) -> in.x().pow((float) c.real("exponent"))),
            op("add", (c, in) -> in.x().add(in.y())),
            op("sub", (c, in) -> in.x().sub(in.y())),
            op("mul", (c, in) -> in.x().mul(in.y())),
            op("div", (c, in) -> in.x().div(in.y())),
            op("pow", (c, in) -> in.x().pow(in.y())),
            op("maximum", (c, in) -> in.x().maximum(in.y())),
            op("minimum", (c, in) -> in.x().minimum(in.y())),
            op("sum", (c, in) -> in.x().sum(dimsOr(c, "dims"), c.flag("keepdim"))),
            op("mean", (c, in) -> in.x().mean(dimsOr(c, "dims"), c.flag("keepdim"))),
            op("max", (c, in) -> in.x().max(dimsOr(c, "dims"), c.flag("keepdim"))),
            op("var", (c, in) -> in.x().var(dimsOr(c, "dims"), c.integer("correction"), c.flag("keepdim"))),
            op("matmul", (c, in) -> in.x().matmul(in.y())),
            op("reshape", (c, in) -> in.x().reshape(c.ints("shape"))),
            op("permute", (c, in) -> in.x().permute(c.ints("dims"))),
            op("transpose", (c, in) -> in.x().transpose(c.integer("dim0"), c.integer("dim1"))),
            op("slice", (c, in) -> in.x().slice(c.integer("dim"), c.integer("start"), c.integer("end"), c.integer("step"))),
            op("pad", (c, in) -> F.pad(in.x(), mode(c), c.ints("pad"))),
            op("cat", (c, in) -> Tensor.cat(c.integer("dim"), in.parts())),
            op("stack", (c, in) -> Tensor.stack(c.integer("dim"), in.parts())),
            op("flip", (c, in) -> in.x().flip(c.ints("dims"))),
            op("roll", (c, in) -> in.x().roll(c.ints("shifts"), c.ints("dims"))),
            op("conv1d", (c, in) -> conv(1, c, in)),
            op("conv2d", (c, in) -> conv(2, c, in)),
            op("conv3d", (c, in) -> conv(3, c, in)),
            op("conv_transpose1d", (c, in) -> convTranspose(1, c, in)),
            op("conv_transpose2d", (c, in) -> convTranspose(2, c, in)),
            op("conv_transpose3d", (c, in) -> convTranspose(3, c, in)),
            op("max_pool1d", (c, in) -> F.maxPool(1, in.x(), c.ints("kernel"), c.ints("stride"), c.ints("padding"))),
            // inputs as close as 0.007 (distinct values of the larger cases): a 1e-2 step would cross ties
            op("max_pool2d", (c, in) -> F.maxPool(2, in.x(), c.ints("kernel"), c.ints("stride"), c.ints("padding"))).fdStep(1e-3),
            op("max_pool3d", (c, in) -> F.maxPool(3, in.x(), c.ints("kernel"), c.ints("stride"), c.ints("padding"))).fdStep(1e-3),
            op("avg_pool1d", (c, in) -> F.avgPool(1, in.x(), c.ints("kernel"), c.ints("stride"), c.ints("padding"), true)),
            op("avg_pool2d", (c, in) -> F.avgPool(2, in.x(), c.ints("kernel"), c.ints("stride"), c.ints("padding"), true)),
            op("avg_pool3d", (c, in) -> F.avgPool(3, in.x(), c.ints("kernel"), c.ints("stride"), c.ints("padding"), true)),
            op("upsample", (c, in) -> c.str("mode").equals("nearest") ? F.upsampleNearest(in.x(), c.ints("size"))
                    : F.upsampleLinear(in.x(), c.flag("align_corners"), c.ints("size"))),
            op("softmax", (c, in) -> F.softmax(in.x(), c.integer("dim"))),
            op("log_softmax", (c, in) -> F.logSoftmax(in.x(), c.integer("dim"))),
            op("gather", (c, in) -> F.gather(in.x(), c.integer("dim"), in.get("index"))),
            op("scatter_add", (c, in) -> F.scatterAdd(in.x(), c.integer("dim"), in.get("index"), in.get("src"))),
            op("spmm", (c, in) -> F.spmm(csr(c, in), in.x())),
            op("spmm_t", (c, in) -> F.spmmT(csr(c, in), in.x())),
            op("standardize", (c, in) -> F.standardize(in.x(), c.integer("from_axis"), (float) c.real("eps"))),
            op("expand", (c, in) -> in.x().expand(c.ints("shape"))),
            op("std", (c, in) -> in.x().std(dimsOr(c, "dims"), c.integer("correction"), c.flag("keepdim"))));

    private static Map<String, TorchOp> table(TorchOp... rows) {
        Map<String, TorchOp> m = new LinkedHashMap<>();
        for (TorchOp r : rows)
            if (m.put(r.name(), r) != null) throw new IllegalStateException("two rows for op " + r.name());
        return m;
    }

    // ------------------------------------------------------------------- helpers of the rows

    static int[] dimsOr(Cgfx.Case c, String key) {
        return c.has(key) ? c.ints(key) : null;
    }

    static PadMode mode(Cgfx.Case c) {
        String m = c.params().getOrDefault("mode", "zeros");
        return switch (m) {
            case "zeros", "constant" -> PadMode.ZERO;
            case "circular" -> PadMode.CIRCULAR;
            default -> throw new IllegalArgumentException(c.id() + ": unknown mode " + m);
        };
    }

    private static Tensor conv(int d, Cgfx.Case c, Inputs in) {
        return ConvOps.conv(d, in.x(), in.get("w"), in.byName().get("b"), c.ints("stride"), c.ints("padding"), c.integer("groups"), mode(c));
    }

    private static Tensor convTranspose(int d, Cgfx.Case c, Inputs in) {
        return ConvOps.convTranspose(d, in.x(), in.get("w"), in.byName().get("b"), c.ints("stride"), c.ints("padding"),
                c.ints("output_padding"), c.integer("groups"));
    }

    static SparseCsr csr(Cgfx.Case c, Inputs in) {
        float[] rp = in.get("rowptr").toArray(), ci = in.get("colidx").toArray();
        int[] rowPtr = new int[rp.length], colIdx = new int[ci.length];
        for (int i = 0; i < rp.length; i++) rowPtr[i] = (int) rp[i];
        for (int i = 0; i < ci.length; i++) colIdx[i] = (int) ci[i];
        return new SparseCsr(c.integer("rows"), c.integer("cols"), rowPtr, colIdx, in.get("values").toArray());
    }

    // ------------------------------------------------------------------- the checks

    /** Relative error at float precision, with an absolute floor scaled to the data's magnitude. */
    static void assertClose(String what, float[] expected, float[] actual, double rtol) {
        assertClose(what, expected, actual, rtol, 0);
    }

    /**
     * As above, with an absolute floor {@code atolFloor}: gradients are compared at float precision relative to the
     * upstream gradient's scale, since a small gradient can be the difference of large terms (e.g. saturated softmax).
     */
    static void assertClose(String what, float[] expected, float[] actual, double rtol, double atolFloor) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + ", expected " + expected.length);
        double scale = 0;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        double atol = Math.max(atolFloor, rtol * Math.max(scale, 1e-3));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) expected[i] - actual[i]);
            if (!(err <= atol + rtol * Math.abs(expected[i])))
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (error " + err + ")");
        }
    }

    private static TorchOp row(Cgfx.Case c) {
        TorchOp op = OPS.get(c.op());
        if (op == null) throw new IllegalArgumentException(c.id() + ": op " + c.op() + " has no row in TorchFixtureTest.OPS");
        return op;
    }

    /** The case's input names in file order (everything but the output and the gradients). */
    private static List<String> inputNames(Cgfx.Case c) {
        return c.tensors().keySet().stream()
                .filter(n -> !n.equals("out") && !n.equals("gout") && !n.startsWith("grad_")).collect(Collectors.toList());
    }

    /** The case's inputs on {@code d}; those with a PyTorch gradient require grad. */
    private static Map<String, Tensor> inputs(Cgfx.Case c, Device d) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (String name : inputNames(c)) {
            Tensor t = c.get(name).tensor(d);
            if (c.tensors().containsKey("grad_" + name)) t.requiresGrad(true);
            in.put(name, t);
        }
        return in;
    }

    static void run(Cgfx.Case c, Device d) {
        TorchOp op = row(c);
        try (MemoryScope s = MemoryScope.open()) {
            Map<String, Tensor> in = inputs(c, d);
            Tensor out = op.call().apply(c, new Inputs(in));
            assertEquals(d, out.device(), c.id() + ": output device");
            Cgfx.Array want = c.get("out");
            assertArrayEquals(want.shape(), out.dims(), c.id() + ": output shape");
            double rtol = 2e-5;
            assertClose(c.id() + " out", want.data(), out.toArray(), rtol);
            float[] gout = c.get("gout").data();
            double goutScale = 0;
            for (float v : gout) goutScale = Math.max(goutScale, Math.abs(v));
            out.backward(c.get("gout").tensor(d));
            for (var e : in.entrySet()) {
                Cgfx.Array g = c.tensors().get("grad_" + e.getKey());
                if (g == null) continue;
                Tensor got = e.getValue().grad();
                assertNotNull(got, c.id() + ": no gradient for " + e.getKey());
                assertArrayEquals(g.shape(), got.dims(), c.id() + ": gradient shape of " + e.getKey());
                assertClose(c.id() + " grad_" + e.getKey(), g.data(), got.toArray(), rtol, 1e-6 * goutScale);
            }
        }
    }

    /** Finite differences of the op at the case's inputs, for the inputs PyTorch differentiates. */
    static void runFiniteDifferences(Cgfx.Case c, Device d) {
        TorchOp op = row(c);
        try (MemoryScope s = MemoryScope.open()) {
            List<String> names = inputNames(c);
            Map<String, Tensor> in = inputs(c, d);
            Tensor[] args = names.stream().map(in::get).toArray(Tensor[]::new);
            GradCheck.Result r = GradCheck.check(a -> {
                Map<String, Tensor> m = new LinkedHashMap<>();
                for (int i = 0; i < a.length; i++) m.put(names.get(i), a[i]);
                return op.call().apply(c, new Inputs(m));
            }, op.fdStep(), 2e-3, 1e-2, args);
            assertTrue(r.ok(), c.id() + ": " + r.worst());
        }
    }

    @TestFactory
    @Tag("cuda") // one container per test device: kernels' GpuTestMain runs it on the GPU machine
    Stream<DynamicNode> matchesPyTorch() {
        return TestDevices.all().stream().map(d -> DynamicContainer.dynamicContainer(d.toString(),
                TestDevices.orSkip(d, () -> CASES.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c, d))))));
    }

    @TestFactory
    @Tag("cuda")
    Stream<DynamicNode> matchesFiniteDifferences() {
        return TestDevices.all().stream().map(d -> DynamicContainer.dynamicContainer(d.toString(),
                TestDevices.orSkip(d, () -> CASES.stream().filter(c -> c.tensors().keySet().stream().anyMatch(n -> n.startsWith("grad_")))
                        .map(c -> DynamicTest.dynamicTest(c.toString(), () -> runFiniteDifferences(c, d))))));
    }

    @Test
    void tableAndFixturesNameTheSameOps() {
        Set<String> fixtureOps = CASES.stream().map(Cgfx.Case::op).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(OPS.keySet()), fixtureOps, "ops in TorchFixtureTest.OPS vs ops in ops.bin.gz (rerun make_fixtures.py?)");
        for (String op : OPS.keySet())
            assertTrue(CASES.stream().filter(c -> c.op().equals(op)).count() >= 3, "fewer than 3 PyTorch cases for " + op);
    }
}
