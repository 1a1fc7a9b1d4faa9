package org.cryograd.nn;

import static org.cryograd.nn.TorchFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.PadMode;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every layer against PyTorch (float64 references): the PyTorch state dict is loaded strictly (so the state names
 * and shapes must equal PyTorch's), then forward output, input and parameter gradients, and the running statistics
 * after all forward passes are compared. Cases come from {@code src/test/python/make_layer_fixtures.py}.
 */
class TorchLayerTest {
    static final List<Cgfx.Case> CASES = TorchFixtures.load("/fixtures/layers.bin.gz").stream()
            .filter(c -> Character.isUpperCase(c.op().charAt(0))).collect(Collectors.toList());
    static final double RTOL = 1e-5;

    /** The cryograd module for a fixture case (random initial weights: the state dict overwrites them). */
    static Module build(Cgfx.Case c) {
        Rng rng = new Rng(99);
        return switch (c.op()) {
            case "Linear" -> new Linear(rng, c.integer("inF"), c.integer("outF"), c.flag("bias"));
            case "Conv1d" -> new Conv1d(rng, c.integer("cin"), c.integer("cout"), c.ints("k"), c.ints("s"), c.ints("p"), c.integer("g"), c.flag("bias"),
                    c.flag("circ") ? PadMode.CIRCULAR : PadMode.ZERO);
            case "Conv2d" -> new Conv2d(rng, c.integer("cin"), c.integer("cout"), c.ints("k"), c.ints("s"), c.ints("p"), c.integer("g"), c.flag("bias"),
                    c.flag("circ") ? PadMode.CIRCULAR : PadMode.ZERO);
            case "Conv3d" -> new Conv3d(rng, c.integer("cin"), c.integer("cout"), c.ints("k"), c.ints("s"), c.ints("p"), c.integer("g"), c.flag("bias"),
                    c.flag("circ") ? PadMode.CIRCULAR : PadMode.ZERO);
            case "ConvTranspose3d" -> new ConvTranspose3d(rng, c.integer("cin"), c.integer("cout"), c.ints("k"), c.ints("s"), c.ints("p"), c.ints("op"),
                    c.integer("g"), c.flag("bias"));
            case "GroupNorm" -> new GroupNorm(c.integer("groups"), c.integer("ch"), 1e-5f, c.flag("affine"));
            case "InstanceNorm3d" -> new InstanceNorm3d(c.integer("ch"), 1e-5f, 0.1f, c.flag("affine"), c.flag("track"));
            case "BatchNorm" -> new BatchNorm(c.integer("dims"), c.integer("ch"), 1e-5f, (float) c.real("mom") <= 0 ? null : (float) c.real("mom"), c.flag("affine"),
                    c.flag("track"));
            case "ReLU" -> new ReLU();
            case "LeakyReLU" -> new LeakyReLU((float) c.real("slope"));
            case "Tanh" -> new Tanh();
            case "Sigmoid" -> new Sigmoid();
            case "Sine" -> new Sine((float) c.real("w0"));
            case "SeqConvGnLreluConv" -> new Sequential(new Conv3d(rng, 2, 4, 3, 1, 1), new GroupNorm(2, 4), new LeakyReLU(0.2f),
                    new Conv3d(rng, 4, 2, 3, 1, 1));
            case "NestedNet" -> new TestNets.Net(rng);
            default -> throw new IllegalArgumentException("no Java module for fixture op " + c.op());
        };
    }

    static void run(Cgfx.Case c) {
        Module m = build(c);
        try (MemoryScope s = MemoryScope.open()) {
            Map<String, Tensor> sd = new LinkedHashMap<>();
            for (var e : c.withPrefix("sd.").entrySet()) sd.put(e.getKey(), e.getValue().tensor());
            assertEquals(List.copyOf(sd.keySet()), List.copyOf(m.stateDict().keySet()), c.id() + ": state names and order differ from PyTorch's");
            Module.LoadResult r = m.loadStateDict(sd, true);
            assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
            m.train(c.flag("train"));
            for (int i = 0; c.tensors().containsKey("pre" + i); i++) {
                try (Grad g = Grad.disabled()) {
                    m.forward(c.get("pre" + i).tensor());
                }
            }
            Tensor x = c.get("x").tensor().requiresGrad();
            Tensor out = m.forward(x);
            Cgfx.Array want = c.get("out");
            assertArrayEquals(want.shape(), out.dims(), c.id() + ": output shape");
            assertClose(c.id() + " out", want.data(), out.toArray(), RTOL);
            out.backward(c.get("gout").tensor());
            assertClose(c.id() + " grad_x", c.get("grad_x").data(), x.grad().toArray(), RTOL);
            Map<String, Cgfx.Array> wantGrads = c.withPrefix("grad.");
            double gradScale = 0;
            for (Cgfx.Array a : wantGrads.values()) for (float v : a.data()) gradScale = Math.max(gradScale, Math.abs(v));
            assertEquals(wantGrads.keySet(), m.namedParameters().keySet(), c.id() + ": parameter names");
            for (var e : m.namedParameters().entrySet()) {
                Tensor g = e.getValue().grad();
                assertNotNull(g, c.id() + ": no gradient for " + e.getKey());
                assertClose(c.id() + " grad." + e.getKey(), wantGrads.get(e.getKey()).data(), g.toArray(), RTOL, RTOL * gradScale);
            }
            for (var e : c.withPrefix("after.").entrySet())
                assertClose(c.id() + " after." + e.getKey(), e.getValue().data(), m.stateDict().get(e.getKey()).toArray(), RTOL);
        } finally {
            m.zeroGrad();
        }
    }

    @TestFactory
    Stream<DynamicTest> layersMatchPyTorch() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c)));
    }

    @Test
    void everyLayerTypeHasSeveralCases() {
        Map<String, Long> counts = CASES.stream().collect(Collectors.groupingBy(Cgfx.Case::op, Collectors.counting()));
        for (String op : List.of("Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose3d", "GroupNorm", "InstanceNorm3d", "BatchNorm"))
            assertTrue(counts.getOrDefault(op, 0L) >= 3, "fewer than 3 PyTorch cases for " + op + ": " + counts);
        for (String op : List.of("ReLU", "LeakyReLU", "Tanh", "Sigmoid", "Sine", "SeqConvGnLreluConv", "NestedNet"))
            assertTrue(counts.getOrDefault(op, 0L) >= 1, "no PyTorch case for " + op);
        // BatchNorm: training with running statistics after 2 forwards, and evaluation, both covered
        Set<String> bnModes = CASES.stream().filter(c -> c.op().equals("BatchNorm")).map(c -> c.params().get("train") + "/" + c.tensors().containsKey("pre0"))
                .collect(Collectors.toSet());
        assertTrue(bnModes.contains("1/true") && bnModes.contains("0/false"), bnModes.toString());
    }

    @Test
    void torchSequentialStateDictLoadsStrictlyWithItsOwnNames() {
        Cgfx.Case c = CASES.stream().filter(k -> k.op().equals("SeqConvGnLreluConv")).findFirst().orElseThrow();
        List<String> keys = new ArrayList<>(c.withPrefix("sd.").keySet());
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"), keys);
        Cgfx.Case n = CASES.stream().filter(k -> k.op().equals("NestedNet")).findFirst().orElseThrow();
        List<String> nested = new ArrayList<>(n.withPrefix("sd.").keySet());
        assertEquals(List.of("down.0.conv.weight", "down.0.conv.bias", "down.0.norm.weight", "down.0.norm.bias", "down.1.conv.weight",
                "down.1.conv.bias", "down.1.norm.weight", "down.1.norm.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
                "bn.num_batches_tracked", "head.weight", "head.bias"), nested);
        assertEquals(nested, List.copyOf(new TestNets.Net(new Rng(1)).stateDict().keySet()));
    }
}
